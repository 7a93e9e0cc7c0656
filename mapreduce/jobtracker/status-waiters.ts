interface Waiter {
  changed: () => boolean;
  resolve: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Long polls of getJobStatus: each waits until its condition holds (the job's stamp changed) or
 * its time is up. The JobTracker calls check() whenever job state may have moved (after a
 * heartbeat, a submission, a job's end).
 */
export class StatusWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(changed: () => boolean, waitMs: number): Promise<void> {
    if (changed()) return Promise.resolve();
    return new Promise((resolve) => {
      const w: Waiter = { changed, resolve, timer: setTimeout(() => this.release(w), waitMs) };
      this.waiters.add(w);
    });
  }

  check(): void {
    for (const w of [...this.waiters]) if (w.changed()) this.release(w);
  }

  releaseAll(): void {
    for (const w of [...this.waiters]) this.release(w);
  }

  private release(w: Waiter): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    w.resolve();
  }
}
