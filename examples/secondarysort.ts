import type { Configuration } from '../common/conf/configuration';
import type { DataInputBuffer } from '../common/io/data-input';
import type { DataOutputBuffer } from '../common/io/data-output';
import { compareBytes, WritableComparable } from '../common/io/writable';
import { IntWritable, LongWritable, NullWritable, Text } from '../common/io/writables';
import type { MapContext, ReduceContext } from '../mapreduce/api/context';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { Partitioner, RawComparator } from '../mapreduce/api/partitioner';
import { Reducer } from '../mapreduce/api/reducer';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';

/**
 * Hadoop's SecondarySort: lines of two integers `a b`; the output lists, for each first integer
 * in ascending order, a separator line and then `a<TAB>b` for every line with that first
 * integer, the seconds in ascending order. The framework does the sorting: the map output key
 * is the pair, which sorts by (first, second); the partitioner and the grouping comparator look
 * at the first integer only, so one reduce call sees a whole group with its values in order.
 */
export const description = 'An example defining a secondary sort to the reduce.';

/** Hadoop's separator line, written before each group. */
export const SEPARATOR = '------------------------------------------------';

/** Bytes of one serialized int: big-endian with the sign bit flipped, so bytes sort as ints. */
const INT_BYTES = 4;

/** A pair of ints whose 8 serialized bytes sort as (first, second). */
export class IntPair implements WritableComparable<IntPair> {
  constructor(
    public first = 0,
    public second = 0,
  ) {}

  set(first: number, second: number): this {
    this.first = first | 0;
    this.second = second | 0;
    return this;
  }

  write(out: DataOutputBuffer): void {
    out.writeUInt((this.first ^ 0x80000000) >>> 0);
    out.writeUInt((this.second ^ 0x80000000) >>> 0);
  }

  readFields(input: DataInputBuffer): void {
    this.first = (input.readUInt() ^ 0x80000000) | 0;
    this.second = (input.readUInt() ^ 0x80000000) | 0;
  }

  compareTo(o: IntPair): number {
    if (this.first !== o.first) return this.first < o.first ? -1 : 1;
    return this.second < o.second ? -1 : this.second > o.second ? 1 : 0;
  }

  hashCode(): number {
    return (Math.imul(this.first, 157) + this.second) | 0;
  }

  toString(): string {
    return `${this.first}\t${this.second}`;
  }
}

/** Partitions on the first int only: Hadoop's `abs(first * 127) % numPartitions`. */
export class FirstPartitioner extends Partitioner<IntPair, IntWritable> {
  getPartition(key: IntPair, _value: IntWritable, numPartitions: number): number {
    return Math.abs(Math.imul(key.first, 127)) % numPartitions;
  }
}

/** Groups on the serialized first int only (the first four bytes of the key). */
export class FirstGroupingComparator implements RawComparator {
  compare(a: Buffer, as: number, _al: number, b: Buffer, bs: number, _bl: number): number {
    return compareBytes(a, as, INT_BYTES, b, bs, INT_BYTES);
  }
}

const INT_PATTERN = /^[+-]?\d{1,10}$/;

function parseInt32(token: string): number | null {
  if (!INT_PATTERN.test(token)) return null;
  const n = Number(token);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

/**
 * Reads `a b` (a second int missing counts as 0, as in Hadoop). Blank lines are skipped; a line
 * that is not integers is counted as SecondarySort/MALFORMED_LINES and skipped rather than
 * failing the task four times over.
 */
export class SecondarySortMapper extends Mapper<LongWritable, Text, IntPair, IntWritable> {
  private readonly key = new IntPair();
  private readonly value = new IntWritable();

  override map(_offset: LongWritable, line: Text, context: MapContext<IntPair, IntWritable>): void | Promise<void> {
    const tokens = line.toString().split(/[ \t\n\r\f]+/).filter((t) => t !== '');
    if (tokens.length === 0) return;
    const left = parseInt32(tokens[0]);
    const right = tokens.length > 1 ? parseInt32(tokens[1]) : 0;
    if (left === null || right === null) {
      context.getCounter('SecondarySort', 'MALFORMED_LINES').increment(1);
      return;
    }
    return context.write(this.key.set(left, right), this.value.set(right));
  }
}

/** Writes the separator, then `first<TAB>second` for each value of the group, in order. */
export class SecondarySortReducer extends Reducer<IntPair, IntWritable, Text, IntWritable | NullWritable> {
  private readonly separator = new Text(SEPARATOR);
  private readonly first = new Text();

  override async reduce(key: IntPair, values: AsyncIterable<IntWritable>, context: ReduceContext<Text, IntWritable | NullWritable>): Promise<void> {
    const w = context.write(this.separator, NullWritable.get());
    if (w) await w;
    this.first.set(String(key.first));
    for await (const v of values) {
      const r = context.write(this.first, v);
      if (r) await r;
    }
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('Usage: secondarysort <in> <out>\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'secondary sort');
  job.setJarByClass(SecondarySortMapper);
  job.setMapperClass(SecondarySortMapper);
  job.setReducerClass(SecondarySortReducer);
  job.setPartitionerClass(FirstPartitioner);
  job.setGroupingComparatorClass(FirstGroupingComparator);
  job.setMapOutputKeyClass(IntPair);
  job.setMapOutputValueClass(IntWritable);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(IntWritable);
  FileInputFormat.addInputPath(job, args[0]);
  FileOutputFormat.setOutputPath(job, args[1]);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
