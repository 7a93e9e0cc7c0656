import { Configuration } from '../common/conf/configuration';
import { HadoopError } from '../common/errors';
import type { DataInputBuffer } from '../common/io/data-input';
import type { DataOutputBuffer } from '../common/io/data-output';
import { compareBytes, WritableComparable } from '../common/io/writable';
import { Text } from '../common/io/writables';
import type { JobContext, MapContext, ReduceContext, TaskAttemptContext } from '../mapreduce/api/context';
import { InputFormat, InputSplit, RecordReader } from '../mapreduce/api/input-format';
import { Job } from '../mapreduce/api/job';
import { JobKeys } from '../mapreduce/api/job-keys';
import { Mapper } from '../mapreduce/api/mapper';
import { Partitioner, RawComparator } from '../mapreduce/api/partitioner';
import { Reducer } from '../mapreduce/api/reducer';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../mapreduce/lib/input/file-split';
import { KeyValueLineRecordReader, KeyValueTextInputFormat } from '../mapreduce/lib/input/key-value-text-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';

/**
 * A reduce-side inner join of two inputs of `key<TAB>value` lines. Every record is tagged with
 * its side (0 = left, 1 = right) by the split it comes from; the map output key is (key, tag),
 * partitioned and grouped on the key alone and sorted on both, so each reduce call sees the
 * left values of a key before its right values. The left values are held, and each right
 * value is paired with every one of them: output `key<TAB>left<TAB>right`, sorted by key.
 */
export const description = 'A reduce-side inner join of two key<TAB>value text inputs.';

/** The escaped, qualified input path lists of the two sides. */
const SIDE_INPUTS = ['mapreduce.join.left.input.dir', 'mapreduce.join.right.input.dir'];
const LEFT = 0;
const RIGHT = 1;
/** The bytes after the key text in a serialized JoinKey: a 0x00 separator and the tag. */
const KEY_SUFFIX = 2;

/**
 * (key, tag), serialized as the key's UTF-8, 0x00, the tag byte: byte order is key order (the
 * 0x00 sorts below any byte of a longer key), then left before right. (Keys are text lines'
 * fields; one holding a NUL followed by a 0x00 or 0x01 byte could sort between the two sides of
 * a shorter key.)
 */
export class JoinKey implements WritableComparable<JoinKey> {
  constructor(
    public key = '',
    public tag = LEFT,
  ) {}

  set(key: string, tag: number): this {
    this.key = key;
    this.tag = tag;
    return this;
  }

  write(out: DataOutputBuffer): void {
    out.writeUtf8(this.key);
    out.writeByte(0);
    out.writeByte(this.tag);
  }

  readFields(input: DataInputBuffer): void {
    const bytes = input.readBytes(input.remaining());
    this.key = bytes.toString('utf8', 0, bytes.length - KEY_SUFFIX);
    this.tag = bytes[bytes.length - 1];
  }

  compareTo(o: JoinKey): number {
    const c = new Text(this.key).compareTo(new Text(o.key));
    return c !== 0 ? c : this.tag - o.tag;
  }

  /** The join key's Text hash, so the two sides of one key meet in one reduce. */
  hashCode(): number {
    return new Text(this.key).hashCode();
  }

  toString(): string {
    return `${this.key}\t${this.tag}`;
  }
}

export class JoinKeyPartitioner extends Partitioner<JoinKey, Text> {
  getPartition(key: JoinKey, _value: Text, numPartitions: number): number {
    return (key.hashCode() & 0x7fffffff) % numPartitions;
  }
}

/** Groups on the key text only: the serialized key without its separator and tag. */
export class JoinKeyGroupingComparator implements RawComparator {
  compare(a: Buffer, as: number, al: number, b: Buffer, bs: number, bl: number): number {
    return compareBytes(a, as, al - KEY_SUFFIX, b, bs, bl - KEY_SUFFIX);
  }
}

/** A file split that remembers which side of the join its file belongs to. */
export class TaggedSplit implements InputSplit {
  constructor(
    readonly tag: number,
    readonly split: FileSplit,
  ) {}
  getLength(): number {
    return this.split.getLength();
  }
  getLocations(): string[] {
    return this.split.getLocations();
  }
  toJSON(): object {
    return { tag: this.tag, split: this.split.toJSON() };
  }
}

class TaggedRecordReader extends RecordReader<Text, Text> {
  private readonly lines = new KeyValueLineRecordReader();
  initialize(split: InputSplit, context: TaskAttemptContext): Promise<void> {
    return this.lines.initialize((split as TaggedSplit).split, context);
  }
  nextKeyValue(): Promise<boolean> {
    return this.lines.nextKeyValue();
  }
  getCurrentKey(): Text {
    return this.lines.getCurrentKey();
  }
  getCurrentValue(): Text {
    return this.lines.getCurrentValue();
  }
  getProgress(): number {
    return this.lines.getProgress();
  }
  close(): Promise<void> {
    return this.lines.close();
  }
}

/**
 * Hadoop's MultipleInputs idea for two inputs: the splits of each side's paths (files,
 * directories or globs), computed by KeyValueTextInputFormat and tagged with the side. A path
 * on both sides (a self-join) is read once for each.
 */
export class JoinInputFormat extends InputFormat<Text, Text> {
  async getSplits(job: JobContext): Promise<InputSplit[]> {
    const conf = job.getConfiguration();
    const splits: InputSplit[] = [];
    const errors: string[] = [];
    for (const tag of [LEFT, RIGHT]) {
      const side = new Configuration(conf);
      side.set(JobKeys.INPUT_DIR, conf.get(SIDE_INPUTS[tag], ''));
      const sideJob: JobContext = { getConfiguration: () => side, getJobID: () => job.getJobID() };
      try {
        for (const s of await new KeyValueTextInputFormat().getSplits(sideJob)) splits.push(new TaggedSplit(tag, s as FileSplit));
      } catch (e) {
        // report the missing paths of both sides at once, as FileInputFormat does for one
        if (!(e instanceof HadoopError)) throw e;
        errors.push(e.message);
      }
    }
    if (errors.length > 0) throw new HadoopError('MR_INPUT_NOT_FOUND', errors.join('\n'));
    return splits;
  }

  createRecordReader(): RecordReader<Text, Text> {
    return new TaggedRecordReader();
  }

  splitFromJSON(json: object): InputSplit {
    const j = json as { tag: number; split: object };
    return new TaggedSplit(j.tag, FileSplit.fromJSON(j.split));
  }
}

/** Emits ((key, side), side + value); the value keeps the side, which the reduce needs. */
export class JoinMapper extends Mapper<Text, Text, JoinKey, Text> {
  private tag = LEFT;
  private readonly outKey = new JoinKey();
  private readonly outValue = new Text();

  override setup(context: MapContext<JoinKey, Text>): void {
    this.tag = (context.getInputSplit() as TaggedSplit).tag;
  }

  override map(key: Text, value: Text, context: MapContext<JoinKey, Text>): void | Promise<void> {
    return context.write(this.outKey.set(key.toString(), this.tag), this.outValue.set(String(this.tag) + value.toString()));
  }
}

/** Holds a key's left values (they come first) and pairs every right value with each. */
export class JoinReducer extends Reducer<JoinKey, Text, Text, Text> {
  private readonly outKey = new Text();
  private readonly outValue = new Text();

  override async reduce(key: JoinKey, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    const lefts: string[] = [];
    this.outKey.set(key.key);
    for await (const v of values) {
      const s = v.toString();
      if (s.charCodeAt(0) === 0x30 + LEFT) {
        lefts.push(s.slice(1));
        continue;
      }
      // a right value: all the left values are in hand; with none there is nothing to join
      if (lefts.length === 0) return;
      const right = s.slice(1);
      for (const left of lefts) {
        const r = context.write(this.outKey, this.outValue.set(`${left}\t${right}`));
        if (r) await r;
      }
    }
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 3) {
    process.stderr.write('Usage: join <left> <right> <out>\n');
    return 2;
  }
  const [left, right, output] = args;
  const job = Job.getInstance(conf, 'join');
  job.setJarByClass(JoinMapper);
  // each side's paths, qualified and escaped here, as FileInputFormat stores them
  for (const tag of [LEFT, RIGHT]) {
    const side = new Configuration(conf);
    FileInputFormat.setInputPaths({ getConfiguration: () => side }, tag === LEFT ? left : right);
    job.getConfiguration().set(SIDE_INPUTS[tag], side.get(JobKeys.INPUT_DIR, ''));
  }
  job.setInputFormatClass(JoinInputFormat);
  job.setMapperClass(JoinMapper);
  job.setReducerClass(JoinReducer);
  job.setPartitionerClass(JoinKeyPartitioner);
  job.setGroupingComparatorClass(JoinKeyGroupingComparator);
  job.setMapOutputKeyClass(JoinKey);
  job.setMapOutputValueClass(Text);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(Text);
  FileOutputFormat.setOutputPath(job, output);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
