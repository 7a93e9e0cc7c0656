import { query } from '../../../common/web/html';
import { permissionString as fsPermissionString } from '../../shell/format';

/**
 * Pure helpers for the NameNode pages: links between them (every value encoded), permission
 * strings, breadcrumbs, and showing a file's first bytes safely whatever they are.
 */

export const explorerHref = (path: string): string => `/explorer?${query({ path })}`;
export const fileHref = (path: string): string => `/file?${query({ path })}`;
export const blockHref = (blockId: number): string => `/block?${query({ id: blockId })}`;
/** A DataNode's page, by its name (host:port) as the NameNode knows it. */
export const datanodeHref = (name: string): string => `/datanode?${query({ name })}`;
export const nodeListHref = (whatNodes: 'LIVE' | 'DEAD' | 'DECOMMISSIONING'): string => `/dfsnodelist?${query({ whatNodes })}`;

/** `drwxr-xr-x`: the type, then the permission as `hadoop fs -ls` shows it (sticky bit `t`/`T`). */
export function permissionString(perm: number, isDirectory: boolean): string {
  return (isDirectory ? 'd' : '-') + fsPermissionString(perm);
}

/** Each ancestor of an absolute, normalized path and the path itself, root first: [name, path]. */
export function breadcrumbs(path: string): Array<[string, string]> {
  const out: Array<[string, string]> = [['/', '/']];
  let cur = '';
  for (const name of path.split('/').filter((p) => p !== '')) {
    cur += '/' + name;
    out.push([name, cur]);
  }
  return out;
}

/**
 * A file's bytes as text a page can show: UTF-8 decoded (a malformed or cut sequence becomes
 * U+FFFD), line ends as LF (CRLF and a lone CR are what an HTML parser would turn into LF
 * anyway), and control characters other than tab and newline shown as U+FFFD too, so a binary
 * file prints as readable junk rather than invisible or layout-breaking characters. The page's
 * `html` tag then escapes it like any other string.
 */
export function displayText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** Whole seconds since a time, as the DataNode list's "last contact" shows it. */
export function secondsAgo(ms: number, now = Date.now()): number {
  return Math.max(0, Math.floor((now - ms) / 1000));
}

/** A fraction of a capacity, 0 when there is no capacity (no live DataNodes yet). */
export function fractionOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Hadoop's "Non DFS Used": what else fills the DataNodes' disks. */
export function nonDfsUsed(capacity: number, used: number, remaining: number): number {
  return Math.max(0, capacity - used - remaining);
}
