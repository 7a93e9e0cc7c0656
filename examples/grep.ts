import type { Configuration } from '../common/conf/configuration';
import { FileSystem, Path } from '../common/fs/index';
import { LongWritable, Text } from '../common/io/writables';
import { Job } from '../mapreduce/api/job';
import { DecreasingComparator } from '../mapreduce/lib/compare/decreasing-comparator';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { SequenceFileInputFormat } from '../mapreduce/lib/input/sequence-file-input-format';
import { InverseMapper } from '../mapreduce/lib/map/inverse-mapper';
import { RegexMapper } from '../mapreduce/lib/map/regex-mapper';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { SequenceFileOutputFormat } from '../mapreduce/lib/output/sequence-file-output-format';
import { LongSumReducer } from '../mapreduce/lib/reduce/long-sum-reducer';

/**
 * Hadoop's Grep: a search job counts each match of the regex (RegexMapper, LongSumReducer as
 * combiner and reducer) into a temporary SequenceFile directory, then a sort job inverts the
 * pairs and sorts them by count, highest first, into one output file.
 */
export const description = 'A map/reduce program that counts the matches of a regex in the input.';

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length < 3) {
    process.stderr.write('Usage: grep <inDir> <outDir> <regex> [<group>]\n');
    return 2;
  }
  const [input, output, regex, group] = args;
  try {
    new RegExp(regex);
  } catch (e) {
    process.stderr.write(`grep: invalid regex ${regex}: ${(e as Error).message}\n`);
    return 2;
  }
  const tempDir = new Path(`grep-temp-${Math.floor(Math.random() * 2147483647)}`);
  conf.set('mapred.mapper.regex', regex);
  if (group !== undefined) conf.set('mapred.mapper.regex.group', group);
  const fs = FileSystem.get(conf, tempDir);
  try {
    const search = Job.getInstance(conf, 'grep-search');
    search.setJarByClass(RegexMapper);
    FileInputFormat.setInputPaths(search, input);
    search.setMapperClass(RegexMapper);
    search.setCombinerClass(LongSumReducer);
    search.setReducerClass(LongSumReducer);
    FileOutputFormat.setOutputPath(search, tempDir.toString());
    search.setOutputFormatClass(SequenceFileOutputFormat);
    search.setOutputKeyClass(Text);
    search.setOutputValueClass(LongWritable);
    if (!(await search.waitForCompletion(true))) return 1;

    const sort = Job.getInstance(conf, 'grep-sort');
    sort.setJarByClass(InverseMapper);
    FileInputFormat.setInputPaths(sort, tempDir.toString());
    sort.setInputFormatClass(SequenceFileInputFormat);
    sort.setMapperClass(InverseMapper);
    sort.setNumReduceTasks(1);
    FileOutputFormat.setOutputPath(sort, output);
    sort.setSortComparatorClass(DecreasingComparator);
    sort.setOutputKeyClass(LongWritable);
    sort.setOutputValueClass(Text);
    return (await sort.waitForCompletion(true)) ? 0 : 1;
  } finally {
    await fs.delete(tempDir, true);
  }
}
