import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FileSystem, Path, userName } from '../../common/fs/index';
import { escapePath } from '../lib/input/path-strings';
import { StreamKeys } from './stream-conf';

export const STAGING_ROOT = 'mapreduce.jobtracker.staging.root.dir';

/** Local -file paths, checked: each must be a readable file, and their names distinct. */
export function checkShippedFiles(files: string[]): string[] {
  const names = new Map<string, string>();
  return files.map((f) => {
    const abs = path.resolve(f);
    let isFile: boolean | null = null;
    try {
      isFile = fs.statSync(abs).isFile();
      fs.accessSync(abs, fs.constants.R_OK);
    } catch {
      throw new HadoopError('STREAM_FILE_NOT_FOUND', `File: ${abs} does not exist, or is not readable.`);
    }
    if (!isFile) throw new HadoopError('STREAM_FILE_NOT_FILE', `-file ${abs}: not a file (only files can be shipped)`);
    const name = path.basename(abs);
    const other = names.get(name);
    if (other !== undefined && other !== abs) {
      throw new HadoopError('STREAM_FILE_CLASH', `-file ${abs} and ${other} would both be ${name} in the task's directory`);
    }
    names.set(name, abs);
    return abs;
  });
}

/**
 * Copies the -file files to a staging directory of the job on the default filesystem
 * (`<mapreduce.jobtracker.staging.root.dir>/<user>/.staging/streamjob_<id>/files/`, under
 * hadoop.tmp.dir by default) and names them in stream.shipped.files, so that every task, on any
 * host, copies them into its working directory. Returns the staging directory, for the driver
 * to remove when the job is over; null when there is nothing to ship.
 */
export async function stageFiles(conf: Configuration, localFiles: string[]): Promise<Path | null> {
  const unique = [...new Set(localFiles)];
  if (unique.length === 0) return null;
  const root = conf.get(STAGING_ROOT) ?? `${conf.get('hadoop.tmp.dir')}/mapred/staging`;
  const dfs = FileSystem.get(conf);
  const staging = dfs.makeQualified(new Path(`${root}/${userName()}/.staging/streamjob_${Date.now()}_${randomBytes(4).toString('hex')}`));
  const filesDir = new Path(staging, 'files');
  try {
    await dfs.mkdirs(filesDir, 0o700);
    const shipped: string[] = [];
    for (const local of unique) {
      const dst = new Path(filesDir, path.basename(local));
      await pipeline(fs.createReadStream(local), await dfs.create(dst, { overwrite: false }));
      shipped.push(escapePath(dst.toString()));
    }
    conf.set(StreamKeys.SHIPPED_FILES, shipped.join(','));
  } catch (e) {
    await dfs.delete(staging, true).catch(() => false);
    throw new HadoopError('STREAM_STAGING', `Cannot copy the -file files to ${staging}: ${(e as Error).message}`, { cause: e });
  }
  return staging;
}

/** Removes the job's staging directory (the job is over, failed or not). */
export async function removeStaging(conf: Configuration, staging: Path | null): Promise<void> {
  if (staging === null) return;
  await FileSystem.get(conf, staging).delete(staging, true);
}
