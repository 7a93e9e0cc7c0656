import * as fs from 'node:fs';
import * as path from 'node:path';
import { HadoopError } from '../../common/errors';
import { DataInputBuffer } from '../../common/io/data-input';
import { DataOutputBuffer, FixedOutputBuffer, OUTPUT_FULL } from '../../common/io/data-output';
import type { Writable } from '../../common/io/writable';
import type { TaskInputOutputContext } from '../api/context';
import { TaskCounter } from '../api/counters';
import type { Partitioner, RawComparator } from '../api/partitioner';
import type { Reducer } from '../api/reducer';
import { CombineCache, framedValues } from './combine-cache';
import { FdSink, IFileWriter, RawKeyValueIterator, Segment, RawRecordCursor } from './ifile';
import { mergeInPasses } from './merger';
import { BYTE_ORDER } from './raw-compare';
import { runReducer } from './reduce-driver';
import { SortBuffer } from './sort-buffer';
import { IndexRecord, writeSpillIndex } from './spill-index';
import type { TaskAttemptContextImpl } from './task-context';
import { copyBytes } from '../../common/io/bytes';

export interface CollectorOptions<K extends Writable, V extends Writable> {
  context: TaskAttemptContextImpl;
  numReduces: number;
  /** Local directory for spills and the final file.out / file.out.index. */
  outputDir: string;
  partitioner: Partitioner<K, V>;
  newKey: () => K;
  newValue: () => V;
  newCombiner: (() => Reducer<K, V, K, V>) | null;
  /** null: unsigned byte order, with the fast prefix sort. */
  sortComparator: RawComparator | null;
}

export interface MapOutputFile {
  file: string;
  index: string;
  partitions: IndexRecord[];
}

/**
 * The map side of the shuffle: partition, buffer within io.sort.mb, sort by (partition, key),
 * spill with the combiner, and merge the spills into one file with a partition index.
 */
export class MapOutputCollector<K extends Writable, V extends Writable> {
  private readonly buffer: SortBuffer;
  private readonly cache: CombineCache<K, V> | null;
  private readonly scratch = new DataOutputBuffer(256);
  private readonly direct = new FixedOutputBuffer();
  private readonly softLimit: number;
  private readonly hardLimit: number;
  private readonly spills: MapOutputFile[] = [];
  private readonly cmp: RawComparator;
  private readonly conf;
  private outputRecords = 0;
  /**
   * Cache flushes into the sort buffer since its last spill. One flush holds each key once,
   * already combined: running the combiner again at the spill would only count records twice.
   */
  private flushesSinceSpill = 0;
  private outputBytes = 0;

  constructor(private readonly o: CollectorOptions<K, V>) {
    this.conf = o.context.getConfiguration();
    const sortBytes = this.conf.getInt('io.sort.mb') * 1024 * 1024;
    if (sortBytes <= 0) throw new HadoopError('CONF_BAD_VALUE', `Invalid value for io.sort.mb: must be positive`);
    const spillPercent = this.conf.getFloat('io.sort.spill.percent');
    if (!(spillPercent > 0 && spillPercent <= 1)) {
      throw new HadoopError('CONF_BAD_VALUE', `Invalid value for io.sort.spill.percent: ${spillPercent} is not in (0, 1]`);
    }
    const cacheBytes = o.newCombiner ? Math.min(this.conf.getInt('mapreduce.map.combine.cache.mb') * 1024 * 1024, sortBytes / 4) : 0;
    const folder = o.newCombiner?.();
    const fold = folder?.foldValues ? (acc: V, v: V) => folder.foldValues!(acc, v) : null;
    this.cache = cacheBytes > 0 ? new CombineCache<K, V>(cacheBytes, fold, o.newValue) : null;
    const bufferBytes = sortBytes - cacheBytes;
    // the data region gets what the per-record accounting (16 bytes each) is expected to leave
    this.buffer = new SortBuffer(Math.max(1024, Math.floor(bufferBytes * (1 - this.conf.getFloat('io.sort.record.percent')))));
    this.hardLimit = bufferBytes;
    this.softLimit = bufferBytes * spillPercent;
    this.cmp = o.sortComparator ?? BYTE_ORDER;
    fs.mkdirSync(o.outputDir, { recursive: true });
  }

  /** True when the task loop should await checkpoint() before the next map call. */
  get needsCheckpoint(): boolean {
    return this.buffer.usedBytes() >= this.softLimit || (this.cache !== null && this.cache.full);
  }

  collect(key: K, value: V): void {
    this.outputRecords++;
    if (this.cache) {
      this.outputBytes += this.cache.add(key, value);
      return;
    }
    const b = this.buffer;
    if (b.count > 0 && b.usedBytes() + 16 > this.hardLimit) void this.spill(false);
    // serialize straight into the sort buffer; a record that does not fit takes the slow path
    const o = this.direct;
    o.data = b.data;
    o.length = b.length;
    const ks = b.length;
    try {
      key.write(o);
      const vs = o.length;
      value.write(o);
      const partition = this.partitionOf(key, value);
      b.length = o.length;
      b.addRecord(partition, ks, vs, o.length);
      this.outputBytes += o.length - ks;
      return;
    } catch (e) {
      if (e !== OUTPUT_FULL) throw e;
    }
    const s = this.scratch;
    s.reset();
    key.write(s);
    const kl = s.length;
    value.write(s);
    this.outputBytes += s.length;
    this.collectRaw(this.partitionOf(key, value), s.data, 0, kl, s.length);
  }

  private partitionOf(key: K, value: V): number {
    const p = this.o.numReduces === 1 ? 0 : this.o.partitioner.getPartition(key, value, this.o.numReduces);
    if (!(p >= 0 && p < this.o.numReduces && Number.isInteger(p))) {
      throw new HadoopError('MR_ILLEGAL_PARTITION', `Illegal partition for ${key} (${p})`);
    }
    return p;
  }

  /** key = data[0, keyLen), value = data[keyLen, end). */
  private collectRaw(partition: number, data: Buffer, start: number, keyLen: number, end: number): void {
    const b = this.buffer;
    const len = end - start;
    if (b.count > 0 && (b.length + len > b.data.length || b.usedBytes() + len + 16 > this.hardLimit)) {
      // one map() call emitted past the buffer: spill now, synchronously (no combiner, which
      // may run zero times), so memory stays within io.sort.mb
      void this.spill(false);
    }
    b.ensure(len);
    copyBytes(data, start, end, b.data, b.length);
    const ks = b.length;
    b.length += len;
    b.addRecord(partition, ks, ks + keyLen, ks + len);
  }

  async checkpoint(): Promise<void> {
    if (this.cache?.full) {
      await this.combineCache();
      if (this.cache.bytes > this.cache.budget / 2) this.flushCache();
    }
    if (this.buffer.usedBytes() >= this.softLimit) await this.spill(true);
  }

  /**
   * Runs the combiner, once (setup, a reduce per key, cleanup), over every cached key that has a
   * list of several values; its output for a cached key replaces that key's values, anything
   * else goes to the sort buffer.
   */
  private async combineCache(): Promise<void> {
    const cache = this.cache!;
    const ids = [...cache.entryIds()].filter((id) => {
      const e = cache.get(id)!;
      return e.count > 1 && e.folded === null;
    });
    if (ids.length === 0) return;
    const outputs = new Map<string, { values: DataOutputBuffer; count: number }>(ids.map((id) => [id, { values: new DataOutputBuffer(64), count: 0 }]));
    const input = new DataInputBuffer();
    await this.runCombiner(this.o.newCombiner!(), new EntriesIterator(ids.map((id) => cache.get(id)!)), (d, ks, kl, vs, vl) => {
      const out = outputs.get(cache.idOf(d, ks, kl));
      if (out) {
        out.values.writeInt(vl);
        out.values.writeBytes(d, vs, vs + vl);
        out.count++;
      } else {
        const k = this.o.newKey();
        k.readFields(input.reset(d, ks, ks + kl));
        const v = this.o.newValue();
        v.readFields(input.reset(d, vs, vs + vl));
        this.collectRaw(this.partitionOf(k, v), d, ks, kl, vs + vl);
      }
    });
    for (const [id, out] of outputs) cache.replace(id, out.values, out.count);
  }

  /** Moves every cached record into the sort buffer. */
  private flushCache(): void {
    const cache = this.cache!;
    this.flushesSinceSpill++;
    const input = new DataInputBuffer();
    const s = this.scratch;
    for (const [keyBytes, values] of cache.drain()) {
      const k = this.o.newKey();
      k.readFields(input.reset(keyBytes, 0, keyBytes.length));
      for (const [d, vs, vl] of framedValues(values)) {
        const v = this.o.newValue();
        v.readFields(input.reset(d, vs, vs + vl));
        s.reset();
        s.writeBytes(keyBytes);
        s.writeBytes(d, vs, vs + vl);
        this.collectRaw(this.partitionOf(k, v), s.data, 0, keyBytes.length, s.length);
      }
    }
    const ctx = this.o.context;
    ctx.getCounter(TaskCounter.group, TaskCounter.COMBINE_INPUT_RECORDS).increment(cache.combineInput);
    ctx.getCounter(TaskCounter.group, TaskCounter.COMBINE_OUTPUT_RECORDS).increment(cache.combineOutput);
    cache.combineInput = 0;
    cache.combineOutput = 0;
    cache.clear();
  }

  private async runCombiner(
    combiner: Reducer<K, V, K, V>,
    input: RawKeyValueIterator,
    emit: (data: Buffer, ks: number, kl: number, vs: number, vl: number) => void,
  ): Promise<void> {
    const ctx = this.o.context;
    const out = new DataOutputBuffer(256);
    let outRecords = 0;
    const combineContext: TaskInputOutputContext<K, V> = Object.assign(Object.create(ctx) as TaskInputOutputContext<K, V>, {
      write: (k: K, v: V): void => {
        out.reset();
        k.write(out);
        const kl = out.length;
        v.write(out);
        outRecords++;
        emit(out.data, 0, kl, kl, out.length - kl);
      },
    });
    const counts = { groups: 0, records: 0 };
    // like Hadoop's Reducer.run: setup, a reduce per group, cleanup, for each combine pass
    await combiner.setup(combineContext);
    await runReducer(
      combiner as Reducer<K, V, unknown, unknown>,
      input,
      this.cmp,
      this.o.newKey,
      this.o.newValue,
      combineContext as TaskInputOutputContext<unknown, unknown>,
      counts,
    );
    await combiner.cleanup(combineContext);
    ctx.getCounter(TaskCounter.group, TaskCounter.COMBINE_INPUT_RECORDS).increment(counts.records);
    ctx.getCounter(TaskCounter.group, TaskCounter.COMBINE_OUTPUT_RECORDS).increment(outRecords);
  }

  /**
   * Sorts the buffer and writes it as spill<N>.out plus its index. Without the combiner it
   * never awaits, so collect() can run it synchronously.
   */
  private async spill(useCombiner: boolean): Promise<void> {
    const b = this.buffer;
    const combine = useCombiner && !(this.cache !== null && this.flushesSinceSpill <= 1);
    this.flushesSinceSpill = 0;
    const sorted = b.sort(this.o.sortComparator);
    // where each partition's run starts in the sorted order
    const bounds = new Array<number>(this.o.numReduces + 1).fill(b.count);
    for (let i = b.count - 1; i >= 0; i--) bounds[b.meta[sorted[i] * 4]] = i;
    for (let p = this.o.numReduces - 1; p >= 0; p--) bounds[p] = Math.min(bounds[p], bounds[p + 1]);
    const file = path.join(this.o.outputDir, `spill${this.spills.length}.out`);
    const out = await this.writePartitions(file, file + '.index', (p) => b.iterator(sorted, bounds[p], bounds[p + 1]), combine);
    this.spills.push(out);
    b.reset();
  }

  /**
   * Writes one IFile segment per partition into `file`, then its index. Runs the combiner
   * over each partition when `combine`; otherwise it never awaits.
   */
  private async writePartitions(
    file: string,
    index: string,
    open: (partition: number) => RawKeyValueIterator,
    combine: boolean,
  ): Promise<MapOutputFile> {
    const fd = fs.openSync(file, 'w');
    const partitions: IndexRecord[] = [];
    let offset = 0;
    let written = 0;
    try {
      const sink = new FdSink(fd);
      for (let p = 0; p < this.o.numReduces; p++) {
        const it = open(p);
        const writer = new IFileWriter(sink);
        try {
          if (combine && this.o.newCombiner) {
            await this.runCombiner(this.o.newCombiner(), it, (d, ks, kl, vs, vl) => writer.append(d, ks, kl, d, vs, vl));
          } else {
            while (it.next()) writer.append(it.key, it.keyStart, it.keyLength, it.val, it.valStart, it.valLength);
          }
        } finally {
          it.close();
        }
        written += writer.records;
        const { rawLength, partLength } = writer.close();
        partitions.push({ startOffset: offset, rawLength, partLength });
        offset += partLength;
      }
    } finally {
      fs.closeSync(fd);
    }
    writeSpillIndex(index, partitions);
    this.o.context.getCounter(TaskCounter.group, TaskCounter.SPILLED_RECORDS).increment(written);
    return { file, index, partitions };
  }

  /** Flushes everything and leaves one file.out with its index; returns where they are. */
  async close(): Promise<MapOutputFile> {
    const ctx = this.o.context;
    ctx.getCounter(TaskCounter.group, TaskCounter.MAP_OUTPUT_RECORDS).increment(this.outputRecords);
    ctx.getCounter(TaskCounter.group, TaskCounter.MAP_OUTPUT_BYTES).increment(this.outputBytes);
    if (this.cache && this.cache.size > 0) {
      await this.combineCache();
      this.flushCache();
    }
    if (this.buffer.count > 0 || this.spills.length === 0) await this.spill(true);
    const file = path.join(this.o.outputDir, 'file.out');
    const index = file + '.index';
    let result: MapOutputFile;
    if (this.spills.length === 1) {
      const only = this.spills[0];
      fs.renameSync(only.file, file);
      fs.renameSync(only.index, index);
      result = { file, index, partitions: only.partitions };
    } else {
      result = await this.mergeSpills(file, index);
    }
    const size = result.partitions.reduce((a, r) => a + r.partLength, 0);
    ctx.getCounter(TaskCounter.group, TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).increment(size);
    ctx.getCounter('FileSystemCounters', 'FILE_BYTES_WRITTEN').increment(size);
    return result;
  }

  private async mergeSpills(file: string, index: string): Promise<MapOutputFile> {
    const conf = this.conf;
    const factor = conf.getInt('io.sort.factor');
    const combineAtMerge = this.o.newCombiner !== null && this.spills.length >= conf.getInt('min.num.spills.for.combine');
    const bufferSize = conf.getInt('io.file.buffer.size');
    const open = (p: number): RawKeyValueIterator => {
      const segments: Segment[] = this.spills.map((s) => ({
        kind: 'file',
        path: s.file,
        start: s.partitions[p].startOffset,
        length: s.partitions[p].partLength,
      }));
      const { iterator, tempFiles } = mergeInPasses(segments, this.cmp, factor, this.o.outputDir, bufferSize, `p${p}`);
      const close = iterator.close.bind(iterator);
      iterator.close = () => {
        close();
        for (const t of tempFiles) fs.rmSync(t, { force: true });
      };
      return iterator;
    };
    const result = await this.writePartitions(file, index, open, combineAtMerge);
    for (const s of this.spills) {
      fs.rmSync(s.file, { force: true });
      fs.rmSync(s.index, { force: true });
    }
    return result;
  }
}

/** Cache entries' values as one raw stream: each entry's values under its key, entry after entry. */
class EntriesIterator extends RawRecordCursor {
  private entry = -1;
  private pos = 0;
  private end = 0;

  constructor(private readonly entries: Array<{ keyBytes: Buffer; values: DataOutputBuffer }>) {
    super();
  }

  override next(): boolean {
    while (this.pos >= this.end) {
      if (++this.entry >= this.entries.length) return false;
      const e = this.entries[this.entry];
      this.key = e.keyBytes;
      this.keyLength = e.keyBytes.length;
      this.val = e.values.data;
      this.pos = 0;
      this.end = e.values.length;
    }
    const len = this.val.readInt32BE(this.pos);
    this.valStart = this.pos + 4;
    this.valLength = len;
    this.pos += 4 + len;
    return true;
  }

  override close(): void {}
}
