import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zlib from 'node:zlib';
import { Command, parseOptions, UsageError } from '../command';
import { PathData } from '../path-data';
import { isDirectory, notFound } from '../shell-errors';
import { codecForPath } from '../../../common/io/codec';
import { decodeSequenceFileToText, isSequenceFile } from '../../../common/io/sequence-file';

/** `-cat <src> ...`: the bytes of each file to stdout. */
export class Cat extends Command {
  static readonly usage: string = '[-ignoreCrc] <src> ...';
  static readonly description: string =
    'Fetch all files that match the file pattern <src> and display their content on stdout.';

  protected processOptions(args: string[]): void {
    parseOptions(args, 1, Infinity, ['ignoreCrc']);
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) throw isDirectory(item.display);
    await this.print(await this.getInputStream(item));
  }

  protected async getInputStream(item: PathData): Promise<Readable> {
    return item.fs.open(item.path);
  }

  protected async print(input: Readable): Promise<void> {
    await pipeline(input, this.ctx.io.out, { end: false });
  }
}

/**
 * `-text <src> ...`: like cat, but decodes what it recognizes: gzip by its magic `1f 8b`,
 * SequenceFiles by `SEQ` (one `key<TAB>value` line per record), and other codecs by extension.
 */
export class Text extends Cat {
  static override readonly usage: string = '[-ignoreCrc] <src> ...';
  static override readonly description: string =
    'Takes a source file and outputs the file in text format.\n' +
    'The allowed formats are zip (gzip) and TextRecordInputStream (SequenceFile).';

  protected override async getInputStream(item: PathData): Promise<Readable> {
    const magic = await readFully(await item.fs.open(item.path, { start: 0, end: 3 }));
    if (magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
      return decode(await item.fs.open(item.path), zlib.createGunzip());
    }
    if (isSequenceFile(magic)) {
      return Readable.from(decodeSequenceFileToText(await item.fs.open(item.path), this.ctx.conf));
    }
    const codec = codecForPath(item.path.getName());
    if (codec) return decode(await item.fs.open(item.path), codec.createInputStream());
    return item.fs.open(item.path);
  }
}

/** The decoded side of raw -> decoder, carrying a read error of the raw side. */
function decode(raw: Readable, decoder: Transform): Readable {
  raw.once('error', (e) => decoder.destroy(e));
  return raw.pipe(decoder);
}

async function readFully(input: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of input) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** `-tail [-f] [-s <ms>] <file>`: the last kilobyte; -f keeps printing what is appended. */
export class Tail extends Command {
  static readonly usage: string = '[-f] [-s <sleep interval ms>] <file>';
  static readonly description: string =
    'Show the last 1KB of the file.\n' +
    '-f:  Shows appended data as the file grows.\n' +
    '-s:  With -f, the interval between checks for new data, in milliseconds (default 5000).';

  private follow = false;
  private followDelay = 5000;

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 1, 1, ['f'], ['s']);
    this.follow = opts.flags.has('f');
    const s = opts.values.get('s');
    if (s !== undefined) {
      this.followDelay = Number(s);
      if (!/^\d+$/.test(s) || this.followDelay <= 0) throw new UsageError(`Invalid sleep interval: ${s}`);
    }
  }

  /** Hadoop's tail takes its one argument literally, without glob expansion. */
  protected override async expandArgument(arg: string): Promise<PathData[]> {
    return [await PathData.of(this.ctx, arg)];
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) throw isDirectory(item.display);
    let offset = await this.dumpFromOffset(item, -1024);
    while (this.follow) {
      await sleep(this.followDelay);
      offset = await this.dumpFromOffset(item, offset);
    }
  }

  /**
   * A negative offset counts from the end of the file. Reads to whatever end a reader sees now,
   * which for a file still being written is what its writer has hflushed (more than its listed
   * length), as Hadoop's tail reads on from its position. Returns where the next dump starts.
   */
  private async dumpFromOffset(item: PathData, offset: number): Promise<number> {
    const st = await item.refreshStatus();
    if (!st) throw notFound(item.display);
    let pos = offset < 0 ? Math.max(st.length + offset, 0) : offset;
    const counted = async function* (src: AsyncIterable<Buffer>) {
      for await (const chunk of src) {
        pos += chunk.length;
        yield chunk;
      }
    };
    await pipeline(await item.fs.open(item.path, { start: pos }), counted, this.ctx.io.out, { end: false });
    return pos;
  }
}

/** `-head <file>`: the first kilobyte. */
export class Head extends Command {
  static readonly usage: string = '<file>';
  static readonly description: string = 'Show the first 1KB of the file.';

  protected processOptions(args: string[]): void {
    parseOptions(args, 1, 1, []);
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) throw isDirectory(item.display);
    const end = Math.min(1024, item.stat!.length);
    if (end > 0) await pipeline(await item.fs.open(item.path, { start: 0, end }), this.ctx.io.out, { end: false });
  }
}

/** `-checksum <src> ...`: `<path>\t<algorithm>\t<hex>` from the filesystem's file checksum. */
export class Checksum extends Command {
  static readonly usage: string = '<src> ...';
  static readonly description: string =
    'Dump checksum information for files that match the file pattern <src> to stdout. Note that this ' +
    'requires a round-trip to a datanode storing each block of the file, and thus is not efficient to ' +
    'run on a large number of files. The checksum of a file depends on its content, block size and ' +
    'the checksum algorithm and parameters used for creating the file.';

  protected processOptions(args: string[]): void {
    parseOptions(args, 1, Infinity, []);
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) throw isDirectory(item.display);
    const sum = await item.fs.getFileChecksum(item.path);
    await this.out(`${item.display}\t${sum.algorithmName}\t${sum.bytes.toString('hex')}\n`);
  }
}
