import type { Counters } from '../api/counters';

/** How a running task talks to whoever runs it (Hadoop's TaskUmbilicalProtocol). */
export interface Umbilical {
  progress(progress: number, phase: string, status: string, counters: Counters): void;
  /** Asks for permission to commit: only one attempt of a task may publish output. */
  canCommit(): Promise<boolean>;
}

/** Sends progress at most every `intervalMs`, cheaply callable per record. */
export class ProgressReporter {
  private last = 0;
  private calls = 0;

  constructor(
    private readonly umbilical: Umbilical,
    private readonly counters: Counters,
    private readonly intervalMs = 500,
  ) {}

  maybeReport(progress: () => number, phase: string, status: () => string): void {
    if ((++this.calls & 1023) !== 0) return;
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.umbilical.progress(progress(), phase, status(), this.counters);
  }

  report(progress: number, phase: string, status: string): void {
    this.last = Date.now();
    this.umbilical.progress(progress, phase, status, this.counters);
  }
}
