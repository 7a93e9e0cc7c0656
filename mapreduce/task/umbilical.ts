import type { Configuration } from '../../common/conf/configuration';
import type { Counters } from '../api/counters';

/** How a running task talks to whoever runs it (Hadoop's TaskUmbilicalProtocol). */
export interface Umbilical {
  progress(progress: number, phase: string, status: string, counters: Counters): void;
  /** Asks for permission to commit: only one attempt of a task may publish output. */
  canCommit(): Promise<boolean>;
}

/**
 * Sends progress from a timer, like Hadoop's task communication thread, so a long map() call
 * that reports progress (records read, context.progress(), setStatus) is not mistaken for a hung
 * task. The per-record hook only samples the progress every 1024 calls.
 */
export class ProgressReporter {
  private calls = 0;
  private progress = 0;
  private phase = '';
  private status = '';
  private changed = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly umbilical: Umbilical,
    private readonly counters: Counters,
    private readonly alive: { progressed: boolean },
    intervalMs = 1000,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    if (!this.changed && !this.alive.progressed) return;
    this.changed = false;
    this.alive.progressed = false;
    this.umbilical.progress(this.progress, this.phase, this.status, this.counters);
  }

  maybeReport(progress: () => number, phase: string, status: () => string): void {
    if ((++this.calls & 1023) !== 0) return;
    this.progress = progress();
    this.phase = phase;
    this.status = status();
    this.changed = true;
  }

  /** Sends now: phase changes and the end of a task. */
  report(progress: number, phase: string, status: string): void {
    this.progress = progress;
    this.phase = phase;
    this.status = status;
    this.changed = false;
    this.umbilical.progress(progress, phase, status, this.counters);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Progress goes out at least four times per mapred.task.timeout, and at most once a second. */
export function reportInterval(conf: Configuration): number {
  const timeout = conf.getLong('mapred.task.timeout');
  return timeout > 0 ? Math.max(50, Math.min(1000, Math.floor(timeout / 4))) : 1000;
}
