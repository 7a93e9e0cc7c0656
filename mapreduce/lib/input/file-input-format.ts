import type { Configuration } from '../../../common/conf/configuration';
import { HadoopError } from '../../../common/errors';
import { BlockLocation, FileStatus, FileSystem, Path } from '../../../common/fs';
import { codecForPath } from '../../../common/io/codec';
import type { JobContext } from '../../api/context';
import { InputFormat, InputSplit } from '../../api/input-format';
import { JobKeys } from '../../api/job-keys';
import { FileSplit } from './file-split';
import {
  escapePath,
  hadoopPath,
  HasConfiguration,
  qualifiedPath,
  splitEscapedPaths,
  splitUserPathList,
} from './path-strings';

export const SPLIT_MINSIZE = 'mapred.min.split.size';
export const SPLIT_MAXSIZE = 'mapred.max.split.size';
export const NUM_INPUT_FILES = 'mapreduce.input.num.files';

/** A split may run over its size by this factor rather than leave a sliver for its own task. */
const SPLIT_SLOP = 1.1;

/** Hadoop's hiddenFileFilter: `_logs`, `_SUCCESS`, `.crc` files and the like are not input. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('_') || name.startsWith('.');
}

/**
 * The base of file-based input formats (new API): input paths in `mapred.input.dir`, listing
 * with globs, and splits of max(minSize, min(maxSize, blockSize)) bytes.
 */
export abstract class FileInputFormat<K = unknown, V = unknown> extends InputFormat<K, V> {
  // ---- job configuration -----------------------------------------------------------------

  /** Adds one path (a file, a directory or a glob); it is qualified against its filesystem. */
  static addInputPath(job: HasConfiguration, path: Path | string): void {
    const conf = job.getConfiguration();
    const entry = escapePath(qualifiedPath(conf, path).toString());
    const dirs = conf.get(JobKeys.INPUT_DIR);
    conf.set(JobKeys.INPUT_DIR, dirs ? `${dirs},${entry}` : entry);
  }

  /** Adds a comma-separated list of paths (commas inside `{a,b}` globs do not separate). */
  static addInputPaths(job: HasConfiguration, commaSeparated: string): void {
    for (const p of splitUserPathList(commaSeparated)) FileInputFormat.addInputPath(job, p);
  }

  /**
   * Replaces the input paths. A string is a comma-separated list, as in Hadoop's
   * setInputPaths(Job, String); a Path is one path.
   */
  static setInputPaths(job: HasConfiguration, ...paths: Array<Path | string>): void {
    job.getConfiguration().unset(JobKeys.INPUT_DIR);
    for (const p of paths) {
      if (typeof p === 'string') FileInputFormat.addInputPaths(job, p);
      else FileInputFormat.addInputPath(job, p);
    }
  }

  static getInputPaths(job: HasConfiguration): Path[] {
    const dirs = job.getConfiguration().get(JobKeys.INPUT_DIR, '');
    return splitEscapedPaths(dirs).map((s) => new Path(s));
  }

  static setMinInputSplitSize(job: HasConfiguration, size: number): void {
    job.getConfiguration().set(SPLIT_MINSIZE, size);
  }

  static getMinSplitSize(job: HasConfiguration): number {
    return job.getConfiguration().getLong(SPLIT_MINSIZE, 1);
  }

  static setMaxInputSplitSize(job: HasConfiguration, size: number): void {
    job.getConfiguration().set(SPLIT_MAXSIZE, size);
  }

  static getMaxSplitSize(job: HasConfiguration): number {
    return job.getConfiguration().getLong(SPLIT_MAXSIZE, Number.MAX_SAFE_INTEGER);
  }

  // ---- hooks for subclasses --------------------------------------------------------------

  /** The smallest split this format can read (SequenceFiles need a sync interval). */
  protected getFormatMinSplitSize(): number {
    return 1;
  }

  /**
   * Whether a file may be cut into several splits. Compressed streams (gzip, deflate: found by
   * file extension) must be read from their start, so by default they are not.
   */
  protected isSplitable(_context: JobContext, file: Path): boolean {
    return codecForPath(file) === null;
  }

  protected computeSplitSize(blockSize: number, minSize: number, maxSize: number): number {
    return Math.max(minSize, Math.min(maxSize, blockSize));
  }

  /**
   * The input files: each input path's glob expanded, directories replaced by the files in them
   * (not recursively), hidden names (`_x`, `.x`) left out. Every missing path is reported at once.
   */
  async listStatus(job: JobContext): Promise<FileStatus[]> {
    const conf = job.getConfiguration();
    const dirs = FileInputFormat.getInputPaths(job);
    if (dirs.length === 0) throw new HadoopError('MR_INPUT_NOT_SET', 'No input paths specified in job');
    const result: FileStatus[] = [];
    const errors: string[] = [];
    for (const p of dirs) {
      const fs = FileSystem.get(conf, p);
      const globbed = await fs.globStatus(p);
      const matches = globbed?.filter((s) => !isHiddenName(s.path.getName())) ?? null;
      if (matches === null) {
        errors.push(`Input path does not exist: ${p}`);
      } else if (matches.length === 0) {
        errors.push(`Input Pattern ${p} matches 0 files`);
      } else {
        for (const st of matches) {
          if (!st.isDirectory) {
            result.push(st);
            continue;
          }
          for (const child of await fs.listStatus(st.path)) {
            if (!child.isDirectory && !isHiddenName(child.path.getName())) result.push(child);
          }
        }
      }
    }
    if (errors.length > 0) throw new HadoopError('MR_INPUT_NOT_FOUND', errors.join('\n'));
    return result;
  }

  async getSplits(job: JobContext): Promise<InputSplit[]> {
    const conf = job.getConfiguration();
    const minSize = Math.max(this.getFormatMinSplitSize(), FileInputFormat.getMinSplitSize(job));
    const maxSize = FileInputFormat.getMaxSplitSize(job);
    const files = await this.listStatus(job);
    const splits: FileSplit[] = [];
    for (const file of files) {
      splits.push(...(await this.splitFile(job, conf, file, minSize, maxSize)));
    }
    conf.set(NUM_INPUT_FILES, files.length);
    return splits;
  }

  splitFromJSON(json: object): InputSplit {
    return FileSplit.fromJSON(json);
  }

  private async splitFile(
    job: JobContext,
    conf: Configuration,
    file: FileStatus,
    minSize: number,
    maxSize: number,
  ): Promise<FileSplit[]> {
    const path = hadoopPath(file.path);
    const length = file.length;
    if (length === 0) return [new FileSplit(path, 0, 0, [])];
    const blocks = await FileSystem.get(conf, file.path).getFileBlockLocations(file, 0, length);
    if (!this.isSplitable(job, path)) return [new FileSplit(path, 0, length, hostsAt(blocks, 0, length))];
    const splitSize = this.computeSplitSize(file.blockSize, minSize, maxSize);
    const out: FileSplit[] = [];
    let remaining = length;
    while (remaining / splitSize > SPLIT_SLOP) {
      const start = length - remaining;
      out.push(new FileSplit(path, start, splitSize, hostsAt(blocks, start, length)));
      remaining -= splitSize;
    }
    if (remaining !== 0) {
      const start = length - remaining;
      out.push(new FileSplit(path, start, remaining, hostsAt(blocks, start, length)));
    }
    return out;
  }
}

/** The hosts of the block holding offset (FileInputFormat.getBlockIndex). */
function hostsAt(blocks: BlockLocation[], offset: number, fileLength: number): string[] {
  for (const b of blocks) {
    if (b.offset <= offset && offset < b.offset + b.length) return [...b.hosts];
  }
  if (blocks.length === 0) return [];
  throw new HadoopError('MR_BAD_BLOCKS', `Offset ${offset} is outside of file (0..${fileLength - 1})`);
}
