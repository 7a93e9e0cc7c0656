import type { Configuration } from '../common/conf/configuration';
import { LongWritable, Text } from '../common/io/writables';
import type { MapContext, ReduceContext } from '../mapreduce/api/context';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { Reducer } from '../mapreduce/api/reducer';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import type { FileSplit } from '../mapreduce/lib/input/file-split';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';

/**
 * An inverted index: for each word (tokens as in WordCount), the names of the input files that
 * contain it, distinct, in byte order, comma-separated. The map emits (word, file name) with
 * the name taken from its split; a combiner drops repeated names before the shuffle.
 */
export const description = 'A map/reduce program that lists, for each word, the files that contain it.';

/** Emits (word, name of the file being read) for each token of each line. */
export class InvertedIndexMapper extends Mapper<LongWritable, Text, Text, Text> {
  private readonly word = new Text();
  private readonly file = new Text();

  override setup(context: MapContext<Text, Text>): void {
    this.file.set((context.getInputSplit() as FileSplit).getPath().getName());
  }

  override async map(_key: LongWritable, value: Text, context: MapContext<Text, Text>): Promise<void> {
    const tokens = value.toString().split(/[ \t\n\r\f]+/);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].length === 0) continue;
      const r = context.write(this.word.set(tokens[i]), this.file);
      if (r) await r;
    }
  }
}

/** The distinct values of a group in UTF-8 byte order (the order Text keys sort in). */
async function distinctSorted(values: AsyncIterable<Text>): Promise<string[]> {
  const seen = new Set<string>();
  for await (const v of values) seen.add(v.toString());
  return [...seen].map((s) => Buffer.from(s, 'utf8')).sort(Buffer.compare).map((b) => b.toString('utf8'));
}

/** The combiner: each file name once per word. */
export class DistinctValuesCombiner extends Reducer<Text, Text, Text, Text> {
  private readonly out = new Text();
  override async reduce(key: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    for (const name of await distinctSorted(values)) {
      const r = context.write(key, this.out.set(name));
      if (r) await r;
    }
  }
}

/** Writes `word<TAB>file1,file2,...`. */
export class InvertedIndexReducer extends Reducer<Text, Text, Text, Text> {
  private readonly out = new Text();
  override async reduce(key: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    const r = context.write(key, this.out.set((await distinctSorted(values)).join(',')));
    if (r) await r;
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('Usage: invertedindex <in> <out>\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'inverted index');
  job.setJarByClass(InvertedIndexMapper);
  job.setMapperClass(InvertedIndexMapper);
  job.setCombinerClass(DistinctValuesCombiner);
  job.setReducerClass(InvertedIndexReducer);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(Text);
  FileInputFormat.addInputPath(job, args[0]);
  FileOutputFormat.setOutputPath(job, args[1]);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
