import type { Configuration } from '../common/conf/configuration';
import { HadoopError } from '../common/errors';
import { FileSystem, Path } from '../common/fs/index';
import { SequenceFileReader, SequenceFileWriter } from '../common/io/sequence-file';
import { BooleanWritable, LongWritable } from '../common/io/writables';
import type { MapContext, ReduceContext } from '../mapreduce/api/context';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { Reducer } from '../mapreduce/api/reducer';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { SequenceFileInputFormat } from '../mapreduce/lib/input/sequence-file-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { SequenceFileOutputFormat } from '../mapreduce/lib/output/sequence-file-output-format';

/**
 * Hadoop's QuasiMonteCarlo: each map takes the points H(offset+1) .. H(offset+size) of the
 * 2-dimensional Halton sequence (bases 2 and 3) in the unit square and counts those inside and
 * outside the inscribed circle; one reduce adds the counts. Pi is 4 * inside / total, printed
 * as Hadoop prints it: a BigDecimal of scale 20, rounded half up. Map inputs and the job output
 * live in a temporary directory, removed at the end.
 */
export const description = 'A map/reduce program that estimates Pi using a quasi-Monte Carlo method.';

const TMP_DIR_PREFIX = 'QuasiMonteCarlo';

/**
 * The 2-dimensional Halton sequence, computed incrementally: H(i) has the base-2 and base-3
 * radical inverses of i as coordinates. Starts at H(startIndex), so nextPoint() is H(startIndex+1).
 */
export class HaltonSequence {
  private static readonly P = [2, 3];
  /** Digits kept per base (enough for any safe-integer index). */
  private static readonly K = [63, 40];
  private index: number;
  private readonly x = new Float64Array(2);
  private readonly q: Float64Array[] = [];
  private readonly d: Int32Array[] = [];

  constructor(startIndex: number) {
    const { P, K } = HaltonSequence;
    this.index = startIndex;
    for (let i = 0; i < K.length; i++) {
      this.q.push(new Float64Array(K[i]));
      this.d.push(new Int32Array(K[i]));
      let k = startIndex;
      this.x[i] = 0;
      for (let j = 0; j < K[i]; j++) {
        this.q[i][j] = (j === 0 ? 1.0 : this.q[i][j - 1]) / P[i];
        this.d[i][j] = k % P[i];
        k = (k - this.d[i][j]) / P[i];
        this.x[i] += this.d[i][j] * this.q[i][j];
      }
    }
  }

  /** H(index + 1): add one to the digits of each base, carrying, and update the coordinate. */
  nextPoint(): Float64Array {
    const { P, K } = HaltonSequence;
    this.index++;
    for (let i = 0; i < K.length; i++) {
      const q = this.q[i];
      const d = this.d[i];
      for (let j = 0; j < K[i]; j++) {
        d[j]++;
        this.x[i] += q[j];
        if (d[j] < P[i]) break;
        d[j] = 0;
        this.x[i] -= j === 0 ? 1.0 : q[j - 1];
      }
    }
    return this.x;
  }
}

/** Input (offset, size): counts the size points after H(offset) inside and outside the circle. */
export class QmcMapper extends Mapper<LongWritable, LongWritable, BooleanWritable, LongWritable> {
  override async map(offset: LongWritable, size: LongWritable, context: MapContext<BooleanWritable, LongWritable>): Promise<void> {
    const halton = new HaltonSequence(offset.get());
    let numInside = 0;
    let numOutside = 0;
    for (let i = 0; i < size.get(); ) {
      const point = halton.nextPoint();
      const x = point[0] - 0.5;
      const y = point[1] - 0.5;
      if (x * x + y * y > 0.25) numOutside++;
      else numInside++;
      i++;
      if (i % 1000 === 0) context.setStatus(`Generated ${i} samples.`);
    }
    await context.write(new BooleanWritable(true), new LongWritable(numInside));
    await context.write(new BooleanWritable(false), new LongWritable(numOutside));
  }
}

/** Adds up the inside and outside counts, and writes one record (inside, outside) at the end. */
export class QmcReducer extends Reducer<BooleanWritable, LongWritable, LongWritable, LongWritable> {
  private numInside = 0;
  private numOutside = 0;

  override async reduce(isInside: BooleanWritable, values: AsyncIterable<LongWritable>): Promise<void> {
    let sum = 0;
    for await (const v of values) sum += v.get();
    if (isInside.get()) this.numInside += sum;
    else this.numOutside += sum;
  }

  override async cleanup(context: ReduceContext<LongWritable, LongWritable>): Promise<void> {
    await context.write(new LongWritable(this.numInside), new LongWritable(this.numOutside));
  }
}

/**
 * BigDecimal.valueOf(4).setScale(20).multiply(inside).divide(total, HALF_UP): 4 * inside / total
 * with exactly 20 decimals, the last rounded half up.
 */
export function formatEstimate(numInside: bigint, numTotal: bigint): string {
  const scale = 10n ** 20n;
  const numerator = 4n * numInside * scale;
  let q = numerator / numTotal;
  if (2n * (numerator % numTotal) >= numTotal) q++;
  return `${q / scale}.${(q % scale).toString().padStart(20, '0')}`;
}

/** Java's Double.toString for the durations Hadoop prints ("2.0", "1.234"). */
function javaDouble(d: number): string {
  return Number.isInteger(d) ? d.toFixed(1) : String(d);
}

async function estimatePi(numMaps: number, numPoints: number, tmpDir: Path, conf: Configuration): Promise<string> {
  const job = Job.getInstance(conf, 'QuasiMonteCarlo');
  job.setJarByClass(QmcMapper);
  job.setInputFormatClass(SequenceFileInputFormat);
  job.setMapOutputKeyClass(BooleanWritable);
  job.setMapOutputValueClass(LongWritable);
  job.setOutputKeyClass(LongWritable);
  job.setOutputValueClass(LongWritable);
  job.setOutputFormatClass(SequenceFileOutputFormat);
  job.setMapperClass(QmcMapper);
  job.setReducerClass(QmcReducer);
  job.setNumReduceTasks(1);
  const inDir = new Path(tmpDir, 'in');
  const outDir = new Path(tmpDir, 'out');
  FileInputFormat.setInputPaths(job, inDir);
  FileOutputFormat.setOutputPath(job, outDir);

  const fs = FileSystem.get(conf, tmpDir);
  if (await fs.exists(tmpDir)) {
    throw new HadoopError('FS_FILE_EXISTS', `Tmp directory ${fs.makeQualified(tmpDir)} already exists.  Please remove it first.`);
  }
  await fs.mkdirs(inDir);
  try {
    for (let i = 0; i < numMaps; i++) {
      const writer = await SequenceFileWriter.create(fs, new Path(inDir, `part${i}`), {
        keyClass: LongWritable,
        valueClass: LongWritable,
        conf,
      });
      try {
        await writer.append(new LongWritable(i * numPoints), new LongWritable(numPoints));
      } finally {
        await writer.close();
      }
      process.stdout.write(`Wrote input for Map #${i}\n`);
    }

    process.stdout.write('Starting Job\n');
    const start = Date.now();
    if (!(await job.waitForCompletion(true))) throw new HadoopError('MR_JOB_FAILED', `Job ${job.getJobID()} failed: ${job.getFailureInfo() ?? 'see the task logs'}`);
    process.stdout.write(`Job Finished in ${javaDouble((Date.now() - start) / 1000)} seconds\n`);

    const reader = await SequenceFileReader.open<LongWritable, LongWritable>(fs, new Path(outDir, 'part-r-00000'), conf);
    let numInside = 0;
    try {
      if (!(await reader.next())) throw new HadoopError('MR_NO_OUTPUT', `No result in ${outDir}`);
      numInside = reader.getCurrentKey().get();
    } finally {
      await reader.close();
    }
    return formatEstimate(BigInt(numInside), BigInt(numMaps) * BigInt(numPoints));
  } finally {
    await fs.delete(tmpDir, true);
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  const positive = (s: string | undefined) => s !== undefined && /^\d+$/.test(s) && Number(s) > 0;
  if (args.length !== 2 || !positive(args[0]) || !positive(args[1]) || Number(args[0]) > 2147483647 || !Number.isSafeInteger(Number(args[0]) * Number(args[1]))) {
    process.stderr.write('Usage: pi <nMaps> <nSamples>\n');
    return 2;
  }
  const nMaps = Number(args[0]);
  const nSamples = Number(args[1]);
  const tmpDir = new Path(`${TMP_DIR_PREFIX}_${Date.now()}_${Math.floor(Math.random() * 2147483647)}`);
  process.stdout.write(`Number of Maps  = ${nMaps}\n`);
  process.stdout.write(`Samples per Map = ${nSamples}\n`);
  process.stdout.write(`Estimated value of Pi is ${await estimatePi(nMaps, nSamples, tmpDir, conf)}\n`);
  return 0;
}
