import { Readable, Writable } from 'node:stream';
import { Configuration } from '../../common/conf/configuration';
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

/** What every command needs: the configuration, filesystems by path, and the output streams. */
export class ShellContext {
  constructor(
    readonly conf: Configuration,
    readonly io: ShellIO,
  ) {}

  /** The filesystem a path belongs to: its scheme's, or fs.default.name's when it has none. */
  fileSystem(p: string | Path): FileSystem {
    return FileSystem.get(this.conf, p);
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
