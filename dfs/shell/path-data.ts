import * as posix from 'node:path/posix';
import type { FileSystem } from '../../common/fs/filesystem';
import type { FileStatus } from '../../common/fs/interfaces';
import { Path } from '../../common/fs/path';
import type { ShellContext } from './context';

/**
 * Hadoop 2's PathData: a path on its filesystem, its status (null when it does not exist), and
 * the string shown to the user. The shown string keeps the form the user typed: a relative
 * argument lists relative names, an absolute one absolute paths, a URI stays a URI.
 */
export class PathData {
  constructor(
    readonly fs: FileSystem,
    /** Fully qualified. */
    readonly path: Path,
    readonly display: string,
    public stat: FileStatus | null,
  ) {}

  get exists(): boolean {
    return this.stat !== null;
  }

  get isDirectory(): boolean {
    return this.stat?.isDirectory === true;
  }

  toString(): string {
    return this.display;
  }

  /** One argument as typed, without glob expansion, looked up on its filesystem. */
  static async of(ctx: ShellContext, arg: string): Promise<PathData> {
    const fs = ctx.fileSystem(arg);
    const path = fs.makeQualified(new Path(arg));
    return new PathData(fs, path, arg, await fs.statOrNull(path));
  }

  /** A local path (the source of put, the target of get): `file:` URIs or plain paths. */
  static async local(ctx: ShellContext, arg: string): Promise<PathData> {
    const fs = ctx.localFileSystem();
    const p = new Path(arg);
    const path = fs.makeQualified(p.scheme === 'file' ? p : p.path);
    return new PathData(fs, path, arg, await fs.statOrNull(path));
  }

  /**
   * Expands a glob. A plain path that does not exist gives one item without a status (so the
   * command can report it or create it); a glob that matches nothing gives none.
   */
  static async expandAsGlob(ctx: ShellContext, arg: string): Promise<PathData[]> {
    const fs = ctx.fileSystem(arg);
    const stats = await fs.globStatus(arg);
    if (stats === null) {
      const plain = arg.replace(/\\(.)/g, '$1');
      return [new PathData(fs, fs.makeQualified(new Path(plain)), plain, null)];
    }
    const pattern = new Path(arg);
    const cwd = fs.getWorkingDirectory().path;
    return stats.map((st) => {
      let display: string;
      if (pattern.scheme !== null) {
        display = pattern.authority === null ? `${st.path.scheme}:${st.path.path}` : st.path.toString();
      } else if (pattern.isAbsolute()) {
        display = st.path.path;
      } else {
        display = posix.relative(cwd, st.path.path) || '.';
      }
      return new PathData(fs, st.path, display, st);
    });
  }

  async refreshStatus(): Promise<FileStatus | null> {
    this.stat = await this.fs.statOrNull(this.path);
    return this.stat;
  }

  /** The children of a directory, sorted by name, each shown under this item's string. */
  async children(): Promise<PathData[]> {
    const list = await this.fs.listStatus(this.path);
    return list.map((st) => new PathData(this.fs, st.path, this.childDisplay(st.path.getName()), st));
  }

  /** The path of a child, looked up. */
  async child(name: string): Promise<PathData> {
    const p = new Path(this.path, name);
    return new PathData(this.fs, p, this.childDisplay(name), await this.fs.statOrNull(p));
  }

  /** This path with a suffix on its name (`x._COPYING_`), not looked up. */
  suffix(s: string): PathData {
    return new PathData(this.fs, this.path.suffix(s), this.display + s, null);
  }

  async parentExists(): Promise<boolean> {
    const parent = this.path.getParent();
    return parent === null || (await this.fs.statOrNull(parent))?.isDirectory === true;
  }

  /** Whether the typed string names a directory by its form: `dir/`, `.` or `..`. */
  representsDirectory(): boolean {
    const name = this.display.slice(this.display.lastIndexOf('/') + 1);
    return name === '' || name === '.' || name === '..';
  }

  private childDisplay(name: string): string {
    if (this.display === '.') return name;
    return this.display.endsWith('/') ? this.display + name : `${this.display}/${name}`;
  }
}
