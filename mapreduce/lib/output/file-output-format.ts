import { HadoopError } from '../../../common/errors';
import { FileSystem, Path } from '../../../common/fs';
import { CompressionCodec, GzipCodec, requireCodec } from '../../../common/io/codec';
import type { JobContext, TaskAttemptContext } from '../../api/context';
import { JobKeys } from '../../api/job-keys';
import { OutputFormat } from '../../api/output-format';
import { HasConfiguration, qualifiedPath } from '../input/path-strings';
import { FileOutputCommitter } from './file-output-committer';

export const COMPRESS = 'mapred.output.compress';
export const COMPRESS_CODEC = 'mapred.output.compression.codec';
export const BASE_OUTPUT_NAME = 'mapreduce.output.basename';

/**
 * The base of file-based output formats (new API): the output directory in `mapred.output.dir`,
 * a FileOutputCommitter, per-task file names `part-r-00000`, optional compression.
 */
export abstract class FileOutputFormat<K = unknown, V = unknown> extends OutputFormat<K, V> {
  static setOutputPath(job: HasConfiguration, path: Path | string): void {
    const conf = job.getConfiguration();
    conf.set(JobKeys.OUTPUT_DIR, qualifiedPath(conf, path).toString());
  }

  static getOutputPath(job: HasConfiguration): Path | null {
    const dir = job.getConfiguration().get(JobKeys.OUTPUT_DIR);
    return dir ? new Path(dir) : null;
  }

  static setCompressOutput(job: HasConfiguration, compress: boolean): void {
    job.getConfiguration().set(COMPRESS, compress);
  }

  static getCompressOutput(job: HasConfiguration): boolean {
    return job.getConfiguration().getBoolean(COMPRESS, false);
  }

  /** The codec by Hadoop class name, e.g. org.apache.hadoop.io.compress.GzipCodec. */
  static setOutputCompressorClass(job: HasConfiguration, codec: CompressionCodec | string): void {
    job.getConfiguration().set(COMPRESS_CODEC, typeof codec === 'string' ? codec : codec.name);
  }

  static getOutputCompressor(job: HasConfiguration, defaultCodec: CompressionCodec = GzipCodec): CompressionCodec {
    const name = job.getConfiguration().get(COMPRESS_CODEC);
    return name ? requireCodec(name, COMPRESS_CODEC) : defaultCodec;
  }

  /** Where the attempt of context writes: its directory under `<out>/_temporary`. */
  static getWorkOutputPath(context: TaskAttemptContext): Path {
    return new FileOutputCommitter(FileOutputFormat.getOutputPath(context)).getWorkPath(context);
  }

  /** `<name>-<m|r>-<5-digit partition><extension>`, e.g. part-r-00003.gz */
  static getUniqueFile(context: TaskAttemptContext, name: string, extension: string): string {
    const partition = String(context.getPartition()).padStart(5, '0');
    return `${name}-${context.isMap() ? 'm' : 'r'}-${partition}${extension}`;
  }

  static getOutputName(job: HasConfiguration): string {
    return job.getConfiguration().get(BASE_OUTPUT_NAME, 'part');
  }

  /** The file an attempt writes: in its work directory, named by getUniqueFile. */
  getDefaultWorkFile(context: TaskAttemptContext, extension: string): Path {
    const committer = this.getOutputCommitter(context) as FileOutputCommitter;
    const name = FileOutputFormat.getUniqueFile(context, FileOutputFormat.getOutputName(context), extension);
    return new Path(committer.getWorkPath(context), name);
  }

  /** Refuses a job whose output directory is unset or already exists (nothing is overwritten). */
  async checkOutputSpecs(job: JobContext): Promise<void> {
    const out = FileOutputFormat.getOutputPath(job);
    if (out === null) throw new HadoopError('MR_OUTPUT_NOT_SET', 'Output directory not set.');
    const fs = FileSystem.get(job.getConfiguration(), out);
    if (await fs.exists(out)) throw new HadoopError('MR_OUTPUT_EXISTS', `Output directory ${out} already exists`);
  }

  getOutputCommitter(context: TaskAttemptContext | JobContext): FileOutputCommitter {
    return new FileOutputCommitter(FileOutputFormat.getOutputPath(context), context);
  }
}
