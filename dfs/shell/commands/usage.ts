import { Command, parseOptions } from '../command';
import { formatSize, padLeft, table } from '../format';
import type { PathData } from '../path-data';

/** `-du [-s] [-h] <path> ...`: sizes one level into each directory; -s one total per argument. */
export class Du extends Command {
  static readonly usage: string = '[-s] [-h] <path> ...';
  static readonly description: string =
    'Show the amount of space, in bytes, used by the files that match the specified file pattern. ' +
    'The following flags are optional:\n' +
    '-s:  Rather than showing the size of each individual file that matches the pattern, shows the total (summary) size.\n' +
    '-h:  Formats the sizes of files in a human-readable fashion rather than a number of bytes.\n\n' +
    'Note that, even without the -s option, this only shows size summaries one level deep into a directory.\n\n' +
    'The output is in the form \n\tsize\tname(full path)';

  protected summary = false;
  private humanReadable = false;
  private rows: string[][] = [];

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 0, Infinity, ['h', 's']);
    this.humanReadable = opts.flags.has('h');
    this.summary = this.summary || opts.flags.has('s');
    if (args.length === 0) args.push('.');
  }

  protected override async processPathArgument(item: PathData): Promise<void> {
    this.rows = [];
    try {
      if (!this.summary && item.isDirectory) await this.recursePath(item);
      else await super.processPathArgument(item);
    } finally {
      await this.out(table(this.rows));
    }
  }

  protected async processPath(item: PathData): Promise<void> {
    const length = item.isDirectory ? (await item.fs.getContentSummary(item.path)).length : item.stat!.length;
    this.rows.push([formatSize(length, this.humanReadable), item.display]);
  }
}

/** `-dus`: deprecated, `du -s`. */
export class Dus extends Du {
  static override readonly usage: string = '<path> ...';
  static override readonly description: string =
    "Show the amount of space, in bytes, used by the files that match the specified file pattern.\n" +
    "Note: This command is deprecated. Instead use 'hadoop fs -du -s'";

  protected override processOptions(args: string[]): void {
    this.summary = true;
    super.processOptions(args);
  }

  protected override replacementCommand(): string {
    return 'du -s';
  }
}

/** `-df [-h] [<path> ...]`: capacity, used and available space of each path's filesystem. */
export class Df extends Command {
  static readonly usage: string = '[-h] [<path> ...]';
  static readonly description: string =
    'Shows the capacity, free and used space of the filesystem. If the filesystem has multiple ' +
    'partitions, and no path to a particular partition is specified, then the status of the root ' +
    'partitions will be shown.\n' +
    '-h:  Formats the sizes of files in a human-readable fashion rather than a number of bytes.';

  private humanReadable = false;
  private rows: string[][] = [];

  protected processOptions(args: string[]): void {
    this.humanReadable = parseOptions(args, 0, Infinity, ['h']).flags.has('h');
    if (args.length === 0) args.push('/');
  }

  protected override async processArguments(items: PathData[]): Promise<void> {
    this.rows = [['Filesystem', 'Size', 'Used', 'Available', 'Use%']];
    await super.processArguments(items);
    if (this.rows.length > 1) await this.out(table(this.rows, [1, 2, 3, 4]));
  }

  protected async processPath(item: PathData): Promise<void> {
    const st = await item.fs.getStatus();
    const uri = item.fs.authority ? item.fs.uri() : `${item.fs.scheme}:///`;
    const pct = st.capacity > 0 ? Math.round((st.used / st.capacity) * 100) : 0;
    const h = this.humanReadable;
    this.rows.push([uri, formatSize(st.capacity, h), formatSize(st.used, h), formatSize(st.remaining, h), `${pct}%`]);
  }
}

/**
 * `-count [-q] [-h] <path> ...`: `%12s %12s %18s ` DIR_COUNT FILE_COUNT CONTENT_SIZE, then the
 * path; -q puts QUOTA REMAINING_QUOTA SPACE_QUOTA REMAINING_SPACE_QUOTA (`%12s %15s %15s %15s `,
 * `none`/`inf` when unset) in front.
 */
export class Count extends Command {
  static readonly usage: string = '[-q] [-h] <path> ...';
  static readonly description: string =
    'Count the number of directories, files and bytes under the paths that match the specified file ' +
    'pattern.  The output columns are:\n' +
    'DIR_COUNT FILE_COUNT CONTENT_SIZE FILE_NAME or\n' +
    'QUOTA REMAINING_QUOTA SPACE_QUOTA REMAINING_SPACE_QUOTA \n' +
    '      DIR_COUNT FILE_COUNT CONTENT_SIZE FILE_NAME\n' +
    '-h:  Formats the sizes of files in a human-readable fashion rather than a number of bytes.';

  private showQuotas = false;
  private humanReadable = false;

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 1, Infinity, ['q', 'h']);
    this.showQuotas = opts.flags.has('q');
    this.humanReadable = opts.flags.has('h');
  }

  protected async processPath(item: PathData): Promise<void> {
    const cs = await item.fs.getContentSummary(item.path);
    const f = (n: number) => formatSize(n, this.humanReadable);
    let prefix = '';
    if (this.showQuotas) {
      const quota = cs.quota > 0 ? f(cs.quota) : 'none';
      const quotaRem = cs.quota > 0 ? f(cs.quota - (cs.directoryCount + cs.fileCount)) : 'inf';
      const space = cs.spaceQuota > 0 ? f(cs.spaceQuota) : 'none';
      const spaceRem = cs.spaceQuota > 0 ? f(cs.spaceQuota - cs.spaceConsumed) : 'inf';
      prefix = `${padLeft(quota, 12)} ${padLeft(quotaRem, 15)} ${padLeft(space, 15)} ${padLeft(spaceRem, 15)} `;
    }
    const line = `${padLeft(f(cs.directoryCount), 12)} ${padLeft(f(cs.fileCount), 12)} ${padLeft(f(cs.length), 18)} `;
    await this.out(`${prefix}${line}${item.display}\n`);
  }
}
