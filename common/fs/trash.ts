import { HadoopError } from '../errors';
import { getLog } from '../log';
import type { FileSystem } from './filesystem';
import { Path } from './path';

const log = getLog('fs.Trash');

/**
 * Hadoop's TrashPolicyDefault. With fs.trash.interval (minutes) above 0, a deleted path moves
 * to `<home>/.Trash/Current/<path>`. A checkpoint renames Current to the time it was taken
 * (yyMMddHHmmss); checkpoints older than the interval are deleted for good. `hadoop fs -expunge`
 * does both for its user; the NameNode's emptier does both for every home under /user once per
 * interval, so the trash keeps what was deleted for between one and two intervals.
 */
export const TRASH = '.Trash';
export const CURRENT = 'Current';

export function trashIntervalMs(minutes: number): number {
  return Math.max(0, minutes) * 60000;
}

/** Moves path into the trash of fs's user; false when the trash is off or path is in it already. */
export async function moveToTrash(fs: FileSystem, path: Path, intervalMinutes: number): Promise<{ moved: boolean; current: Path }> {
  const trashRoot = new Path(fs.getHomeDirectory(), TRASH);
  const current = new Path(trashRoot, CURRENT);
  // what is already in the trash goes for good
  if (intervalMinutes <= 0 || trashRoot.contains(path)) return { moved: false, current };
  if (path.contains(trashRoot)) {
    throw new HadoopError('FS_CONTAINS_TRASH', 'Cannot move to the trash, as it contains the trash. Consider using -skipTrash option');
  }
  let target = new Path(current, path.path.slice(1));
  await fs.mkdirs(target.getParent()!);
  if (await fs.exists(target)) target = target.suffix(String(Date.now()));
  await fs.rename(path, target);
  return { moved: true, current };
}

/** yyMMddHHmmss in local time, Hadoop's checkpoint name. */
export function checkpointName(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getFullYear() % 100)}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** When a checkpoint was taken, from its name (a `_N` suffix tells apart two in one second); null if not one. */
export function checkpointTime(name: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:_\d+)?$/.exec(name);
  if (!m) return null;
  const [yy, mo, dd, hh, mi, ss] = m.slice(1).map(Number);
  return new Date(2000 + yy, mo - 1, dd, hh, mi, ss).getTime();
}

/** Renames Current to a new checkpoint; nothing when Current does not exist. */
export async function checkpoint(fs: FileSystem, trashRoot: Path, now = new Date()): Promise<Path | null> {
  const current = new Path(trashRoot, CURRENT);
  if (!(await fs.exists(current))) return null;
  const base = checkpointName(now);
  let target = new Path(trashRoot, base);
  for (let n = 1; await fs.exists(target); n++) target = new Path(trashRoot, `${base}_${n}`);
  await fs.rename(current, target);
  log.info(`Created trash checkpoint: ${target.path}`);
  return target;
}

/** Deletes the checkpoints older than the interval; returns what it deleted. */
export async function expunge(fs: FileSystem, trashRoot: Path, intervalMs: number, now = Date.now()): Promise<Path[]> {
  if (!(await fs.exists(trashRoot))) return [];
  const deleted: Path[] = [];
  for (const st of await fs.listStatus(trashRoot)) {
    const name = st.path.getName();
    if (name === CURRENT || !st.isDirectory) continue;
    const time = checkpointTime(name);
    if (time === null) {
      log.warn(`Unexpected item in trash: ${st.path.path}. Ignoring.`);
      continue;
    }
    if (now - time < intervalMs) continue;
    await fs.delete(st.path, true);
    log.info(`Deleted trash checkpoint: ${st.path.path}`);
    deleted.push(st.path);
  }
  return deleted;
}
