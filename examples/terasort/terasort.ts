import type { Configuration } from '../../common/conf/configuration';
import { FileSystem, Path } from '../../common/fs/index';
import { BytesWritable } from '../../common/io/writables';
import { getLog } from '../../common/log';
import { Job } from '../../mapreduce/api/job';
import { FileInputFormat } from '../../mapreduce/lib/input/file-input-format';
import { FileOutputFormat } from '../../mapreduce/lib/output/file-output-format';
import { SplitSampler, writePartitionFile } from '../../mapreduce/lib/partition/input-sampler';
import { TotalOrderPartitioner } from '../../mapreduce/lib/partition/total-order-partitioner';
import { TeraInputFormat } from './tera-input-format';
import { TeraOutputFormat } from './tera-output-format';

export const description = 'Run the terasort';
const SAMPLE_SIZE = 'terasort.partitions.sample';
const log = getLog('terasort.TeraSort');

/**
 * TeraSort: sample the input (terasort.partitions.sample keys from up to 10 splits), write
 * mapred.reduce.tasks - 1 split points, then an identity map and reduce with the
 * TotalOrderPartitioner, so that the part files read in order are globally sorted.
 */
export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('Usage: terasort <input dir> <output dir>\n');
    return 2;
  }
  const [input, output] = args;
  const job = Job.getInstance(conf, 'TeraSort');
  job.setJarByClass(TeraInputFormat);
  FileInputFormat.addInputPath(job, input);
  FileOutputFormat.setOutputPath(job, output);
  job.setInputFormatClass(TeraInputFormat);
  job.setOutputFormatClass(TeraOutputFormat);
  job.setMapOutputKeyClass(BytesWritable);
  job.setMapOutputValueClass(BytesWritable);
  job.setOutputKeyClass(BytesWritable);
  job.setOutputValueClass(BytesWritable);
  const reduces = job.getNumReduceTasks();
  const out = new Path(output);
  const fs = FileSystem.get(conf, out);
  // the split points live beside the output until the job ends (the output dir must not exist yet)
  const partitionFile = new Path(`${fs.makeQualified(out).toString()}._partition.lst`);
  if (reduces > 1) {
    if (await fs.exists(out)) {
      process.stderr.write(`terasort: Output directory ${fs.makeQualified(out)} already exists\n`);
      return 1;
    }
    TotalOrderPartitioner.setPartitionFile(job.getConfiguration(), partitionFile);
    job.setPartitionerClass(TotalOrderPartitioner);
    const start = Date.now();
    await writePartitionFile(job, new SplitSampler(conf.getInt(SAMPLE_SIZE, 100000), 10));
    log.info(`Computed ${reduces - 1} split points in ${Date.now() - start} ms`);
  }
  try {
    return (await job.waitForCompletion(true)) ? 0 : 1;
  } finally {
    if (reduces > 1) await fs.delete(partitionFile, false);
  }
}
