import type { Configuration } from '../common/conf/configuration';
import { IntWritable, LongWritable, Text } from '../common/io/writables';
import type { MapContext } from '../mapreduce/api/context';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { IntSumReducer } from '../mapreduce/lib/reduce/int-sum-reducer';

/** Hadoop's WordCount: tokens split on space, tab, newline, carriage return and form feed. */
export class TokenizerMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
  private readonly word = new Text();
  private readonly one = new IntWritable(1);

  override map(_key: LongWritable, value: Text, context: MapContext<Text, IntWritable>): void {
    const tokens = value.toString().split(/[ \t\n\r\f]+/);
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].length > 0) context.write(this.word.set(tokens[i]), this.one);
    }
  }
}

export const description = 'A map/reduce program that counts the words in the input files.';

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length < 2) {
    process.stderr.write('Usage: wordcount <in> [<in>...] <out>\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'word count');
  job.setJarByClass(TokenizerMapper);
  job.setMapperClass(TokenizerMapper);
  job.setCombinerClass(IntSumReducer);
  job.setReducerClass(IntSumReducer);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(IntWritable);
  for (const input of args.slice(0, -1)) FileInputFormat.addInputPath(job, input);
  FileOutputFormat.setOutputPath(job, args[args.length - 1]);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
