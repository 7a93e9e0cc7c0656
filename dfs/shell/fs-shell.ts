import { Configuration } from '../../common/conf/configuration';
import { ShellContext, ShellIO } from './context';
import { commandClass, fullUsage, usageLine } from './registry';
import { describe, UsageError } from './shell-errors';

/**
 * `hadoop fs <-command> [args]`: Hadoop 2's FsShell, written once against the FileSystem
 * interface so the same commands run on file://, hdfs:// and later schemes.
 *
 * Exit codes: 0 when everything succeeded; 1 when any argument failed, for a bad command line
 * and for an unknown command. (Hadoop itself returns 1 for failed paths but -1, shown as 255,
 * for usage errors; one non-zero code is simpler to script against.) `-test` answers with 0/1.
 */
export async function runFsShell(conf: Configuration, args: string[]): Promise<number> {
  // a reader that went away (`hadoop fs -cat x | head`) ends output quietly
  process.stdout.on('error', () => undefined);
  return runFsShellWith(conf, args, {
    out: process.stdout,
    err: process.stderr,
    get in() {
      return process.stdin;
    },
  });
}

/** The shell over any streams, for tests that run it in-process. */
export async function runFsShellWith(conf: Configuration, args: string[], io: ShellIO): Promise<number> {
  const ctx = new ShellContext(conf, io);
  if (args.length === 0) {
    await ctx.err(fullUsage());
    return 1;
  }
  const name = args[0];
  const cls = commandClass(name);
  if (!cls) {
    let msg = `${name}: Unknown command\n`;
    if (!name.startsWith('-') && commandClass('-' + name)) {
      msg += `Did you mean -${name}?  This command begins with a dash.\n`;
    }
    await ctx.err(msg + fullUsage());
    return 1;
  }
  const command = new cls(ctx, name.slice(1));
  try {
    return await command.run(args.slice(1));
  } catch (e) {
    if (e instanceof UsageError) {
      await ctx.err(`${name}: ${e.message}\nUsage: hadoop fs [generic options] ${usageLine(name, cls)}\n`);
      return 1;
    }
    if (process.env.HADOOP_DEBUG) console.error(e);
    await ctx.err(`${name}: ${describe(e)}\n`);
    return 1;
  }
}
