import { ChildProcess, fork } from 'node:child_process';
import { getLog } from '../../common/log';

const log = getLog('mapred.TaskTracker');

interface Spare {
  child: ChildProcess;
  onExit: () => void;
}

/**
 * Task child processes forked ahead of need (mapred.tasktracker.spare.children, ours): a fresh
 * Node process takes over 100 ms to start and load the task engine, which a launched attempt
 * would otherwise wait for. A spare has run nothing and belongs to no job until a job's pool
 * takes it (then it is that job's, as any child it forks); each one taken is replaced at once.
 * Only jobs that run children with the tracker's own settings (no mapred.child.node.opts) take
 * spares.
 */
export class WarmChildren {
  private readonly ready: Spare[] = [];
  private starting = 0;
  private stopped = false;
  /** Spares that exited before they were ready in a row: a child that cannot start is not retried forever. */
  private failedStarts = 0;

  constructor(
    private readonly count: number,
    private readonly childMain: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    this.fill();
  }

  /** A ready spare (its listeners removed), or null; a replacement is forked either way. */
  take(): ChildProcess | null {
    let out: ChildProcess | null = null;
    while (out === null && this.ready.length > 0) {
      const s = this.ready.shift()!;
      s.child.off('exit', s.onExit);
      if (s.child.connected && s.child.exitCode === null && s.child.signalCode === null) out = s.child;
    }
    this.fill();
    return out;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const spares = this.ready.splice(0);
    await Promise.all(
      spares.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.kill('SIGKILL');
          }),
      ),
    );
  }

  private fill(): void {
    while (!this.stopped && this.failedStarts < 3 && this.ready.length + this.starting < this.count) this.forkOne();
  }

  private forkOne(): void {
    this.starting++;
    const child = fork(this.childMain, [], { env: this.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let isReady = false;
    const onExit = () => {
      const i = this.ready.findIndex((s) => s.child === child);
      if (i >= 0) this.ready.splice(i, 1);
      if (!isReady) {
        this.starting--;
        this.failedStarts++;
        log.warn(`A spare task child exited before it was ready (${child.exitCode ?? child.signalCode})`);
      }
      this.fill();
    };
    child.once('exit', onExit);
    child.once('message', () => {
      // the child's first message says it is ready
      isReady = true;
      this.starting--;
      this.failedStarts = 0;
      if (this.stopped) child.kill('SIGKILL');
      else this.ready.push({ child, onExit });
    });
  }
}
