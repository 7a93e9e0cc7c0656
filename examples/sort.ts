import type { Configuration } from '../common/conf/configuration';
import { FileSystem, Path } from '../common/fs/index';
import { SequenceFileReader } from '../common/io/sequence-file';
import type { WritableClass } from '../common/io/writable';
import { BytesWritable, Text } from '../common/io/writables';
import type { InputFormat } from '../mapreduce/api/input-format';
import { Job } from '../mapreduce/api/job';
import type { OutputFormat } from '../mapreduce/api/output-format';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { KeyValueTextInputFormat } from '../mapreduce/lib/input/key-value-text-input-format';
import { SequenceFileInputFormat } from '../mapreduce/lib/input/sequence-file-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { SequenceFileOutputFormat } from '../mapreduce/lib/output/sequence-file-output-format';
import { TextOutputFormat } from '../mapreduce/lib/output/text-output-format';
import { RandomSampler, writePartitionFile } from '../mapreduce/lib/partition/input-sampler';
import { TotalOrderPartitioner } from '../mapreduce/lib/partition/total-order-partitioner';

/**
 * Hadoop's Sort: identity map and identity reduce, so the framework's sort orders the records
 * by key (the key's own order: numbers numerically, Text by UTF-8 bytes). SequenceFile input
 * keeps the key and value classes of its files; text input is `key<TAB>value` lines (Text,
 * Text). With several reduces the input is sampled (Hadoop's -totalOrder RandomSampler) and a
 * TotalOrderPartitioner sends each key range to its own reduce, so the part files read in
 * order are one total order.
 */
export const description = 'A map/reduce program that sorts the data written by the random writer.';

const USAGE =
  'Usage: sort [-r <reduces>] [-inFormat text|seq] [-outFormat text|seq] [-totalOrder <pcnt> <num samples> <max splits>] <input> <output>';

interface SamplerOptions {
  freq: number;
  numSamples: number;
  maxSplits: number;
}

interface SortOptions {
  input: string;
  output: string;
  reduces: number | null;
  inFormat: 'text' | 'seq';
  outFormat: 'text' | 'seq';
  sampler: SamplerOptions;
}

/** Hadoop's suggested -totalOrder values: 10% of the records, at most 10,000, from 10 splits. */
const DEFAULT_SAMPLER: SamplerOptions = { freq: 0.1, numSamples: 10000, maxSplits: 10 };

function parseArgs(args: string[]): SortOptions | string {
  const positional: string[] = [];
  let reduces: number | null = null;
  let inFormat: 'text' | 'seq' = 'seq';
  let outFormat: 'text' | 'seq' = 'seq';
  let sampler = DEFAULT_SAMPLER;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-totalOrder') {
      const [freq, numSamples, maxSplits] = args.slice(i + 1, i + 4).map(Number);
      i += 3;
      if (!(freq > 0 && freq <= 1) || !(Number.isInteger(numSamples) && numSamples > 0) || !(Number.isInteger(maxSplits) && maxSplits > 0)) {
        return 'sort: -totalOrder needs <pcnt> in (0, 1], then positive <num samples> and <max splits>';
      }
      sampler = { freq, numSamples, maxSplits };
    } else if (a === '-r' || a === '-inFormat' || a === '-outFormat') {
      const v = args[++i];
      if (v === undefined) return `sort: ${a} needs a value`;
      if (a === '-r') {
        if (!/^\d+$/.test(v) || Number(v) < 1) return `sort: -r needs a positive number of reduces, not '${v}'`;
        reduces = Number(v);
      } else if (v !== 'text' && v !== 'seq') {
        return `sort: ${a} must be text or seq, not '${v}'`;
      } else if (a === '-inFormat') {
        inFormat = v;
      } else {
        outFormat = v;
      }
    } else if (a.startsWith('-') && a.length > 1) {
      return `sort: unknown option ${a}`;
    } else {
      positional.push(a);
    }
  }
  if (positional.length !== 2) return '';
  return { input: positional[0], output: positional[1], reduces, inFormat, outFormat, sampler };
}

/** The key and value classes of the first non-empty SequenceFile of the job's input. */
async function sequenceFileClasses(job: Job, conf: Configuration): Promise<[WritableClass, WritableClass]> {
  const files = await new SequenceFileInputFormat().listStatus(job);
  const first = files.find((f) => f.length > 0);
  if (!first) return [BytesWritable, BytesWritable];
  const reader = await SequenceFileReader.open(FileSystem.get(conf, first.path), first.path, conf);
  try {
    return [reader.keyClass, reader.valueClass];
  } finally {
    await reader.close();
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  const opts = parseArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write((opts ? opts + '\n' : '') + USAGE + '\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'sorter');
  FileInputFormat.setInputPaths(job, opts.input);
  FileOutputFormat.setOutputPath(job, opts.output);

  let keyClass: WritableClass = Text;
  let valueClass: WritableClass = Text;
  let inputFormat: new () => InputFormat = KeyValueTextInputFormat;
  if (opts.inFormat === 'seq') {
    [keyClass, valueClass] = await sequenceFileClasses(job, conf);
    inputFormat = SequenceFileInputFormat;
  }
  const outputFormat: new () => OutputFormat = opts.outFormat === 'seq' ? SequenceFileOutputFormat : TextOutputFormat;

  job.setInputFormatClass(inputFormat);
  job.setOutputFormatClass(outputFormat);
  job.setOutputKeyClass(keyClass);
  job.setOutputValueClass(valueClass);
  let reduces = opts.reduces ?? job.getNumReduceTasks();
  job.setNumReduceTasks(reduces);

  const out = new Path(opts.output);
  const fs = FileSystem.get(conf, out);
  // the split points live beside the output until the job ends (the output dir must not exist yet)
  const partitionFile = new Path(`${fs.makeQualified(out).toString()}._partition.lst`);
  let wrotePartitionFile = false;
  if (reduces > 1) {
    if (await fs.exists(out)) {
      process.stderr.write(`sort: Output directory ${fs.makeQualified(out)} already exists\n`);
      return 1;
    }
    const { freq, numSamples, maxSplits } = opts.sampler;
    const samples = await new RandomSampler(freq, numSamples, maxSplits).getSample(new inputFormat(), job);
    if (samples.length === 0) {
      // nothing to sample (no or very few records): one reduce is a total order by itself
      reduces = 1;
      job.setNumReduceTasks(1);
    } else {
      TotalOrderPartitioner.setPartitionFile(job.getConfiguration(), partitionFile);
      job.setPartitionerClass(TotalOrderPartitioner);
      await writePartitionFile(job, { getSample: async () => samples });
      wrotePartitionFile = true;
    }
  }

  process.stdout.write(`Running on 1 nodes to sort from ${opts.input} into ${opts.output} with ${reduces} reduces.\n`);
  const start = Date.now();
  try {
    const ok = await job.waitForCompletion(true);
    process.stdout.write(`The job took ${Math.round((Date.now() - start) / 1000)} seconds.\n`);
    return ok ? 0 : 1;
  } finally {
    if (wrotePartitionFile) await fs.delete(partitionFile, false);
  }
}
