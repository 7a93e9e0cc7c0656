import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FileSystem, Path } from '../../common/fs/index';
import { splitEscapedPaths } from '../lib/input/path-strings';
import { StreamKeys } from './stream-conf';

export interface WorkDir {
  dir: string;
  /** The command's TMPDIR, inside dir. */
  tmp: string;
  /** Names of the shipped files in dir. */
  files: Set<string>;
}

/**
 * The working directory a streaming command runs in, one per task attempt:
 * `<first mapred.local.dir>/streaming/<attemptId>/`, holding the job's -file files (copied from
 * the job's staging directory through the FileSystem API, so it works on any host) and `tmp/`.
 * The mapper, the combiner and the reducer of an attempt share it. Released when the attempt
 * ends, and removed at the latest when the task process exits.
 */
const dirs = new Map<string, Promise<WorkDir>>();
/** The same directories by path, for the synchronous exit hook. */
const paths = new Map<string, string>();

process.once('exit', () => {
  for (const dir of paths.values()) fs.rmSync(dir, { recursive: true, force: true });
});

/** The attempt's working directory, created with its files on first use. */
export function acquireWorkDir(conf: Configuration, attemptId: string): Promise<WorkDir> {
  let w = dirs.get(attemptId);
  if (!w) {
    w = createWorkDir(conf, attemptId);
    dirs.set(attemptId, w);
    w.catch(() => dirs.delete(attemptId));
  }
  return w;
}

/** Removes the attempt's working directory (a later acquire creates it again). */
export async function releaseWorkDir(attemptId: string): Promise<void> {
  const w = dirs.get(attemptId);
  if (!w) return;
  dirs.delete(attemptId);
  const dir = paths.get(attemptId);
  paths.delete(attemptId);
  await w.catch(() => null);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

async function createWorkDir(conf: Configuration, attemptId: string): Promise<WorkDir> {
  const local = conf.get('mapred.local.dir', os.tmpdir()).split(',')[0].trim();
  const dir = path.join(local, 'streaming', attemptId);
  fs.rmSync(dir, { recursive: true, force: true });
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  paths.set(attemptId, dir);
  const files = new Set<string>();
  try {
    for (const uri of splitEscapedPaths(conf.get(StreamKeys.SHIPPED_FILES, ''))) {
      const src = new Path(uri);
      const name = src.getName();
      const dst = path.join(dir, name);
      const from = await FileSystem.get(conf, src).open(src);
      await pipeline(from, fs.createWriteStream(dst));
      // Hadoop makes the files of the job jar executable in the task's directory
      fs.chmodSync(dst, 0o755);
      files.add(name);
    }
  } catch (e) {
    paths.delete(attemptId);
    fs.rmSync(dir, { recursive: true, force: true });
    throw new HadoopError('STREAM_LOCALIZE', `Cannot copy the job's -file files into ${dir}: ${(e as Error).message}`, { cause: e });
  }
  return { dir, tmp, files };
}

/**
 * Hadoop's PipeMapRed looks the program up in the task's directory first: a command whose first
 * word names a shipped file runs that file (`mapper.py args` becomes `./mapper.py args`).
 */
export function resolveCommand(command: string, work: WorkDir): string {
  const m = /^(\s*)([^\s/'"`$;&|<>()\\=]+)(?=\s|$)/.exec(command);
  if (!m || !work.files.has(m[2])) return command;
  return `${m[1]}./${m[2]}${command.slice(m[0].length)}`;
}
