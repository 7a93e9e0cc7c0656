import type { ShellContext } from './context';
import { PathData } from './path-data';
import { describe, notFound, UsageError } from './shell-errors';

export { UsageError };

/** What the registry and -help need to know about a command class. */
export interface CommandClass {
  new (ctx: ShellContext, name: string): Command;
  readonly usage: string;
  readonly description: string;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
}

/**
 * Hadoop's CommandFormat: options only at the front, one per argument (`-r -f`, never `-rf`),
 * `--` ends them and `-` alone is an argument (stdin). Removes what it parses from `args`.
 */
export function parseOptions(
  args: string[],
  min: number,
  max: number,
  flags: string[],
  withValue: string[] = [],
): ParsedOptions {
  const out: ParsedOptions = { flags: new Set(), values: new Map() };
  while (args.length > 0) {
    const arg = args[0];
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg === '--') {
      args.shift();
      break;
    }
    const opt = arg.slice(1);
    if (flags.includes(opt)) {
      out.flags.add(opt);
      args.shift();
    } else if (withValue.includes(opt)) {
      if (args.length < 2) throw new UsageError(`option ${arg} requires an argument`);
      out.values.set(opt, args[1]);
      args.splice(0, 2);
    } else {
      throw new UsageError(`Illegal option ${arg}`);
    }
  }
  checkCount(args, min, max);
  return out;
}

export function checkCount(args: string[], min: number, max: number): void {
  if (args.length < min) throw new UsageError(`Not enough arguments: expected ${min} but got ${args.length}`);
  if (args.length > max) throw new UsageError(`Too many arguments: expected ${max} but got ${args.length}`);
}

/**
 * Hadoop 2's shell Command: expand each argument (globs), process each path, recurse into
 * directories when asked, and report each failure on its own line without stopping the others.
 * A command's exit code is 0, or 1 when anything failed.
 */
export abstract class Command {
  protected recursive = false;
  protected depth = 0;
  protected exitCode = 0;
  private numErrors = 0;

  constructor(
    protected readonly ctx: ShellContext,
    /** As invoked, without the dash: the prefix of its error lines. */
    readonly name: string,
  ) {}

  /** Runs with the arguments after the command name. A UsageError escapes to the shell. */
  async run(args: string[]): Promise<number> {
    const list = [...args];
    const replacement = this.replacementCommand();
    if (replacement) await this.warn(`DEPRECATED: Please use '${replacement}' instead.`);
    try {
      await this.processOptions(list);
      await this.processRawArguments(list);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      await this.displayError(e);
    }
    return this.numErrors === 0 ? this.exitCode : 1;
  }

  /** For deprecated commands (lsr, rmr, dus): what to use instead. */
  protected replacementCommand(): string | null {
    return null;
  }

  protected abstract processOptions(args: string[]): Promise<void> | void;

  protected async processRawArguments(args: string[]): Promise<void> {
    await this.processArguments(await this.expandArguments(args));
  }

  protected async expandArguments(args: string[]): Promise<PathData[]> {
    const items: PathData[] = [];
    for (const arg of args) {
      try {
        items.push(...(await this.expandArgument(arg)));
      } catch (e) {
        await this.displayError(e);
      }
    }
    return items;
  }

  protected async expandArgument(arg: string): Promise<PathData[]> {
    const items = await PathData.expandAsGlob(this.ctx, arg);
    if (items.length === 0) throw notFound(arg);
    return items;
  }

  protected async processArguments(items: PathData[]): Promise<void> {
    for (const item of items) {
      try {
        await this.processArgument(item);
      } catch (e) {
        await this.displayError(e, item.display);
      }
    }
  }

  protected async processArgument(item: PathData): Promise<void> {
    if (item.exists) await this.processPathArgument(item);
    else await this.processNonexistentPathArgument(item);
  }

  protected async processPathArgument(item: PathData): Promise<void> {
    await this.processPaths(null, [item]);
  }

  protected async processNonexistentPathArgument(item: PathData): Promise<void> {
    throw notFound(item.display);
  }

  protected async processPaths(_parent: PathData | null, items: PathData[]): Promise<void> {
    for (const item of items) {
      try {
        await this.processPath(item);
        if (this.recursive && item.isDirectory) await this.recursePath(item);
        await this.postProcessPath(item);
      } catch (e) {
        await this.displayError(e, item.display);
      }
    }
  }

  protected async recursePath(item: PathData): Promise<void> {
    this.depth++;
    try {
      await this.processPaths(item, await item.children());
    } finally {
      this.depth--;
    }
  }

  protected abstract processPath(item: PathData): Promise<void>;

  protected async postProcessPath(_item: PathData): Promise<void> {
    return;
  }

  /** Counts a failure and prints ``name: `path': reason``. */
  protected async displayError(e: unknown, display?: string): Promise<void> {
    if (e instanceof UsageError) throw e;
    this.numErrors++;
    if (process.env.HADOOP_DEBUG) console.error(e);
    await this.ctx.err(`${this.name}: ${describe(e, display)}\n`);
  }

  protected async warn(message: string): Promise<void> {
    await this.ctx.err(`${this.name}: ${message}\n`);
  }

  protected out(text: string | Buffer): Promise<void> {
    return this.ctx.out(text);
  }
}
