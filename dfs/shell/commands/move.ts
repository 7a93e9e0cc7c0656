import { parseOptions } from '../command';
import type { PathData } from '../path-data';
import { asPathError, exists, ShellPathError } from '../shell-errors';
import { DestinationCommand } from './destination';

/**
 * `-mv <src> ... <dst>`: renames within one filesystem (files and whole directories); moving
 * across filesystems is refused, as in Hadoop.
 */
export class Mv extends DestinationCommand {
  static readonly usage: string = '<src> ... <dst>';
  static readonly description: string =
    'Move files that match the specified file pattern <src> to a destination <dst>. When moving ' +
    'multiple files, the destination must be a directory.';

  protected async processOptions(args: string[]): Promise<void> {
    parseOptions(args, 2, Infinity, []);
    await this.getRemoteDestination(args);
  }

  protected override async processPathTo(src: PathData, target: PathData): Promise<void> {
    if (src.fs.uri() !== target.fs.uri()) {
      throw new ShellPathError(src.display, 'Does not match target filesystem');
    }
    if (target.exists && !target.isDirectory) throw exists(target.display);
    try {
      await target.fs.rename(src.path, target.path);
    } catch (e) {
      if ((e as { code?: string }).code === 'FS_RENAME_INTO_SELF') {
        throw new ShellPathError(src.display, 'is a subdirectory of itself', target.display);
      }
      throw asPathError(e, (e as { code?: string }).code === 'FS_NOT_FOUND' ? src.display : target.display);
    }
  }
}
