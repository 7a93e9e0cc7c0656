import type { Configuration } from '../../common/conf/configuration';
import { Path } from '../../common/fs/path';
import { checkpoint, expunge, TRASH, trashIntervalMs } from '../../common/fs/trash';
import { getLog } from '../../common/log';
import { DistributedFileSystem } from '../client/distributed-file-system';

const log = getLog('fs.Trash');

/**
 * Hadoop's Trash.Emptier, run by the NameNode when fs.trash.interval is above 0: once per
 * interval, for every home directory under /user, deletes the trash checkpoints older than the
 * interval and checkpoints the current trash (common/fs/trash.ts). Like Hadoop's, it works
 * through a filesystem client of its own NameNode, so the changes are ordinary, logged operations.
 */
export class TrashEmptier {
  private readonly fs: DistributedFileSystem;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(conf: Configuration, rpcAddress: string, private readonly inSafeMode: () => boolean) {
    this.fs = new DistributedFileSystem(`hdfs://${rpcAddress}/`, conf);
    this.intervalMs = trashIntervalMs(conf.getFloat('fs.trash.interval'));
  }

  start(): void {
    log.info(`Trash emptier runs every ${this.intervalMs / 60000} minutes`);
    this.timer = setInterval(() => {
      this.running ??= this.emptyAll().finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.fs.close();
  }

  private async emptyAll(): Promise<void> {
    if (this.inSafeMode() || !(await this.fs.exists('/user'))) return;
    for (const home of await this.fs.listStatus('/user')) {
      if (!home.isDirectory) continue;
      const trashRoot = new Path(home.path, TRASH);
      try {
        await expunge(this.fs, trashRoot, this.intervalMs);
        await checkpoint(this.fs, trashRoot);
      } catch (e) {
        log.warn(`Trash caught: ${(e as Error).message}. Skipping ${home.path.path}.`);
      }
    }
  }
}
