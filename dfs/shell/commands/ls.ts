import { Command, parseOptions } from '../command';
import { formatSize, localMinute, padLeft, padRight, permissionString } from '../format';
import type { PathData } from '../path-data';

/**
 * `-ls [-d] [-h] [-R] [<path> ...]`, Hadoop 2's Ls: a listed directory prints `Found N items`
 * (not with -R) and then one line per child, columns sized per listing:
 * `drwxr-xr-x   - alice supergroup          0 2013-11-20 12:34 /user/alice/dir`.
 */
export class Ls extends Command {
  static readonly usage: string = '[-d] [-h] [-R] [<path> ...]';
  static readonly description: string =
    'List the contents that match the specified file pattern. If path is not specified, the contents of ' +
    '/user/<currentUser> (on file://, the working directory) will be listed. Directory entries are of the form:\n' +
    '\tpermissions - userId groupId sizeOfDirectory(in bytes) modificationDate(yyyy-MM-dd HH:mm) directoryName\n' +
    'and file entries are of the form:\n' +
    '\tpermissions numberOfReplicas userId groupId sizeOfFile(in bytes) modificationDate(yyyy-MM-dd HH:mm) fileName\n' +
    '-d:  Directories are listed as plain files.\n' +
    '-h:  Formats the sizes of files in a human-readable fashion rather than a number of bytes.\n' +
    '-R:  Recursively list the contents of directories.';

  private dirRecurse = true;
  private humanReadable = false;
  private lineFormat: (cells: string[]) => string = (c) => c.join(' ');

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 0, Infinity, ['d', 'h', 'R']);
    this.dirRecurse = !opts.flags.has('d');
    this.recursive = opts.flags.has('R') && this.dirRecurse;
    this.humanReadable = opts.flags.has('h');
    if (args.length === 0) args.push('.');
  }

  protected override async processPathArgument(item: PathData): Promise<void> {
    // a directory named on the command line is listed, not shown, unless -d
    if (this.dirRecurse && item.isDirectory) await this.recursePath(item);
    else await super.processPathArgument(item);
  }

  protected override async processPaths(parent: PathData | null, items: PathData[]): Promise<void> {
    if (parent !== null && !this.recursive && items.length !== 0) await this.out(`Found ${items.length} items\n`);
    this.adjustColumnWidths(items);
    await super.processPaths(parent, items);
  }

  protected async processPath(item: PathData): Promise<void> {
    const st = item.stat!;
    const line = this.lineFormat([
      (st.isDirectory ? 'd' : '-') + permissionString(st.permission) + ' ',
      st.isDirectory ? '-' : String(st.replication),
      st.owner,
      st.group,
      formatSize(st.length, this.humanReadable),
      localMinute(st.modificationTime),
      item.display,
    ]);
    await this.out(line + '\n');
  }

  private adjustColumnWidths(items: PathData[]): void {
    let repl = 3;
    let len = 10;
    let owner = 0;
    let group = 0;
    for (const { stat } of items) {
      if (!stat) continue;
      repl = Math.max(repl, String(stat.replication).length);
      len = Math.max(len, String(stat.length).length);
      owner = Math.max(owner, stat.owner.length);
      group = Math.max(group, stat.group.length);
    }
    this.lineFormat = ([perm, r, o, g, size, date, p]) =>
      perm +
      padLeft(r, repl) +
      ' ' +
      (owner > 0 ? padRight(o, owner) + ' ' : o) +
      (group > 0 ? padRight(g, group) + ' ' : g) +
      padLeft(size, len) +
      ' ' +
      date +
      ' ' +
      p;
  }
}

/** `-lsr`: deprecated, `ls -R`. */
export class Lsr extends Ls {
  static override readonly usage: string = '[<path> ...]';
  static override readonly description: string = "Equivalent to -ls -R.\nNote: This command is deprecated. Instead use 'hadoop fs -ls -R'";

  protected override processOptions(args: string[]): void {
    args.unshift('-R');
    super.processOptions(args);
  }

  protected override replacementCommand(): string {
    return 'ls -R';
  }
}
