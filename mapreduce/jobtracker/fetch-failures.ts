/**
 * Reduces tell the JobTracker about map outputs they cannot fetch. Like Hadoop's
 * JobInProgress.fetchFailureNotification, a map attempt is declared faulty (and its map run
 * again) once it has at least MAX_FETCH_FAILURES_NOTIFICATIONS notifications and they are at
 * least half the number of reduces running.
 */
export const MAX_FETCH_FAILURES_NOTIFICATIONS = 3;
export const MAX_ALLOWED_FETCH_FAILURES_PERCENT = 0.5;
export const FETCH_FAILURES_DIAGNOSTIC = 'Too many fetch-failures';

export class FetchFailures {
  private readonly notifications = new Map<string, number>();

  /** Counts one notification; true when the map attempt should be failed and re-run. */
  notify(mapAttemptId: string, runningReduces: number): boolean {
    const n = (this.notifications.get(mapAttemptId) ?? 0) + 1;
    this.notifications.set(mapAttemptId, n);
    const fraction = n / Math.max(1, runningReduces);
    return n >= MAX_FETCH_FAILURES_NOTIFICATIONS && fraction >= MAX_ALLOWED_FETCH_FAILURES_PERCENT;
  }

  count(mapAttemptId: string): number {
    return this.notifications.get(mapAttemptId) ?? 0;
  }

  forget(mapAttemptId: string): void {
    this.notifications.delete(mapAttemptId);
  }
}
