import { HadoopError } from '../../common/errors';
import type { FSDirectory } from './fs-directory';
import type { INode } from './interfaces';

/**
 * Directory quotas (Hadoop's INodeDirectoryWithQuota): a namespace quota caps the names in a
 * subtree (the directory itself, its directories and files), a diskspace quota the bytes its
 * files take on DataNodes (length times replication; a block being written counts at full
 * block size, as it will be charged). Usage is counted when an operation under a directory
 * with a quota needs it, rather than kept in counters: directories with quotas are few, and
 * nothing costs anything where there are none. Every check runs before the operation changes
 * anything, so a refused operation leaves the namespace as it was.
 */
export interface QuotaUsage {
  namespace: number;
  diskspace: number;
}

export function usageOf(dir: FSDirectory, node: INode): QuotaUsage {
  const u: QuotaUsage = { namespace: 0, diskspace: 0 };
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    u.namespace++;
    if (n.dir) stack.push(...n.children!.values());
    else u.diskspace += diskspaceOf(dir, n);
  }
  return u;
}

/** Bytes a file takes on DataNodes, its block under construction at full size. */
export function diskspaceOf(dir: FSDirectory, file: INode): number {
  let bytes = dir.fileLength(file);
  const last = file.blocks?.at(-1);
  if (file.uc && last) bytes += file.bsize! - last.numBytes;
  return bytes * file.repl!;
}

export function hasQuota(node: INode): boolean {
  return node.nsQuota !== undefined || node.dsQuota !== undefined;
}

/**
 * Refuses adding `delta` under `parent` when that would take a directory from `parent` up to
 * the root (stopping below `stopAt`, an ancestor whose usage does not change, as for a rename
 * inside it) past its quota: DFS_NSQUOTA_EXCEEDED or DFS_DSQUOTA_EXCEEDED, in Hadoop's words.
 */
export function verifyQuota(dir: FSDirectory, parent: INode, delta: QuotaUsage, stopAt: INode | null = null): void {
  if (delta.namespace <= 0 && delta.diskspace <= 0) return;
  for (let n: INode | undefined = parent; n && n !== stopAt; n = n === dir.root ? undefined : dir.inodes.get(n.parent)) {
    if (!hasQuota(n)) continue;
    const u = usageOf(dir, n);
    if (n.nsQuota !== undefined && delta.namespace > 0 && u.namespace + delta.namespace > n.nsQuota) {
      throw new HadoopError(
        'DFS_NSQUOTA_EXCEEDED',
        `The NameSpace quota (directories and files) of directory ${dir.pathOf(n)} is exceeded: quota=${n.nsQuota} file count=${u.namespace + delta.namespace}`,
      );
    }
    if (n.dsQuota !== undefined && delta.diskspace > 0 && u.diskspace + delta.diskspace > n.dsQuota) {
      throw new HadoopError(
        'DFS_DSQUOTA_EXCEEDED',
        `The DiskSpace quota of ${dir.pathOf(n)} is exceeded: quota=${n.dsQuota} diskspace consumed=${humanReadableInt(u.diskspace + delta.diskspace)}`,
      );
    }
  }
}

/** Hadoop's StringUtils.humanReadableInt: 1.5k, 192.0m, 3.0g. */
export function humanReadableInt(n: number): string {
  const units: Array<[number, string]> = [
    [2 ** 40, 't'],
    [2 ** 30, 'g'],
    [2 ** 20, 'm'],
    [2 ** 10, 'k'],
  ];
  for (const [size, suffix] of units) if (n >= size) return `${(n / size).toFixed(1)}${suffix}`;
  return String(n);
}
