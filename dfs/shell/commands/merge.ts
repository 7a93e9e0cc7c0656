import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { closeStream } from '../../../common/fs/filesystem';
import { Command, parseOptions, UsageError } from '../command';
import { write } from '../context';
import { PathData } from '../path-data';
import { copyBufferSize } from './destination';
import { asPathError, isDirectory, ShellPathError } from '../shell-errors';

/**
 * `-getmerge [-nl] <src> ... <localdst>`: the files of each source (a directory contributes
 * its files, one level deep) concatenated into one local file, with -nl a newline after each.
 * Written through `<localdst>._COPYING_`, so a failure leaves any earlier file in place.
 */
export class GetMerge extends Command {
  static readonly usage: string = '[-nl] <src> <localdst>';
  static readonly description: string =
    'Get all the files in the directories that match the source file pattern and merge and sort them ' +
    'to only one file on local fs. <src> is kept.\n' +
    '-nl:  Add a newline character at the end of each file.';

  private delimiter: string | null = null;
  private dst!: PathData;
  private readonly srcs: PathData[] = [];

  protected async processOptions(args: string[]): Promise<void> {
    this.delimiter = parseOptions(args, 2, Infinity, ['nl']).flags.has('nl') ? '\n' : null;
    this.dst = await PathData.local(this.ctx, args.pop()!);
    if (this.dst.isDirectory) throw isDirectory(this.dst.display);
  }

  protected override async processArguments(items: PathData[]): Promise<void> {
    await super.processArguments(items);
    if (this.exitCode !== 0) return;
    const temp = this.dst.suffix('._COPYING_');
    let out: Writable;
    try {
      out = await temp.fs.create(temp.path, { overwrite: true });
    } catch (e) {
      throw asPathError(e, this.dst.display);
    }
    try {
      for (const src of this.srcs) {
        await pipeline(await src.fs.open(src.path, { bufferSize: copyBufferSize(this.ctx.conf) }), out, { end: false });
        if (this.delimiter !== null) await write(out, this.delimiter);
      }
      await closeStream(out);
      if (await this.dst.fs.exists(this.dst.path)) await this.dst.fs.delete(this.dst.path, false);
      await this.dst.fs.rename(temp.path, this.dst.path);
    } catch (e) {
      out.destroy();
      await temp.fs.delete(temp.path, false).catch(() => false);
      throw asPathError(e, this.dst.display);
    }
  }

  protected override async processNonexistentPathArgument(item: PathData): Promise<void> {
    this.exitCode = 1;
    await super.processNonexistentPathArgument(item);
  }

  /** Paths are collected first, so the destination is written only when every source is there. */
  protected async processPath(src: PathData): Promise<void> {
    if (!src.isDirectory) this.srcs.push(src);
    else if (this.depth === 0) await this.recursePath(src);
  }
}

/** `-appendToFile <localsrc> ... <dst>`: appends local files (or stdin, `-`) to a file, creating it. */
export class AppendToFile extends Command {
  static readonly usage: string = '<localsrc> ... <dst>';
  static readonly description: string =
    'Appends the contents of all the given local files to the given dst file. The dst file will be ' +
    'created if it does not exist. If <localSrc> is -, then the input is read from stdin.';

  private dst!: PathData;

  protected async processOptions(args: string[]): Promise<void> {
    parseOptions(args, 2, Infinity, []);
    this.dst = await PathData.of(this.ctx, args.pop()!);
    if (args.includes('-') && args.length > 1) throw new UsageError('stdin (-) must be the only source when appending');
  }

  protected override async expandArgument(arg: string): Promise<PathData[]> {
    return [await PathData.local(this.ctx, arg)];
  }

  protected override async processArguments(items: PathData[]): Promise<void> {
    const dst = this.dst;
    if (dst.isDirectory) throw isDirectory(dst.display);
    const sources: Readable[] = [];
    for (const src of items) {
      if (src.display === '-') {
        sources.push(this.ctx.io.in);
        continue;
      }
      if (!src.exists) throw new ShellPathError(src.display, 'No such file or directory');
      if (src.isDirectory) throw isDirectory(src.display);
    }
    let out: Writable;
    try {
      if (!dst.exists) await closeStream(await dst.fs.create(dst.path, { overwrite: false }));
      out = await dst.fs.append(dst.path);
    } catch (e) {
      throw asPathError(e, dst.display);
    }
    try {
      for (const src of items) {
        const input = src.display === '-' ? sources[0] : await src.fs.open(src.path);
        await pipeline(input, out, { end: false });
      }
    } finally {
      await closeStream(out);
    }
  }

  protected async processPath(): Promise<void> {
    return;
  }
}
