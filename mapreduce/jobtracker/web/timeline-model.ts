import type { ParsedHistory } from '../../client/history-viewer';
import type { JobStatusJSON, TaskReport, TrackerInfo } from '../../protocol/types';

/**
 * What the job timeline draws, independent of where it came from: a running job's task reports
 * (timelineFromReports) or a finished job's history file (timelineFromHistory).
 */
export type TimelinePhase = 'MAP' | 'SHUFFLE' | 'SORT' | 'REDUCE';

export interface TimelineAttempt {
  attemptId: string;
  taskId: string;
  isMap: boolean;
  /** Tracker name, e.g. tracker_host:port. */
  tracker: string;
  /** RUNNING, SUCCEEDED, FAILED, KILLED, COMMIT_PENDING, UNASSIGNED. */
  state: string;
  startTime: number;
  /** 0 = still running (drawn up to `now`). */
  finishTime: number;
  /** Phase name -> time it began. */
  phaseTimes: Partial<Record<string, number>>;
  speculative: boolean;
  /** Diagnostics of a failed (or why a killed) attempt, for its tooltip. */
  error?: string;
}

export interface TimelineTracker {
  name: string;
  mapSlots: number;
  reduceSlots: number;
}

export interface TimelineInput {
  jobId: string;
  startTime: number;
  finishTime: number;
  now: number;
  /** Trackers seen only in attempts get slots inferred (their attempts' most at once). */
  trackers: TimelineTracker[];
  attempts: TimelineAttempt[];
  /** href for an attempt's bar (the attempt page); omitted = no links. */
  attemptHref?: (attemptId: string) => string;
  /** href for a tracker's row label. */
  trackerHref?: (trackerName: string) => string;
}

/** The phases of each kind of attempt in the order they run (a map's SORT is its final sort and merge). */
export const MAP_PHASES: readonly TimelinePhase[] = ['MAP', 'SORT'];
export const REDUCE_PHASES: readonly TimelinePhase[] = ['SHUFFLE', 'SORT', 'REDUCE'];

export interface PhaseSegment {
  phase: TimelinePhase;
  start: number;
  end: number;
}

/** When an attempt stops being drawn: its finish, else now (it still runs). */
export function attemptEnd(a: TimelineAttempt, now: number): number {
  return Math.max(a.startTime, a.finishTime > 0 ? a.finishTime : now);
}

/**
 * An attempt's phases as [start, end) segments inside its bar: a phase lasts until the next one
 * it reached began, the last one until the attempt ended. Times are clamped into the bar (phase
 * times come from the tracker's clock, start and finish from the JobTracker's), and a phase that
 * took no time at all is left out.
 */
export function phaseSegments(a: TimelineAttempt, now: number): PhaseSegment[] {
  const start = a.startTime;
  const end = attemptEnd(a, now);
  const reached: Array<{ phase: TimelinePhase; at: number }> = [];
  let last = start;
  for (const phase of a.isMap ? MAP_PHASES : REDUCE_PHASES) {
    const t = a.phaseTimes[phase];
    if (typeof t !== 'number' || !Number.isFinite(t)) continue;
    last = Math.min(end, Math.max(last, t));
    reached.push({ phase, at: last });
  }
  const out: PhaseSegment[] = [];
  reached.forEach((r, i) => {
    const segEnd = i + 1 < reached.length ? reached[i + 1].at : end;
    if (segEnd > r.at) out.push({ phase: r.phase, start: r.at, end: segEnd });
  });
  return out;
}

/**
 * A running or finished job as the JobTracker holds it: its status, task reports and the trackers
 * it knows. Lost trackers are drawn only when the job ran something on them.
 */
export function timelineFromReports(job: JobStatusJSON, tasks: TaskReport[], trackers: TrackerInfo[], now: number): TimelineInput {
  const attempts: TimelineAttempt[] = [];
  for (const t of tasks) {
    for (const a of t.attempts) {
      attempts.push({
        attemptId: a.attemptId,
        taskId: t.taskId,
        isMap: t.isMap,
        tracker: a.tracker,
        state: a.state,
        startTime: a.startTime,
        finishTime: a.finishTime,
        phaseTimes: { ...(a.phaseTimes ?? {}) },
        speculative: a.speculative === true,
        error: a.diagnostics !== '' && a.state !== 'SUCCEEDED' ? a.diagnostics : undefined,
      });
    }
  }
  const used = new Set(attempts.map((a) => a.tracker));
  return {
    jobId: job.jobId,
    startTime: job.startTime,
    finishTime: job.finishTime,
    now,
    trackers: trackers
      .filter((t) => t.state !== 'lost' || used.has(t.trackerName))
      .map((t) => ({ name: t.trackerName, mapSlots: t.maxMapSlots, reduceSlots: t.maxReduceSlots })),
    attempts,
  };
}

const HISTORY_STATES: Record<string, string> = { SUCCESS: 'SUCCEEDED', FAILED: 'FAILED', KILLED: 'KILLED' };

/**
 * A finished job from its history file as parseHistory (mapreduce/client/history-viewer.ts)
 * returns it. History keeps when phases ended, not when they began: a map's MAP runs from its
 * start to MAP_FINISHED, then SORT; a reduce's SHUFFLE from its start to SHUFFLE_FINISHED, SORT to
 * SORT_FINISHED, then REDUCE. Slots are not in the history: each tracker gets as many rows as it
 * ran attempts at once. An attempt with no end line (the JobTracker died) is drawn to the job's end.
 */
export function timelineFromHistory(h: ParsedHistory): TimelineInput {
  const num = (v: string | undefined) => {
    const n = Number(v ?? '');
    return Number.isFinite(n) ? n : 0;
  };
  const attempts: TimelineAttempt[] = [];
  let latest = 0;
  for (const f of h.attempts.values()) {
    const id = f.TASK_ATTEMPT_ID ?? '';
    const isMap = f.TASK_TYPE !== undefined ? f.TASK_TYPE === 'MAP' : /_m_\d+_\d+$/.test(id);
    const startTime = num(f.START_TIME);
    const finishTime = num(f.FINISH_TIME);
    latest = Math.max(latest, startTime, finishTime);
    const phaseTimes: Record<string, number> = {};
    const set = (phase: TimelinePhase, v: string | undefined) => {
      if (v !== undefined && v !== '' && Number.isFinite(Number(v))) phaseTimes[phase] = Number(v);
    };
    if (isMap) {
      set('MAP', f.START_TIME);
      set('SORT', f.MAP_FINISHED);
    } else {
      set('SHUFFLE', f.START_TIME);
      set('SORT', f.SHUFFLE_FINISHED);
      set('REDUCE', f.SORT_FINISHED);
    }
    attempts.push({
      attemptId: id,
      taskId: f.TASKID ?? '',
      isMap,
      tracker: f.TRACKER_NAME ?? '',
      state: HISTORY_STATES[f.TASK_STATUS ?? ''] ?? 'RUNNING',
      startTime,
      finishTime,
      phaseTimes,
      speculative: f.SPECULATIVE === 'true',
      error: f.ERROR !== undefined && f.ERROR !== '' ? f.ERROR : undefined,
    });
  }
  const j = h.job;
  // the submit time, as a running job's status gives it, so both pictures of a job line up
  const startTime = num(j.SUBMIT_TIME) || num(j.LAUNCH_TIME);
  const finishTime = num(j.FINISH_TIME);
  return {
    jobId: j.JOBID ?? '',
    startTime,
    finishTime,
    now: Math.max(finishTime, latest, startTime),
    trackers: [],
    attempts,
  };
}
