import { Command, UsageError } from '../command';
import type { PathData } from '../path-data';
import { commandClass, commandNames, fullUsage, usageLine } from '../registry';

const WIDTH = 100;

/** `-help [cmd ...]`: each command's usage and description (all commands without arguments). */
export class Help extends Command {
  static readonly usage: string = '[cmd ...]';
  static readonly description: string =
    'Displays help for given command or all commands if none is specified.';

  private names: string[] = [];

  protected processOptions(args: string[]): void {
    this.names = args.splice(0).map((n) => (n.startsWith('-') ? n : '-' + n));
  }

  protected override async processRawArguments(): Promise<void> {
    if (this.names.length === 0) await this.out(fullUsage() + '\n');
    for (const name of this.names.length ? this.names : commandNames()) {
      const cls = commandClass(name);
      if (!cls) {
        await this.displayError(new Error(`Unknown command ${name.slice(1)}`));
        continue;
      }
      const lines = [`${usageLine(name, cls)} :`];
      for (const line of cls.description.split('\n')) {
        for (const wrapped of wrap(line, WIDTH)) lines.push(`  ${wrapped}`);
      }
      await this.out(lines.join('\n') + '\n\n');
    }
  }

  protected async processPath(_item: PathData): Promise<void> {
    return;
  }
}

/** `-usage [cmd ...]`: the usage line of the given commands (of all without arguments). */
export class Usage extends Command {
  static readonly usage: string = '[cmd ...]';
  static readonly description: string = 'Displays the usage for given command or all commands if none is specified.';

  private names: string[] = [];

  protected processOptions(args: string[]): void {
    this.names = args.splice(0).map((n) => (n.startsWith('-') ? n : '-' + n));
  }

  protected override async processRawArguments(): Promise<void> {
    if (this.names.length === 0) {
      await this.out(fullUsage());
      return;
    }
    for (const name of this.names) {
      const cls = commandClass(name);
      if (!cls) throw new UsageError(`Unknown command ${name.slice(1)}`);
      await this.out(`Usage: hadoop fs [generic options] ${usageLine(name, cls)}\n`);
    }
  }

  protected async processPath(_item: PathData): Promise<void> {
    return;
  }
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let cur = '';
  for (const word of line.split(' ')) {
    if (cur && cur.length + 1 + word.length > width) {
      out.push(cur);
      cur = word;
    } else {
      cur = cur ? `${cur} ${word}` : word;
    }
  }
  if (cur) out.push(cur);
  return out;
}
