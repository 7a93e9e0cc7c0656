import { FileSystem, Path } from '../../../common/fs/index';
import { DataInputBuffer } from '../../../common/io/data-input';
import { DataOutputBuffer } from '../../../common/io/data-output';
import { SequenceFileWriter } from '../../../common/io/sequence-file';
import type { Writable, WritableClass } from '../../../common/io/writable';
import { NullWritable } from '../../../common/io/writables';
import type { JobContext } from '../../api/context';
import type { InputFormat, InputSplit } from '../../api/input-format';
import { JobConf } from '../../api/job-conf';
import { TaskAttemptContextImpl } from '../../task/task-context';
import { compareRaw } from '../../task/raw-compare';
import { TotalOrderPartitioner } from './total-order-partitioner';

/** Chooses sample keys from a job's input, as serialized bytes. */
export interface Sampler {
  getSample(format: InputFormat, job: JobContext): Promise<Buffer[]>;
}

async function readKeys(format: InputFormat, job: JobContext, split: InputSplit, take: (key: Buffer) => boolean): Promise<void> {
  const ctx = new TaskAttemptContextImpl(job.getConfiguration(), 'attempt_sampler_0000_m_000000_0');
  const reader = format.createRecordReader(split, ctx);
  await reader.initialize(split, ctx);
  const out = new DataOutputBuffer(64);
  try {
    while (await reader.nextKeyValue()) {
      out.reset();
      (reader.getCurrentKey() as Writable).write(out);
      if (!take(out.toBuffer())) break;
    }
  } finally {
    await reader.close();
  }
}

/** The first numSamples/maxSplits records of up to maxSplits evenly spaced splits (TeraSort's way). */
export class SplitSampler implements Sampler {
  constructor(
    readonly numSamples: number,
    readonly maxSplits = 10,
  ) {}

  async getSample(format: InputFormat, job: JobContext): Promise<Buffer[]> {
    const splits = await format.getSplits(job);
    const n = Math.min(this.maxSplits, splits.length);
    const perSplit = Math.ceil(this.numSamples / Math.max(1, n));
    const keys: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const split = splits[Math.floor((i * splits.length) / n)];
      let taken = 0;
      await readKeys(format, job, split, (k) => {
        keys.push(k);
        return ++taken < perSplit;
      });
    }
    return keys;
  }
}

/** Each record with probability `freq`, up to numSamples, from up to maxSplits splits; seeded. */
export class RandomSampler implements Sampler {
  constructor(
    readonly freq: number,
    readonly numSamples: number,
    readonly maxSplits = 10,
    readonly seed = 1,
  ) {}

  async getSample(format: InputFormat, job: JobContext): Promise<Buffer[]> {
    const splits = await format.getSplits(job);
    let s = this.seed >>> 0 || 1;
    const random = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 4294967296;
    };
    const keys: Buffer[] = [];
    const n = Math.min(this.maxSplits, splits.length);
    for (let i = 0; i < n && keys.length < this.numSamples; i++) {
      await readKeys(format, job, splits[Math.floor((i * splits.length) / n)], (k) => {
        if (random() < this.freq) keys.push(k);
        return keys.length < this.numSamples;
      });
    }
    return keys;
  }
}

/**
 * Hadoop's InputSampler.writePartitionFile: sorts the sample and writes numReduces-1 evenly
 * spaced keys (index round(step * i)) to the TotalOrderPartitioner's file, skipping duplicates.
 */
export async function writePartitionFile(job: JobContext, sampler: Sampler): Promise<Path> {
  const conf = job.getConfiguration();
  const format = new (JobConf.inputFormat(conf))();
  const reduces = JobConf.numReduces(conf);
  const samples = (await sampler.getSample(format, job)).sort((a, b) => compareRaw(a, 0, a.length, b, 0, b.length));
  const keyClass = JobConf.mapOutputKeyClass(conf) as WritableClass<Writable>;
  const file = new Path(TotalOrderPartitioner.getPartitionFile(conf));
  const fs = FileSystem.get(conf, file);
  const writer = await SequenceFileWriter.create<Writable, NullWritable>(fs, file, {
    keyClass,
    valueClass: NullWritable,
    conf,
    overwrite: true,
  });
  const input = new DataInputBuffer();
  const step = samples.length / reduces;
  let last = -1;
  for (let i = 1; i < reduces; i++) {
    let k = Math.round(step * i);
    if (samples.length === 0) break;
    k = Math.min(k, samples.length - 1);
    // never the same split point twice: equal points would leave a reduce empty on purpose
    while (last >= 0 && k < samples.length - 1 && compareRaw(samples[k], 0, samples[k].length, samples[last], 0, samples[last].length) === 0) k++;
    const key = new keyClass();
    key.readFields(input.reset(samples[k], 0, samples[k].length));
    const r = writer.append(key, NullWritable.get());
    if (r) await r;
    last = k;
  }
  await writer.close();
  return file;
}
