import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { DataInputBuffer } from '../../common/io/data-input';
import { IntWritable, Text } from '../../common/io/writables';
import { TaskCounter } from '../../mapreduce/api/counters';
import { HashPartitioner } from '../../mapreduce/lib/partition/hash-partitioner';
import type { ReduceContext } from '../../mapreduce/api/context';
import { Reducer } from '../../mapreduce/api/reducer';
import { IntSumReducer } from '../../mapreduce/lib/reduce/int-sum-reducer';

/** A summing combiner without foldValues: the cache must buffer values and run it. */
class ListSumReducer extends Reducer<Text, IntWritable, Text, IntWritable> {
  override async reduce(key: Text, values: AsyncIterable<IntWritable>, ctx: ReduceContext<Text, IntWritable>): Promise<void> {
    let sum = 0;
    for await (const v of values) sum += v.get();
    await ctx.write(key, new IntWritable(sum));
  }
}
import { IFileReader } from '../../mapreduce/task/ifile';
import { MapOutputCollector } from '../../mapreduce/task/map-output-collector';
import { readSpillIndex } from '../../mapreduce/task/spill-index';
import { TaskAttemptContextImpl } from '../../mapreduce/task/task-context';
import { rmrf, tempDir } from '../helpers';

/** Deterministic words with a skewed distribution, including multi-byte ones. */
function words(n: number, seed = 7): string[] {
  let s = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const r = s % 1000;
    out.push(r < 500 ? `w${r % 17}` : r < 900 ? `word${r}` : `é${r % 31}中`);
  }
  return out;
}

async function collect(
  input: string[],
  opts: { sortMb: number; reduces: number; combiner: boolean | 'list'; cacheMb?: number; factor?: number },
  dir: string,
) {
  const conf = new Configuration({ loadSiteFiles: false });
  conf.set('io.sort.mb', opts.sortMb).set('io.sort.factor', opts.factor ?? 10);
  conf.set('mapreduce.map.combine.cache.mb', opts.cacheMb ?? 16);
  const context = new TaskAttemptContextImpl(conf, 'attempt_local_0001_m_000000_0');
  const collector = new MapOutputCollector<Text, IntWritable>({
    context,
    numReduces: opts.reduces,
    outputDir: dir,
    partitioner: new HashPartitioner<Text, IntWritable>(),
    newKey: () => new Text(),
    newValue: () => new IntWritable(),
    newCombiner: opts.combiner === 'list' ? () => new ListSumReducer() : opts.combiner ? () => new IntSumReducer<Text>() : null,
    sortComparator: null,
  });
  const k = new Text();
  const v = new IntWritable(1);
  for (const w of input) {
    collector.collect(k.set(w), v);
    if (collector.needsCheckpoint) await collector.checkpoint();
  }
  const out = await collector.close();
  // read back every partition: (partition, key, value) in file order
  const index = readSpillIndex(out.index);
  const records: Array<[number, string, number]> = [];
  const input2 = new DataInputBuffer();
  index.forEach((rec, p) => {
    const r = new IFileReader({ kind: 'file', path: out.file, start: rec.startOffset, length: rec.partLength });
    while (r.next()) {
      const key = new Text();
      key.readFields(input2.reset(r.key, r.keyStart, r.keyStart + r.keyLength));
      const val = new IntWritable();
      val.readFields(input2.reset(r.val, r.valStart, r.valStart + r.valLength));
      records.push([p, key.toString(), val.get()]);
    }
  });
  return { records, counters: context.counters, files: fs.readdirSync(dir).sort() };
}

function expectedSums(input: string[], reduces: number): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  const part = new HashPartitioner<Text>();
  for (const w of input) {
    const e = m.get(w);
    if (e) e[1]++;
    else m.set(w, [part.getPartition(new Text(w), null, reduces), 1]);
  }
  return m;
}

describe('MapOutputCollector', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('mapout-');
  });
  afterEach(() => rmrf(dir));

  it('spills and merges with a tiny io.sort.mb into the same sorted output as one in-memory sort', async () => {
    const input = words(120000);
    const small = await collect(input, { sortMb: 1, reduces: 3, combiner: false, factor: 3 }, path.join(dir, 'a'));
    const big = await collect(input, { sortMb: 64, reduces: 3, combiner: false }, path.join(dir, 'b'));
    expect(small.records.length).to.equal(input.length);
    expect(small.records).to.deep.equal(big.records);
    // sorted by (partition, key bytes) and each key in the partition HashPartitioner picks
    const exp = expectedSums(input, 3);
    for (let i = 0; i < small.records.length; i++) {
      const [p, key] = small.records[i];
      expect(p).to.equal(exp.get(key)![0]);
      if (i > 0 && small.records[i - 1][0] === p) {
        expect(Buffer.compare(Buffer.from(small.records[i - 1][1]), Buffer.from(key))).to.be.at.most(0);
      }
    }
    expect(small.counters.value(TaskCounter.group, TaskCounter.SPILLED_RECORDS)).to.be.greaterThan(input.length);
    expect(big.counters.value(TaskCounter.group, TaskCounter.SPILLED_RECORDS)).to.equal(input.length);
    expect(small.files).to.deep.equal(['file.out', 'file.out.index']);
  });

  it('gives the same sums with the combiner on and off, with and without the in-memory cache', async () => {
    const input = words(60000, 11);
    const exp = expectedSums(input, 2);
    const sum = (records: Array<[number, string, number]>) => {
      const m = new Map<string, [number, number]>();
      for (const [p, k, v] of records) {
        const e = m.get(k);
        if (e) e[1] += v;
        else m.set(k, [p, v]);
      }
      return m;
    };
    const off = await collect(input, { sortMb: 1, reduces: 2, combiner: false }, path.join(dir, 'off'));
    const cached = await collect(input, { sortMb: 1, reduces: 2, combiner: true }, path.join(dir, 'cached'));
    const spillOnly = await collect(input, { sortMb: 1, reduces: 2, combiner: true, cacheMb: 0 }, path.join(dir, 'spill'));
    const listed = await collect(input, { sortMb: 1, reduces: 2, combiner: 'list' }, path.join(dir, 'list'));
    expect(sum(listed.records)).to.deep.equal(exp);
    expect(listed.records.length).to.equal(exp.size);
    expect(sum(off.records)).to.deep.equal(exp);
    expect(sum(cached.records)).to.deep.equal(exp);
    expect(sum(spillOnly.records)).to.deep.equal(exp);
    // the combiner really ran: one record per distinct key
    expect(cached.records.length).to.equal(exp.size);
    expect(cached.counters.value(TaskCounter.group, TaskCounter.COMBINE_INPUT_RECORDS)).to.be.at.least(input.length - exp.size);
    expect(cached.counters.value(TaskCounter.group, TaskCounter.MAP_OUTPUT_RECORDS)).to.equal(input.length);
  });

  it('detects a corrupted map output segment', async () => {
    const out = await collect(words(1000), { sortMb: 4, reduces: 1, combiner: false }, dir);
    void out;
    const file = path.join(dir, 'file.out');
    const bytes = fs.readFileSync(file);
    bytes[10] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const [rec] = readSpillIndex(path.join(dir, 'file.out.index'));
    const r = new IFileReader({ kind: 'file', path: file, start: rec.startOffset, length: rec.partLength });
    expect(() => {
      while (r.next());
    }).to.throw(/Corrupt map output/);
  });
});
