import * as zlib from 'node:zlib';
import type { Configuration } from '../../common/conf/configuration';
import { BytesWritable, LongWritable, NullWritable } from '../../common/io/writables';
import type { JobContext, MapContext } from '../../mapreduce/api/context';
import { InputFormat, InputSplit, RecordReader } from '../../mapreduce/api/input-format';
import { Job } from '../../mapreduce/api/job';
import { Mapper } from '../../mapreduce/api/mapper';
import { FileOutputFormat } from '../../mapreduce/lib/output/file-output-format';
import { TeraOutputFormat } from './tera-output-format';
import { addChecksum, generateRecord, KEY_LENGTH, RECORD_LENGTH } from './tera-record';

export const description = 'Generate data for the terasort';
const NUM_ROWS = 'terasort.num-rows';
export const CHECKSUM_GROUP = 'TeraGen';

/** A range of row numbers for one map. */
class RangeSplit implements InputSplit {
  constructor(
    readonly firstRow: number,
    readonly rowCount: number,
  ) {}
  getLength(): number {
    return this.rowCount * RECORD_LENGTH;
  }
  getLocations(): string[] {
    return [];
  }
  toJSON(): object {
    return { firstRow: this.firstRow, rowCount: this.rowCount };
  }
}

class RangeReader extends RecordReader<LongWritable, NullWritable> {
  private split: RangeSplit | null = null;
  private done = false;
  private readonly key = new LongWritable();
  async initialize(split: InputSplit): Promise<void> {
    this.split = split as RangeSplit;
    this.key.set(this.split.firstRow);
  }
  async nextKeyValue(): Promise<boolean> {
    if (this.done) return false;
    this.done = true;
    return true;
  }
  getCurrentKey(): LongWritable {
    return this.key;
  }
  getCurrentValue(): NullWritable {
    return NullWritable.get();
  }
  getProgress(): number {
    return this.done ? 1 : 0;
  }
  async close(): Promise<void> {}
}

/** terasort.num-rows split evenly over mapred.map.tasks maps, each one record: its first row. */
export class RangeInputFormat extends InputFormat<LongWritable, NullWritable> {
  async getSplits(job: JobContext): Promise<InputSplit[]> {
    const conf = job.getConfiguration();
    const rows = conf.getLong(NUM_ROWS);
    const maps = Math.max(1, Math.min(conf.getInt('mapred.map.tasks'), rows || 1));
    const splits: InputSplit[] = [];
    let first = 0;
    for (let i = 0; i < maps; i++) {
      const end = Math.floor((rows * (i + 1)) / maps);
      splits.push(new RangeSplit(first, end - first));
      first = end;
    }
    return splits;
  }
  createRecordReader(): RecordReader<LongWritable, NullWritable> {
    return new RangeReader();
  }
  splitFromJSON(json: object): InputSplit {
    const j = json as { firstRow: number; rowCount: number };
    return new RangeSplit(j.firstRow, j.rowCount);
  }
}

export class SortGenMapper extends Mapper<LongWritable, NullWritable, BytesWritable, BytesWritable> {
  override async map(first: LongWritable, _v: NullWritable, context: MapContext<BytesWritable, BytesWritable>): Promise<void> {
    const count = (context.getInputSplit() as RangeSplit).rowCount;
    const key = new BytesWritable();
    const value = new BytesWritable();
    const checksum = context.getCounter(CHECKSUM_GROUP, 'CHECKSUM');
    let sum = 0;
    const rec = Buffer.allocUnsafe(RECORD_LENGTH);
    for (let row = first.get(), end = first.get() + count; row < end; row++) {
      generateRecord(row, rec, 0);
      sum = addChecksum(sum, zlib.crc32(rec) >>> 0);
      const r = context.write(key.setRef(rec.subarray(0, KEY_LENGTH)), value.setRef(rec.subarray(KEY_LENGTH)));
      if (r) await r;
      if ((row & 0xffff) === 0) context.progress();
    }
    checksum.increment(sum);
  }
}

export function checksumHex(total: number): string {
  return (total % 4294967296).toString(16);
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2 || !/^\d+$/.test(args[0])) {
    process.stderr.write('Usage: teragen <num rows> <output dir>\n');
    return 2;
  }
  conf.set(NUM_ROWS, args[0]);
  const job = Job.getInstance(conf, 'TeraGen');
  job.setJarByClass(SortGenMapper);
  job.setInputFormatClass(RangeInputFormat);
  job.setMapperClass(SortGenMapper);
  job.setNumReduceTasks(0);
  job.setOutputKeyClass(BytesWritable);
  job.setOutputValueClass(BytesWritable);
  job.setOutputFormatClass(TeraOutputFormat);
  FileOutputFormat.setOutputPath(job, args[1]);
  const ok = await job.waitForCompletion(true);
  if (ok) process.stdout.write(`Checksum: ${checksumHex(job.getCounters().value(CHECKSUM_GROUP, 'CHECKSUM'))}\n`);
  return ok ? 0 : 1;
}
