import { attemptId as makeAttemptId, taskId as makeTaskId } from '../api/ids';
import type { SplitMeta, TaskReport, TaskState } from '../protocol/types';
import { AttemptInfo, isActive, Locality, TrackerState } from './interfaces';

/**
 * One map or reduce task of a job and its attempts (Hadoop's TaskInProgress): which attempt
 * won, which one may commit, how often it failed and where.
 */
export class TaskInProgress {
  readonly taskId: string;
  readonly attempts = new Map<string, AttemptInfo>();
  /** The attempt whose output counts, once one succeeded. */
  successful: AttemptInfo | null = null;
  /** The attempt told to commit its output; at most one at a time. */
  committing: string | null = null;
  failedAttempts = 0;
  /** The task failed too often: the job fails with it. */
  failed = false;
  lastError = '';
  /** Trackers an attempt of this task failed on: retries go elsewhere where possible. */
  readonly failedOn = new Set<string>();
  startTime = 0;
  finishTime = 0;
  private nextAttempt = 0;

  constructor(
    readonly jobId: string,
    readonly isMap: boolean,
    readonly index: number,
    /** A map's split; null for a reduce. */
    readonly split: SplitMeta | null,
  ) {
    this.taskId = makeTaskId(jobId, isMap, index);
  }

  /** A new attempt of this task on tracker, as the JobTracker hands it out. */
  newAttempt(tracker: TrackerState, now: number, opts: { locality: Locality; speculative: boolean; eventCursor: number }): AttemptInfo {
    const a: AttemptInfo = {
      attemptId: makeAttemptId(this.jobId, this.isMap, this.index, this.nextAttempt++),
      isMap: this.isMap,
      index: this.index,
      trackerName: tracker.name,
      host: tracker.host,
      httpAddress: tracker.httpAddress,
      state: 'UNASSIGNED',
      phase: 'STARTING',
      progress: 0,
      status: '',
      counters: {},
      startTime: now,
      finishTime: 0,
      diagnostics: '',
      phaseTimes: {},
      speculative: opts.speculative,
      locality: opts.locality,
      onTracker: true,
      dispatchHeartbeat: tracker.heartbeats,
      missedReports: 0,
      eventCursor: opts.eventCursor,
      commitSent: false,
      killSent: false,
    };
    this.attempts.set(a.attemptId, a);
    return a;
  }

  isComplete(): boolean {
    return this.successful !== null;
  }

  active(): AttemptInfo[] {
    return [...this.attempts.values()].filter(isActive);
  }

  /** Waiting for an attempt: not done, not failed for good, nothing running. */
  isRunnable(): boolean {
    return !this.isComplete() && !this.failed && this.active().length === 0;
  }

  progress(): number {
    if (this.isComplete()) return 1;
    let best = 0;
    for (const a of this.active()) best = Math.max(best, a.progress);
    return best;
  }

  state(): TaskState {
    if (this.isComplete()) return 'SUCCEEDED';
    if (this.failed) return 'FAILED';
    const active = this.active();
    if (active.some((a) => a.state === 'COMMIT_PENDING')) return 'COMMIT_PENDING';
    if (active.length > 0) return 'RUNNING';
    return 'UNASSIGNED';
  }

  /** The attempt that best stands for the task while it runs: the winner, else the most advanced. */
  representative(): AttemptInfo | null {
    if (this.successful) return this.successful;
    let best: AttemptInfo | null = null;
    for (const a of this.active()) if (!best || a.progress > best.progress) best = a;
    return best;
  }

  report(): TaskReport {
    return {
      taskId: this.taskId,
      isMap: this.isMap,
      state: this.state(),
      progress: this.progress(),
      startTime: this.startTime,
      finishTime: this.finishTime,
      attempts: [...this.attempts.values()].map((a) => ({
        attemptId: a.attemptId,
        state: a.state,
        phase: a.phase,
        progress: a.progress,
        status: a.status,
        counters: a.counters,
        startTime: a.startTime,
        finishTime: a.finishTime,
        diagnostics: a.diagnostics,
        mapOutputServer: a.mapOutputServer,
        phaseTimes: { ...a.phaseTimes },
        tracker: a.trackerName,
        speculative: a.speculative,
      })),
      successfulAttempt: this.successful?.attemptId ?? null,
    };
  }
}
