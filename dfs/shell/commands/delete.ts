import { HadoopError } from '../../../common/errors';
import { Path } from '../../../common/fs/path';
import { checkpoint, expunge, moveToTrash, TRASH, trashIntervalMs } from '../../../common/fs/trash';
import { Command, parseOptions } from '../command';
import type { PathData } from '../path-data';
import { asPathError, isDirectory, notDirectory, notEmpty, ShellPathError } from '../shell-errors';

/**
 * `-rm [-f] [-r|-R] [-skipTrash] <src> ...`: prints `Deleted <path>`; a directory needs -r.
 * With fs.trash.interval > 0 the path moves to `<home>/.Trash/Current<path>` instead.
 */
export class Rm extends Command {
  static readonly usage: string = '[-f] [-r|-R] [-skipTrash] <src> ...';
  static readonly description: string =
    'Delete all files that match the specified file pattern. Equivalent to the Unix command "rm <src>"\n' +
    '-skipTrash:  option bypasses trash, if enabled, and immediately deletes <src>\n' +
    '-f:  If the file does not exist, do not display a diagnostic message or modify the exit status to reflect an error.\n' +
    '-[rR]:  Recursively deletes directories';

  protected skipTrash = false;
  protected deleteDirs = false;
  private ignoreNotFound = false;

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 1, Infinity, ['f', 'r', 'R', 'skipTrash']);
    this.ignoreNotFound = opts.flags.has('f');
    this.deleteDirs = this.deleteDirs || opts.flags.has('r') || opts.flags.has('R');
    this.skipTrash = opts.flags.has('skipTrash');
  }

  protected override async expandArgument(arg: string): Promise<PathData[]> {
    try {
      return await super.expandArgument(arg);
    } catch (e) {
      // -f: a glob that matches nothing is not an error either
      if (this.ignoreNotFound && e instanceof ShellPathError) return [];
      throw e;
    }
  }

  protected override async processNonexistentPathArgument(item: PathData): Promise<void> {
    if (!this.ignoreNotFound) await super.processNonexistentPathArgument(item);
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory && !this.deleteDirs) throw isDirectory(item.display);
    if (await this.moveToTrash(item)) return;
    let deleted: boolean;
    try {
      deleted = await item.fs.delete(item.path, this.deleteDirs);
    } catch (e) {
      throw asPathError(e, item.display);
    }
    if (!deleted) throw new ShellPathError(item.display, 'Input/output error');
    await this.out(`Deleted ${item.display}\n`);
  }

  /** Into the trash when fs.trash.interval is on (common/fs/trash.ts): true when the path was moved. */
  private async moveToTrash(item: PathData): Promise<boolean> {
    if (this.skipTrash) return false;
    let moved: { moved: boolean; current: Path };
    try {
      moved = await moveToTrash(item.fs, item.path, this.ctx.conf.getFloat('fs.trash.interval', 0));
    } catch (e) {
      if (e instanceof HadoopError && e.code === 'FS_CONTAINS_TRASH') throw new ShellPathError(item.display, e.message);
      throw new ShellPathError(item.display, `Failed to move to trash: ${(e as Error).message}`);
    }
    if (moved.moved) await this.out(`Moved: '${item.path}' to trash at: ${moved.current}\n`);
    return moved.moved;
  }
}

/**
 * `-expunge`: deletes the trash checkpoints older than fs.trash.interval and checkpoints the
 * current trash, for this user on the default filesystem (Hadoop's Trash.expunge + checkpoint).
 */
export class Expunge extends Command {
  static readonly usage: string = '';
  static readonly description: string = 'Empty the Trash';

  protected processOptions(args: string[]): void {
    parseOptions(args, 0, 0, []);
  }

  protected override async processRawArguments(): Promise<void> {
    const fs = this.ctx.fileSystem('/');
    const trashRoot = new Path(fs.getHomeDirectory(), TRASH);
    await expunge(fs, trashRoot, trashIntervalMs(this.ctx.conf.getFloat('fs.trash.interval', 0)));
    await checkpoint(fs, trashRoot);
  }

  protected async processPath(): Promise<void> {
    // no path arguments
  }
}

/** `-rmr`: deprecated, `rm -r`. */
export class Rmr extends Rm {
  static override readonly usage: string = '[-skipTrash] <src> ...';
  static override readonly description: string =
    "Remove all directories which match the specified file pattern. Equivalent to the Unix command \"rm -rf <src>\"\n" +
    "Note: This command is deprecated. Instead use 'hadoop fs -rm -r'";

  protected override processOptions(args: string[]): void {
    this.deleteDirs = true;
    super.processOptions(args);
  }

  protected override replacementCommand(): string {
    return 'rm -r';
  }
}

/** `-rmdir [--ignore-fail-on-non-empty] <dir> ...`: removes empty directories only. */
export class Rmdir extends Command {
  static readonly usage: string = '[--ignore-fail-on-non-empty] <dir> ...';
  static readonly description: string =
    'Removes the directory entry specified by each directory argument, provided it is empty.\n' +
    '--ignore-fail-on-non-empty:  Do not report a failure when a directory is not empty.';

  private ignoreNonEmpty = false;

  protected processOptions(args: string[]): void {
    this.ignoreNonEmpty = parseOptions(args, 1, Infinity, ['-ignore-fail-on-non-empty']).flags.has('-ignore-fail-on-non-empty');
  }

  protected async processPath(item: PathData): Promise<void> {
    if (!item.isDirectory) throw notDirectory(item.display);
    if ((await item.fs.listStatus(item.path)).length === 0) {
      if (!(await item.fs.delete(item.path, false))) throw new ShellPathError(item.display, 'Input/output error');
    } else if (!this.ignoreNonEmpty) {
      throw notEmpty(item.display);
    }
  }
}
