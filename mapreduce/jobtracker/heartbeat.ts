import { getLog } from '../../common/log';
import { parseAttemptId } from '../api/ids';
import type { HeartbeatResponse, TaskTrackerAction } from '../protocol/types';
import { AttemptInfo, isActive, TrackerState } from './interfaces';
import type { JobInProgress } from './job-in-progress';
import type { TaskScheduler } from './task-scheduler';
import type { Topology } from './topology';
import type { TrackerRegistry } from './tracker-registry';
import type { HeartbeatRequest } from './validate';

const log = getLog('mapred.JobTracker');

/**
 * An attempt handed to a tracker that its heartbeats stop mentioning (the launch was lost on the
 * way, or the tracker dropped it) is given up after this many heartbeats and this much time.
 */
const VANISHED_AFTER_HEARTBEATS = 3;
const VANISHED_AFTER_MS = 10000;

export interface HeartbeatContext {
  registry: TrackerRegistry;
  scheduler: TaskScheduler;
  topology: Topology;
  /** Jobs in submit order. */
  jobs(): readonly JobInProgress[];
  job(jobId: string): JobInProgress | undefined;
  intervalMs(): number;
  now(): number;
}

/**
 * One TaskTracker heartbeat (Hadoop's JobTracker.heartbeat): register or re-initialize the
 * tracker, apply its attempt reports to the jobs, then answer with queued actions (kills,
 * commits), new map outputs for its reduces, and, when it has free slots, new tasks at once.
 */
export function handleHeartbeat(ctx: HeartbeatContext, req: HeartbeatRequest): { reply: HeartbeatResponse & { responseId: number }; idle: TrackerState | null } {
  const { status } = req;
  const responseId = req.responseId + 1;
  let t = ctx.registry.get(status.trackerName);
  if (!t || req.initialContact) {
    if (!req.initialContact) {
      log.info(`Asking unknown tracker ${status.trackerName} to re-initialize`);
      return { reply: { responseId, intervalMs: ctx.intervalMs(), actions: [{ type: 'reinitTracker' }] }, idle: null };
    }
    t = ctx.registry.register(status);
  }
  t.lastSeen = ctx.now();
  t.heartbeats++;
  t.maxMapSlots = status.maxMapSlots;
  t.maxReduceSlots = status.maxReduceSlots;

  const reported = new Set<string>();
  for (const r of status.taskReports) {
    reported.add(r.attemptId);
    const job = ctx.job(parseAttemptId(r.attemptId)?.jobId ?? '');
    if (!job) {
      if (r.state === 'RUNNING' || r.state === 'UNASSIGNED' || r.state === 'COMMIT_PENDING') t.actions.push({ type: 'killTask', attemptId: r.attemptId });
      continue;
    }
    job.update(t, r);
    if (r.state === 'SUCCEEDED' || r.state === 'FAILED' || r.state === 'KILLED') {
      const a = t.attempts.get(r.attemptId);
      if (a) a.onTracker = false;
      t.attempts.delete(r.attemptId);
    }
  }
  forgetUnreported(ctx, t, reported);

  const actions: TaskTrackerAction[] = t.actions;
  t.actions = [];
  actions.push(...mapEvents(ctx, t));
  if (req.acceptNewTasks && t.state === 'live') actions.push(...assign(ctx, t));
  // a tracker with nothing to report soon (free slots; nothing running but reduces waiting for
  // maps) may have its answer held until there is work or news for it
  const quiet = status.taskReports.every((r) => !ACTIVE.has(r.state) || waitingForMaps(ctx, t.attempts.get(r.attemptId)));
  const idle = req.acceptNewTasks && t.state === 'live' && isQuiet(ctx, t) && quiet ? t : null;
  return { reply: { responseId, intervalMs: ctx.intervalMs(), actions }, idle };
}

const ACTIVE: ReadonlySet<string> = new Set(['RUNNING', 'UNASSIGNED', 'COMMIT_PENDING']);

/** A reduce that is only waiting for map outputs (still fetching, and its job has maps to finish). */
function waitingForMaps(ctx: HeartbeatContext, a: AttemptInfo | undefined): boolean {
  if (!a || a.isMap || a.state !== 'RUNNING' || (a.phase !== 'STARTING' && a.phase !== 'SHUFFLE')) return false;
  const job = ctx.job(parseAttemptId(a.attemptId)?.jobId ?? '');
  return job !== undefined && job.completedMaps() < job.maps.length;
}

/**
 * The tracker runs nothing that may report soon: no attempts at all, or only reduces waiting for
 * map outputs. Such a tracker's heartbeat may be held; woken by news for it, it comes back at once.
 */
export function isQuiet(ctx: HeartbeatContext, t: TrackerState): boolean {
  for (const a of t.attempts.values()) if (!waitingForMaps(ctx, a)) return false;
  return true;
}

/** New map completion events for the tracker's running reduces. */
function mapEvents(ctx: HeartbeatContext, t: TrackerState): TaskTrackerAction[] {
  const actions: TaskTrackerAction[] = [];
  for (const a of t.attempts.values()) {
    if (a.isMap || !isActive(a)) continue;
    const events = ctx.job(parseAttemptId(a.attemptId)?.jobId ?? '')?.newEventsFor(a) ?? [];
    if (events.length > 0) actions.push({ type: 'mapCompletionEvents', attemptId: a.attemptId, events });
  }
  return actions;
}

/** What a held tracker gets when woken: actions queued for it, news for its reduces, then new tasks. */
export function trackerWork(ctx: HeartbeatContext, t: TrackerState): TaskTrackerAction[] {
  const actions = t.actions;
  t.actions = [];
  actions.push(...mapEvents(ctx, t));
  if (t.state === 'live') actions.push(...assign(ctx, t));
  return actions;
}

/** Attempts the tracker holds but did not mention: ended ones free their slot, vanished ones are given up. */
function forgetUnreported(ctx: HeartbeatContext, t: TrackerState, reported: Set<string>): void {
  const now = ctx.now();
  for (const a of [...t.attempts.values()]) {
    if (reported.has(a.attemptId)) {
      a.missedReports = 0;
      continue;
    }
    if (t.heartbeats <= a.dispatchHeartbeat) continue;
    a.missedReports++;
    if (!isActive(a)) {
      a.onTracker = false;
      t.attempts.delete(a.attemptId);
    } else if (a.missedReports >= VANISHED_AFTER_HEARTBEATS && now - a.startTime >= VANISHED_AFTER_MS) {
      log.warn(`${a.attemptId} is no longer reported by ${t.name}; giving it up`);
      ctx.job(parseAttemptId(a.attemptId)?.jobId ?? '')?.attemptVanished(a.attemptId, `Task attempt is no longer reported by its tracker ${t.name}`);
      a.onTracker = false;
      t.attempts.delete(a.attemptId);
    }
  }
}

function assign(ctx: HeartbeatContext, t: TrackerState): TaskTrackerAction[] {
  let maps = 0;
  let reduces = 0;
  for (const a of t.attempts.values()) {
    if (a.isMap) maps++;
    else reduces++;
  }
  const freeMapSlots = Math.max(0, t.maxMapSlots - maps);
  const freeReduceSlots = Math.max(0, t.maxReduceSlots - reduces);
  if (freeMapSlots === 0 && freeReduceSlots === 0) return [];
  const jobs = ctx.jobs().filter((j) => j.isSchedulable());
  if (jobs.length === 0) return [];
  const assignments = ctx.scheduler.assignTasks({
    tracker: t,
    freeMapSlots,
    freeReduceSlots,
    jobs,
    liveTrackers: ctx.registry.live(),
    topology: ctx.topology,
    now: ctx.now(),
  });
  const actions: TaskTrackerAction[] = [];
  let m = 0;
  let r = 0;
  for (const as of assignments) {
    // a scheduler may not overfill the tracker, whatever it returns
    if (as.task.isMap ? m >= freeMapSlots : r >= freeReduceSlots) continue;
    if (!as.job.isSchedulable()) continue;
    if (as.task.isMap) m++;
    else r++;
    const { attempt, action } = as.job.launch(as.task, t, as.locality, as.speculative);
    t.attempts.set(attempt.attemptId, attempt as AttemptInfo);
    actions.push(action);
  }
  return actions;
}
