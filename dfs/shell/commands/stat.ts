import type { FileStatus } from '../../../common/fs/interfaces';
import { Command, parseOptions, UsageError } from '../command';
import { permissionString, utcSecond } from '../format';
import type { PathData } from '../path-data';

/**
 * `-stat [format] <path> ...`: one line per path from a format (default `%y`) with Hadoop's
 * specifiers; an unknown `%c` prints `c`, so `%%` prints `%`.
 */
export class Stat extends Command {
  static readonly usage: string = '[format] <path> ...';
  static readonly description: string =
    'Print statistics about the file/directory at <path> in the specified format. Format accepts ' +
    'filesize in blocks (%b), type (%F), group name of owner (%g), name (%n), block size (%o), ' +
    'replication (%r), user name of owner(%u), modification date (%y, %Y), permissions in octal (%a) ' +
    'and symbolic (%A), access date (%x, %X). %y shows UTC date as "yyyy-MM-dd HH:mm:ss" and %Y shows ' +
    'milliseconds since January 1, 1970 UTC. If the format is not specified, %y is used by default.';

  private format = '%y';

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 1, Infinity, ['R']);
    this.recursive = opts.flags.has('R');
    if (args[0].includes('%')) {
      this.format = args.shift()!;
      if (args.length === 0) throw new UsageError('Not enough arguments: expected 1 but got 0');
    }
  }

  protected async processPath(item: PathData): Promise<void> {
    await this.out(formatStat(this.format, item.stat!, item.path.getName()) + '\n');
  }
}

export function formatStat(format: string, st: FileStatus, name: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i + 1 === format.length) break;
    const spec = format[++i];
    switch (spec) {
      case 'a':
        out += (st.permission & 0o7777).toString(8);
        break;
      case 'A':
        out += permissionString(st.permission);
        break;
      case 'b':
        out += st.length;
        break;
      case 'F':
        out += st.isDirectory ? 'directory' : 'regular file';
        break;
      case 'g':
        out += st.group;
        break;
      case 'n':
        out += name;
        break;
      case 'o':
        out += st.blockSize;
        break;
      case 'r':
        out += st.replication;
        break;
      case 'u':
        out += st.owner;
        break;
      case 'x':
        out += utcSecond(st.accessTime);
        break;
      case 'X':
        out += st.accessTime;
        break;
      case 'y':
        out += utcSecond(st.modificationTime);
        break;
      case 'Y':
        out += st.modificationTime;
        break;
      default:
        out += spec;
    }
  }
  return out;
}

/** `-test -[defsz] <path>`: exit 0 when true, 1 when false or missing; prints nothing. */
export class Test extends Command {
  static readonly usage: string = '-[defsz] <path>';
  static readonly description: string =
    'Answer various questions about <path>, with result via exit status.\n' +
    '  -d  return 0 if <path> is a directory.\n' +
    '  -e  return 0 if <path> exists.\n' +
    '  -f  return 0 if <path> is a file.\n' +
    '  -s  return 0 if file <path> is greater than zero bytes in size.\n' +
    '  -z  return 0 if file <path> is zero bytes in size, else return 1.';

  private flag = 'e';

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 1, 1, ['e', 'd', 'f', 's', 'z']);
    if (opts.flags.size === 0) throw new UsageError('No test flag given');
    if (opts.flags.size > 1) throw new UsageError('Only one test flag is allowed');
    this.flag = [...opts.flags][0];
  }

  protected async processPath(item: PathData): Promise<void> {
    const st = item.stat!;
    const ok =
      this.flag === 'e' ||
      (this.flag === 'd' && st.isDirectory) ||
      (this.flag === 'f' && !st.isDirectory) ||
      (this.flag === 's' && st.length > 0) ||
      (this.flag === 'z' && st.length === 0);
    if (!ok) this.exitCode = 1;
  }

  protected override async processNonexistentPathArgument(): Promise<void> {
    this.exitCode = 1;
  }
}
