import { parseOptions } from '../command';
import { PathData } from '../path-data';
import { exists, ShellPathError } from '../shell-errors';
import { DestinationCommand } from './destination';

/** `-cp [-f] [-p] <src> ... <dst>`: copies files and directory trees, on one or across filesystems. */
export class Cp extends DestinationCommand {
  static readonly usage: string = '[-f] [-p] <src> ... <dst>';
  static readonly description: string =
    'Copy files that match the file pattern <src> to a destination. When copying multiple files, ' +
    'the destination must be a directory.\n' +
    '-f:  Overwrite the destination if it already exists.\n' +
    '-p:  Preserve file attributes (times, permission, owner, group).';

  protected async processOptions(args: string[]): Promise<void> {
    const opts = parseOptions(args, 2, Infinity, ['f', 'p']);
    this.overwrite = opts.flags.has('f');
    this.preserve = opts.flags.has('p');
    this.recursive = true;
    await this.getRemoteDestination(args);
  }
}

/** `-put [-f] [-p] <localsrc> ... <dst>` (also `-copyFromLocal`); `-` reads stdin. */
export class Put extends DestinationCommand {
  static readonly usage: string = '[-f] [-p] <localsrc> ... <dst>';
  static readonly description: string =
    'Copy files from the local file system into fs. Copying fails if the file already exists, ' +
    'unless the -f flag is given. Passing - as the only source reads the input from stdin.\n' +
    '-f:  Overwrites the destination if it already exists.\n' +
    '-p:  Preserves access and modification times, ownership and the mode.';

  protected async processOptions(args: string[]): Promise<void> {
    const opts = parseOptions(args, 1, Infinity, ['f', 'p']);
    this.overwrite = opts.flags.has('f');
    this.preserve = opts.flags.has('p');
    this.recursive = true;
    await this.getRemoteDestination(args);
  }

  /** Local sources are taken as they are: the shell that started us has expanded any globs. */
  protected override async expandArgument(arg: string): Promise<PathData[]> {
    if (arg === '-') {
      const local = this.ctx.localFileSystem();
      return [new PathData(local, local.makeQualified('-'), '-', null)];
    }
    return [await PathData.local(this.ctx, arg)];
  }

  protected override async processArguments(items: PathData[]): Promise<void> {
    if (items.length === 1 && items[0].display === '-') {
      const target = await this.getTargetPath(items[0]);
      if (!target.exists && !(await target.parentExists())) throw new ShellPathError(target.display, 'No such file or directory');
      this.preserve = false;
      await this.copyStreamToTarget(this.ctx.io.in, target);
      return;
    }
    await super.processArguments(items);
  }
}

/** `-moveFromLocal <localsrc> ... <dst>`: put, then delete each local source that was copied. */
export class MoveFromLocal extends Put {
  static override readonly usage: string = '<localsrc> ... <dst>';
  static override readonly description: string = 'Same as -put, except that the source is deleted after it\'s copied.';

  protected override async processPathTo(src: PathData, target: PathData): Promise<void> {
    // unlike a copy, a move does not merge into an existing directory
    if (target.exists && target.isDirectory) throw exists(target.display);
    await super.processPathTo(src, target);
  }

  protected override async postProcessPath(src: PathData): Promise<void> {
    if (!(await src.fs.delete(src.path, false))) throw new ShellPathError(src.display, 'Input/output error');
  }
}

/** `-get [-f] [-p] [-ignoreCrc] [-crc] <src> ... <localdst>` (also `-copyToLocal`). */
export class Get extends DestinationCommand {
  static readonly usage: string = '[-f] [-p] [-ignoreCrc] [-crc] <src> ... <localdst>';
  static readonly description: string =
    'Copy files that match the file pattern <src> to the local name. <src> is kept. When copying ' +
    'multiple files, the destination must be a directory.\n' +
    '-f:  Overwrites the destination if it already exists.\n' +
    '-p:  Preserves access and modification times, ownership and the mode.\n' +
    '-ignoreCrc, -crc:  accepted for compatibility; blocks are verified by the filesystem on every read.';

  protected async processOptions(args: string[]): Promise<void> {
    const opts = parseOptions(args, 1, Infinity, ['f', 'p', 'crc', 'ignoreCrc']);
    this.overwrite = opts.flags.has('f');
    this.preserve = opts.flags.has('p');
    this.recursive = true;
    await this.getLocalDestination(args);
  }
}
