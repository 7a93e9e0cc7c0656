import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FileSystem } from '../../common/fs/filesystem';
import { DistributedFileSystem } from '../client/distributed-file-system';

/** The default filesystem, which must be HDFS for the admin tools (Hadoop's wording when not). */
export function distributedFileSystem(conf: Configuration): DistributedFileSystem {
  const fs = FileSystem.get(conf);
  if (!(fs instanceof DistributedFileSystem)) {
    throw new HadoopError('DFS_NOT_HDFS', `FileSystem ${fs.uri()}/ is not a distributed file system`);
  }
  return fs;
}

/** Hadoop's StringUtils.limitDecimalTo2 (DecimalFormat "#.##"). */
export function limitDecimalTo2(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '\u221e' : 'NaN';
  return String(Math.round(v * 100) / 100);
}

/** Hadoop's StringUtils.byteDesc: "28 KB", "11.5 GB". */
export function byteDesc(len: number): string {
  const units = [' KB', ' MB', ' GB', ' TB', ' PB'];
  let val = len / 1024;
  let i = 0;
  while (i < units.length - 1 && len >= Math.pow(1024, i + 2)) {
    i++;
    val = len / Math.pow(1024, i + 1);
  }
  return limitDecimalTo2(val) + units[i];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString: `Wed Nov 21 12:00:00 UTC 2012`, in local time. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone} ${d.getFullYear()}`;
}
