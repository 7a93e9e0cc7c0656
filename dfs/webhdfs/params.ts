import type { Request } from 'express';
import { HadoopError } from '../../common/errors';

/**
 * WebHDFS request parameters (Hadoop's web/resources/*Param): names as Hadoop spells them, each
 * checked, a bad one answered as Hadoop does: `Invalid value for webhdfs parameter "<name>": ...`
 * (400, IllegalArgumentException). The path comes from the URL after /webhdfs/v1.
 */
export function paramError(name: string, why: string): HadoopError {
  return new HadoopError('WEBHDFS_BAD_PARAM', `Invalid value for webhdfs parameter "${name}": ${why}`);
}

export class WebHdfsParams {
  private readonly q: Record<string, unknown>;

  constructor(req: Request) {
    this.q = req.query as Record<string, unknown>;
  }

  raw(name: string): string | undefined {
    const v = this.q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw paramError(name, 'given more than once');
    return v;
  }

  /** The operation, upper case (op is case-insensitive). */
  op(): string {
    const v = this.raw('op');
    if (!v) throw paramError('op', 'missing');
    return v.toUpperCase();
  }

  string(name: string): string | undefined {
    const v = this.raw(name);
    return v === undefined || v === '' ? undefined : v.slice(0, 4096);
  }

  long(name: string, min: number, fallback?: number): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === '' || v === 'null') return fallback;
    if (!/^-?\d{1,16}$/.test(v) || Number(v) < min) throw paramError(name, `${v.slice(0, 50)} is not an integer of at least ${min}`);
    return Number(v);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined || v === '') return fallback;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    throw paramError(name, `${v.slice(0, 50)} is not true or false`);
  }

  /** Octal text 0-1777; 755 when absent, as Hadoop's PermissionParam. */
  permission(fallback = 0o755): number {
    const v = this.raw('permission');
    if (v === undefined || v === '') return fallback;
    if (!/^[0-7]{1,4}$/.test(v) || parseInt(v, 8) > 0o1777) throw paramError('permission', `${v.slice(0, 50)} is not an octal permission in 0-1777`);
    return parseInt(v, 8);
  }

  /** The user the request acts for: user.name, or the first of dfs.web.ugi. */
  user(fallback: string): string {
    return this.string('user.name') ?? fallback;
  }
}

/** The absolute path after /webhdfs/v1, percent-decoded. */
export function webHdfsPath(req: Request): string {
  let p: string;
  try {
    p = decodeURIComponent(req.path);
  } catch {
    throw paramError('path', 'bad percent-encoding');
  }
  if (!p.startsWith('/')) p = '/' + p;
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** The query string of a redirect: the op, then the other parameters sorted, as Hadoop builds it. */
export function redirectQuery(op: string, params: Record<string, string | number | boolean | undefined>): string {
  const rest = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return [`op=${op}`, ...rest].join('&');
}

/** A path as it goes into a URL: each segment percent-encoded. */
export function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}
