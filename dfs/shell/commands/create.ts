import { closeStream } from '../../../common/fs/filesystem';
import { Command, parseOptions } from '../command';
import type { PathData } from '../path-data';
import { asPathError, exists, isDirectory, notDirectory, notFound, ShellPathError } from '../shell-errors';

/** `-mkdir [-p] <path> ...`: an existing directory is an error unless -p; a missing parent too. */
export class Mkdir extends Command {
  static readonly usage: string = '[-p] <path> ...';
  static readonly description: string =
    'Create a directory in specified location.\n' +
    '-p:  Do not fail if the directory already exists; create missing parents.';

  private createParents = false;

  protected processOptions(args: string[]): void {
    this.createParents = parseOptions(args, 1, Infinity, ['p']).flags.has('p');
  }

  protected async processPath(item: PathData): Promise<void> {
    if (!item.isDirectory) throw notDirectory(item.display);
    if (!this.createParents) throw exists(item.display);
  }

  protected override async processNonexistentPathArgument(item: PathData): Promise<void> {
    if (!this.createParents) {
      const parent = item.path.getParent();
      if (parent !== null && !(await item.fs.exists(parent))) throw notFound(item.display);
    }
    try {
      await item.fs.mkdirs(item.path);
    } catch (e) {
      throw asPathError(e, item.display);
    }
  }
}

/** `-touchz <path> ...`: creates empty files; an existing one must already be empty. */
export class Touchz extends Command {
  static readonly usage: string = '<path> ...';
  static readonly description: string =
    'Creates a file of zero length at <path> with current time as the timestamp of that <path>. ' +
    'An error is returned if the file exists with non-zero length';

  protected processOptions(args: string[]): void {
    parseOptions(args, 1, Infinity, []);
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) throw isDirectory(item.display);
    if (item.stat!.length !== 0) throw new ShellPathError(item.display, 'Not a zero-length file');
    await this.touchz(item);
  }

  protected override async processNonexistentPathArgument(item: PathData): Promise<void> {
    if (!(await item.parentExists())) throw notFound(item.display);
    await this.touchz(item);
  }

  private async touchz(item: PathData): Promise<void> {
    try {
      await closeStream(await item.fs.create(item.path, { overwrite: true }));
    } catch (e) {
      throw asPathError(e, item.display);
    }
  }
}
