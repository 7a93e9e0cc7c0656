import type { Configuration } from '../common/conf/configuration';
import type { DataInputBuffer } from '../common/io/data-input';
import type { DataOutputBuffer } from '../common/io/data-output';
import type { WritableComparable } from '../common/io/writable';
import { IntWritable, LongWritable, Text } from '../common/io/writables';
import type { MapContext, TaskAttemptContext } from '../mapreduce/api/context';
import { InputSplit, RecordReader } from '../mapreduce/api/input-format';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import type { FileSplit } from '../mapreduce/lib/input/file-split';
import { LineRecordReader } from '../mapreduce/lib/input/line-record-reader';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { IntSumReducer } from '../mapreduce/lib/reduce/int-sum-reducer';
import { CombineFileInputFormat } from './lib/combine-file-input-format';

/**
 * Hadoop's MultiFileWordCount: WordCount over many small files, where each map reads several
 * whole files (a CombineFileInputFormat packs files, in path order, into splits of up to
 * mapred.max.split.size bytes, or a block when that is not set), instead of one map per file.
 * Records are keyed by (file name, offset); words and counts are WordCount's.
 */
export const description = 'A job that counts words from several files.';

/** The key of a line: the name of its file and its byte offset there. */
export class WordOffset implements WritableComparable<WordOffset> {
  constructor(
    public fileName = '',
    public offset = 0,
  ) {}

  write(out: DataOutputBuffer): void {
    out.writeUtf8(this.fileName);
    out.writeByte(0);
    new LongWritable(this.offset).write(out);
  }

  readFields(input: DataInputBuffer): void {
    const bytes = input.readBytes(input.remaining());
    this.fileName = bytes.toString('utf8', 0, bytes.length - 9);
    const hi = (bytes.readUInt32BE(bytes.length - 8) ^ 0x80000000) | 0;
    this.offset = hi * 4294967296 + bytes.readUInt32BE(bytes.length - 4);
  }

  compareTo(o: WordOffset): number {
    const c = new Text(this.fileName).compareTo(new Text(o.fileName));
    return c !== 0 ? c : this.offset - o.offset;
  }

  hashCode(): number {
    return new Text(this.fileName).hashCode() ^ new LongWritable(this.offset).hashCode();
  }

  toString(): string {
    return `${this.fileName}:${this.offset}`;
  }
}

/** Hadoop's CombineFileLineRecordReader: the lines of one piece, keyed by (file name, offset). */
export class CombineFileLineRecordReader extends RecordReader<WordOffset, Text> {
  private readonly lines = new LineRecordReader();
  private fileName = '';
  private key: WordOffset | null = null;

  async initialize(chunk: InputSplit, context: TaskAttemptContext): Promise<void> {
    this.fileName = (chunk as FileSplit).getPath().getName();
    await this.lines.initialize(chunk, context);
  }
  async nextKeyValue(): Promise<boolean> {
    if (!(await this.lines.nextKeyValue())) {
      this.key = null;
      return false;
    }
    this.key = new WordOffset(this.fileName, this.lines.getCurrentKey().get());
    return true;
  }
  getCurrentKey(): WordOffset {
    return this.key ?? new WordOffset(this.fileName, this.lines.getCurrentKey().get());
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

export class MultiFileInputFormat extends CombineFileInputFormat<WordOffset, Text> {
  protected createChunkReader(): RecordReader<WordOffset, Text> {
    return new CombineFileLineRecordReader();
  }
}

/** WordCount's map: tokens split on space, tab, newline, carriage return and form feed. */
export class MultiFileMapper extends Mapper<WordOffset, Text, Text, IntWritable> {
  private readonly word = new Text();
  private readonly one = new IntWritable(1);

  override async map(_key: WordOffset, value: Text, context: MapContext<Text, IntWritable>): Promise<void> {
    const tokens = value.toString().split(/[ \t\n\r\f]+/);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].length === 0) continue;
      const r = context.write(this.word.set(tokens[i]), this.one);
      if (r) await r;
    }
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('Usage: multifilewc <input> <output>\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'MultiFileWordCount');
  job.setJarByClass(MultiFileMapper);
  job.setInputFormatClass(MultiFileInputFormat);
  job.setMapperClass(MultiFileMapper);
  job.setCombinerClass(IntSumReducer);
  job.setReducerClass(IntSumReducer);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(IntWritable);
  FileInputFormat.addInputPaths(job, args[0]);
  FileOutputFormat.setOutputPath(job, args[1]);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
