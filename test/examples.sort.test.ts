import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { FileSystem } from '../common/fs';
import { SequenceFileReader, SequenceFileWriter } from '../common/io/sequence-file';
import { IntWritable, Text } from '../common/io/writables';
import { rmrf, runHadoop, tempDir } from './helpers';

/** A small deterministic generator, so a failure can be reproduced. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

async function writeSeq(file: string, records: Array<[number, string]>): Promise<void> {
  const conf = new Configuration();
  const w = await SequenceFileWriter.create(FileSystem.get(conf, file), file, { keyClass: IntWritable, valueClass: Text, conf });
  for (const [k, v] of records) {
    const r = w.append(new IntWritable(k), new Text(v));
    if (r) await r;
  }
  await w.close();
}

async function readSeq(file: string): Promise<{ keyClass: string; records: Array<[number, string]> }> {
  const conf = new Configuration();
  const r = await SequenceFileReader.open<IntWritable, Text>(FileSystem.get(conf, file), file, conf);
  const records: Array<[number, string]> = [];
  try {
    while (await r.next()) records.push([r.getCurrentKey().get(), r.getCurrentValue().toString()]);
    return { keyClass: r.header.keyClassName, records };
  } finally {
    await r.close();
  }
}

function partFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('part-'))
    .sort()
    .map((f) => path.join(dir, f));
}

describe('examples: sort', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-sort-');
  });
  after(() => rmrf(dir));

  it('sorts SequenceFile records by IntWritable key into a SequenceFile of the same classes', async () => {
    const input = path.join(dir, 'seq-in');
    fs.mkdirSync(input);
    const next = lcg(7);
    const seen = new Set<number>();
    const all: Array<[number, string]> = [];
    for (let f = 0; f < 3; f++) {
      const records: Array<[number, string]> = [];
      while (records.length < 1500) {
        const k = (next() | 0) >> (next() % 24);
        if (seen.has(k)) continue;
        seen.add(k);
        records.push([k, `value-${f}-${records.length}`]);
      }
      all.push(...records);
      await writeSeq(path.join(input, `part-${f}`), records);
    }
    const out = path.join(dir, 'seq-out');
    const r = await runHadoop(['jar', 'examples', 'sort', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`Running on 1 nodes to sort from ${input} into ${out} with 1 reduces.`);
    const parts = partFiles(out);
    expect(parts.map((p) => path.basename(p))).to.deep.equal(['part-r-00000']);
    const got = await readSeq(parts[0]);
    expect(got.keyClass).to.equal('org.apache.hadoop.io.IntWritable');
    expect(got.records).to.deep.equal([...all].sort((a, b) => a[0] - b[0]));
  });

  it('with -r 3 samples the input and range-partitions it: the part files read in order are one total order', async () => {
    const input = path.join(dir, 'r3-in');
    fs.mkdirSync(input);
    const next = lcg(11);
    const records: Array<[number, string]> = Array.from({ length: 2000 }, (_, i) => [(next() % 100000) - 50000, `v${i}`]);
    await writeSeq(path.join(input, 'data'), records);
    const out = path.join(dir, 'r3-out');
    const r = await runHadoop(['jar', 'examples', 'sort', '-r', '3', '-outFormat', 'seq', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('with 3 reduces.');
    const parts = partFiles(out);
    expect(parts.map((p) => path.basename(p))).to.deep.equal(['part-r-00000', 'part-r-00001', 'part-r-00002']);
    const got: Array<[number, string]> = [];
    for (const p of parts) {
      const records = (await readSeq(p)).records;
      // sampled split points spread 2,000 uniform keys over every reduce
      expect(records.length).to.be.greaterThan(200);
      got.push(...records);
    }
    const keys = got.map((g) => g[0]);
    expect(keys).to.deep.equal(records.map((x) => x[0]).sort((a, b) => a - b));
    const byRecord = (a: [number, string], b: [number, string]) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
    expect([...got].sort(byRecord)).to.deep.equal([...records].sort(byRecord));
    // the split points beside the output are gone
    expect(fs.readdirSync(dir).filter((f) => f.includes('_partition'))).to.deep.equal([]);
  });

  it('sorts key<TAB>value text lines by the UTF-8 bytes of the key with -inFormat text -outFormat text -r 2', async () => {
    const input = path.join(dir, 'text-in');
    fs.mkdirSync(input);
    const next = lcg(3);
    const alphabet = ['a', 'b', 'z', 'A', 'Z', '0', '9', 'é', 'ß', '日', '-', ' '];
    const lines: string[] = [];
    for (let i = 0; i < 800; i++) {
      let key = '';
      const n = 1 + (next() % 5);
      for (let j = 0; j < n; j++) key += alphabet[next() % alphabet.length];
      lines.push(`${key}\tline ${i}`);
    }
    fs.writeFileSync(path.join(input, 'a.txt'), lines.slice(0, 400).join('\n') + '\n');
    fs.writeFileSync(path.join(input, 'b.txt'), lines.slice(400).join('\n') + '\n');
    const out = path.join(dir, 'text-out');
    const r = await runHadoop(['jar', 'examples', 'sort', '-r', '2', '-inFormat', 'text', '-outFormat', 'text', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    const got = partFiles(out)
      .map((p) => fs.readFileSync(p, 'utf8'))
      .join('')
      .split('\n');
    expect(got.pop()).to.equal('');
    const keyOf = (l: string) => Buffer.from(l.slice(0, l.indexOf('\t')), 'utf8');
    // keys in byte order exactly; lines with equal keys may come in any order
    expect(got.map((l) => keyOf(l).toString())).to.deep.equal(
      lines
        .map(keyOf)
        .sort(Buffer.compare)
        .map((b) => b.toString()),
    );
    expect([...got].sort()).to.deep.equal([...lines].sort());
  });

  it('prints its usage and exits 2 on bad arguments', async () => {
    for (const args of [[], ['only-one'], ['-inFormat', 'xml', 'a', 'b'], ['-r', 'x', 'a', 'b'], ['-totalOrder', '2', '10', '1', 'a', 'b']]) {
      const r = await runHadoop(['jar', 'examples', 'sort', ...args]);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr).to.include(
        'Usage: sort [-r <reduces>] [-inFormat text|seq] [-outFormat text|seq] [-totalOrder <pcnt> <num samples> <max splits>] <input> <output>',
      );
    }
  });
});
