import { setTimeout as sleep } from 'node:timers/promises';
import { Command, parseOptions, UsageError } from '../command';
import type { PathData } from '../path-data';
import { asPathError, ShellPathError } from '../shell-errors';

/**
 * `-setrep [-R] [-w] <rep> <path> ...`: sets the replication of every file under the paths
 * (always recursive; -R is accepted for compatibility) and prints `Replication N set: <path>`.
 * -w then waits until every block has that many replicas.
 */
export class SetReplication extends Command {
  static readonly usage: string = '[-R] [-w] <rep> <path> ...';
  static readonly description: string =
    'Set the replication level of a file. If <path> is a directory then the command recursively ' +
    'changes the replication factor of all files under the directory tree rooted at <path>.\n' +
    '-w:  It requests that the command waits for the replication to complete. This can potentially take a very long time.\n' +
    '-R:  It is accepted for backwards compatibility. It has no effect.';

  private replication = 0;
  private wait = false;
  private readonly waitList: PathData[] = [];

  protected processOptions(args: string[]): void {
    const opts = parseOptions(args, 2, Infinity, ['R', 'w']);
    this.wait = opts.flags.has('w');
    const text = args.shift()!;
    if (!/^\d+$/.test(text)) throw new UsageError(`For input string: "${text}"`);
    this.replication = Number(text);
    if (this.replication < 1) throw new UsageError('replication must be >= 1');
    this.recursive = true;
  }

  protected override async processArguments(items: PathData[]): Promise<void> {
    await super.processArguments(items);
    if (this.waitList.length > 0) await this.waitForReplication();
  }

  protected async processPath(item: PathData): Promise<void> {
    if (item.isDirectory) return;
    let ok: boolean;
    try {
      ok = await item.fs.setReplication(item.path, this.replication);
    } catch (e) {
      throw asPathError(e, item.display);
    }
    if (!ok) throw new ShellPathError(item.display, 'Could not set replication');
    await this.out(`Replication ${this.replication} set: ${item.display}\n`);
    if (this.wait) this.waitList.push(item);
  }

  private async waitForReplication(): Promise<void> {
    for (const item of this.waitList) {
      await this.out(`Waiting for ${item.display} ...`);
      // a filesystem without replicas (file://) has nothing to wait for
      let warned = !item.fs.supports.replication;
      for (;;) {
        const st = await item.refreshStatus();
        if (!st || !item.fs.supports.replication) break;
        const blocks = await item.fs.getFileBlockLocations(st, 0, st.length);
        const behind = blocks.find((b) => b.hosts.length !== this.replication);
        if (!behind) break;
        if (!warned && behind.hosts.length > this.replication) {
          await this.out('\nWARNING: the waiting time may be long for DECREASING the number of replications.\n');
          warned = true;
        }
        await this.out('.');
        await sleep(this.ctx.conf.getFloat('dfs.heartbeat.interval', 3) * 1000);
      }
      await this.out(' done\n');
    }
  }
}
