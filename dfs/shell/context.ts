import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Configuration } from '../../common/conf/configuration';
import { isHadoopError } from '../../common/errors';
import { FileSystem } from '../../common/fs/filesystem';
import { Path } from '../../common/fs/path';
// importing the local implementation registers file:// with FileSystem.get
import '../../common/fs/local-filesystem';

/** Where a shell run reads and writes: the process's streams, or buffers in a test. */
export interface ShellIO {
  out: Writable;
  err: Writable;
  in: Readable;
}

/**
 * Modules that register a scheme with FileSystem.get when loaded, for schemes that are not
 * registered yet. `fs.<scheme>.impl` (Hadoop's key, here a module path relative to the compiled
 * tree) overrides the built-in table.
 */
const SCHEME_MODULES: Record<string, string> = { hdfs: 'dfs/client' };
const DIST_ROOT = path.resolve(__dirname, '..', '..');

/** What every command needs: the configuration, filesystems by path, and the output streams. */
export class ShellContext {
  constructor(
    readonly conf: Configuration,
    readonly io: ShellIO,
  ) {}

  /** The filesystem a path belongs to: its scheme's, or fs.default.name's when it has none. */
  fileSystem(p: string | Path): FileSystem {
    try {
      return FileSystem.get(this.conf, p);
    } catch (e) {
      if (!isHadoopError(e, 'FS_NOT_SUPPORTED')) throw e;
      const scheme = Path.of(p).scheme ?? new Path(this.conf.get('fs.default.name', 'file:///')).scheme;
      const mod = scheme ? (this.conf.get(`fs.${scheme}.impl`) ?? SCHEME_MODULES[scheme]) : undefined;
      if (!mod) throw e;
      try {
        require(path.resolve(DIST_ROOT, mod));
      } catch {
        throw e;
      }
      return FileSystem.get(this.conf, p);
    }
  }

  /** file:///, for the local side of put, get, getmerge, moveFromLocal and appendToFile. */
  localFileSystem(): FileSystem {
    return FileSystem.get(this.conf, 'file:///');
  }

  async out(text: string | Buffer): Promise<void> {
    await write(this.io.out, text);
  }

  async err(text: string): Promise<void> {
    await write(this.io.err, text);
  }
}

/** Writes with backpressure, so a long listing does not pile up in memory. */
export async function write(stream: Writable, data: string | Buffer): Promise<void> {
  if (data.length === 0) return;
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    stream.once('error', onError);
    const ok = stream.write(data, (e) => {
      if (e) reject(e);
    });
    const done = () => {
      stream.off('error', onError);
      resolve();
    };
    if (ok) done();
    else stream.once('drain', done);
  });
}
