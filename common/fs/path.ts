import * as posix from 'node:path/posix';

/**
 * Hadoop's Path: an optional scheme and authority, and a slash-separated path that is normalized
 * (no duplicate or trailing slashes). `hdfs://nn:8020/user/a`, `file:///tmp/x`, `/x`, `rel/x`.
 */
export class Path {
  readonly scheme: string | null;
  readonly authority: string | null;
  readonly path: string;

  constructor(pathOrParent: string | Path, child?: string | Path) {
    if (child !== undefined) {
      const parent = typeof pathOrParent === 'string' ? new Path(pathOrParent) : pathOrParent;
      const c = typeof child === 'string' ? new Path(child) : child;
      if (c.isAbsolute() || c.scheme) {
        this.scheme = c.scheme;
        this.authority = c.authority;
        this.path = c.path;
      } else {
        this.scheme = parent.scheme;
        this.authority = parent.authority;
        this.path = normalize(parent.path === '' ? c.path : parent.path + '/' + c.path);
      }
      return;
    }
    const s = typeof pathOrParent === 'string' ? pathOrParent : pathOrParent.toString();
    if (s === '') throw new Error('Can not create a Path from an empty string');
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/\/([^/]*))?(.*)$/.exec(s);
    // a single letter before ':' would be a Windows drive, which we do not support; treat as scheme
    if (m && (m[2] !== undefined || m[4].startsWith('/'))) {
      this.scheme = m[1].toLowerCase();
      this.authority = m[2] !== undefined ? m[3] : null;
      this.path = normalize(m[4] === '' ? '/' : m[4]);
    } else {
      this.scheme = null;
      this.authority = null;
      this.path = normalize(s);
    }
  }

  static of(p: string | Path): Path {
    return typeof p === 'string' ? new Path(p) : p;
  }

  isAbsolute(): boolean {
    return this.path.startsWith('/');
  }

  isRoot(): boolean {
    return this.path === '/';
  }

  getName(): string {
    const i = this.path.lastIndexOf('/');
    return this.path.slice(i + 1);
  }

  getParent(): Path | null {
    if (this.path === '/' || this.path === '') return null;
    const i = this.path.lastIndexOf('/');
    if (i < 0) return null;
    return this.withPath(i === 0 ? '/' : this.path.slice(0, i));
  }

  depth(): number {
    if (this.path === '/') return 0;
    return this.path.split('/').filter((s) => s !== '').length;
  }

  suffix(s: string): Path {
    return this.withPath(this.path + s);
  }

  withPath(p: string): Path {
    const out = Object.create(Path.prototype) as { scheme: string | null; authority: string | null; path: string };
    out.scheme = this.scheme;
    out.authority = this.authority;
    out.path = normalize(p);
    return out as unknown as Path;
  }

  /** Fills in scheme, authority and working directory the way FileSystem.makeQualified does. */
  makeQualified(scheme: string, authority: string | null, workingDir: string): Path {
    const p = this.isAbsolute() ? this.path : normalize(workingDir + '/' + this.path);
    const out = new Path('/');
    return Object.assign(out, {
      scheme: this.scheme ?? scheme,
      authority: this.scheme ? this.authority : authority,
      path: p,
    }) as Path;
  }

  /** True if `other` is this path or lies beneath it (same scheme and authority assumed). */
  contains(other: Path): boolean {
    return other.path === this.path || other.path.startsWith(this.path === '/' ? '/' : this.path + '/');
  }

  equals(other: Path): boolean {
    return this.toString() === other.toString();
  }

  toString(): string {
    if (this.scheme === null) return this.path;
    if (this.authority === null) return `${this.scheme}:${this.path}`;
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

function normalize(p: string): string {
  if (p === '') return '';
  const abs = p.startsWith('/');
  let n = posix.normalize(p);
  if (n.length > 1 && n.endsWith('/')) n = n.slice(0, -1);
  if (n === '.') return abs ? '/' : '.';
  return n;
}
