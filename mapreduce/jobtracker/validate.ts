import { badRequest } from '../../common/http/json-server';
import type { CountersJSON } from '../api/counters';
import type { JobSubmission, TaskAttemptStatus, TaskPhase, TaskState, TaskTrackerStatus } from '../protocol/types';

/**
 * Checks of everything a caller sends the JobTracker, so that a malformed or hostile request is
 * a 400 naming the bad field and never reaches (or corrupts) the job state.
 */
const TASK_STATES: ReadonlySet<string> = new Set<TaskState>(['UNASSIGNED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'KILLED', 'COMMIT_PENDING']);
const PHASES: ReadonlySet<string> = new Set<TaskPhase>(['STARTING', 'MAP', 'SHUFFLE', 'SORT', 'REDUCE', 'CLEANUP']);
const MAX_STRING = 64 * 1024;
const MAX_REPORTS = 10000;

type Obj = Record<string, unknown>;

function obj(v: unknown, name: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest(`Field '${name}' must be an object`);
  return v as Obj;
}

export function str(o: Obj, key: string, where: string, opts: { optional?: boolean; max?: number; pattern?: RegExp } = {}): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.optional) return '';
    throw badRequest(`Missing field '${where}${key}'`);
  }
  if (typeof v !== 'string') throw badRequest(`Field '${where}${key}' must be a string`);
  if (v.length > (opts.max ?? MAX_STRING)) throw badRequest(`Field '${where}${key}' is too long`);
  if (opts.pattern && !opts.pattern.test(v)) throw badRequest(`Field '${where}${key}' is not valid: '${v.slice(0, 200)}'`);
  return v;
}

function num(o: Obj, key: string, where: string, opts: { optional?: boolean; integer?: boolean; min?: number; max?: number } = {}): number {
  const v = o[key];
  if (v === undefined || v === null) {
    if (opts.optional) return 0;
    throw badRequest(`Missing field '${where}${key}'`);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badRequest(`Field '${where}${key}' must be a finite number`);
  if (opts.integer && !Number.isSafeInteger(v)) throw badRequest(`Field '${where}${key}' must be an integer`);
  if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
    throw badRequest(`Field '${where}${key}' is out of range: ${v}`);
  }
  return v;
}

function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw badRequest(`Field '${key}' must be a boolean`);
  return v;
}

export function counters(v: unknown, where: string): CountersJSON {
  if (v === undefined || v === null) return {};
  const groups = obj(v, where);
  const out: CountersJSON = {};
  for (const [g, names] of Object.entries(groups)) {
    if (g === '__proto__') throw badRequest(`Bad counter group name in '${where}'`);
    const n = obj(names, `${where}.${g}`);
    const group: Record<string, number> = {};
    for (const [name, value] of Object.entries(n)) {
      if (name === '__proto__') throw badRequest(`Bad counter name in '${where}'`);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`Counter ${g}.${name} in '${where}' must be a finite number`);
      group[name] = value;
    }
    out[g] = group;
  }
  return out;
}

export const ATTEMPT_ID = /^attempt_[A-Za-z0-9]+_\d{4,}_[mr]_\d{6}_\d+$/;
export const JOB_ID = /^job_[A-Za-z0-9]+_\d{4,}$/;

function attemptStatus(v: unknown, i: number): TaskAttemptStatus {
  const where = `taskReports[${i}].`;
  const o = obj(v, `status.taskReports[${i}]`);
  const state = str(o, 'state', where);
  if (!TASK_STATES.has(state)) throw badRequest(`Field '${where}state' is not a task state: '${state.slice(0, 50)}'`);
  const phase = str(o, 'phase', where, { optional: true }) || 'STARTING';
  if (!PHASES.has(phase)) throw badRequest(`Field '${where}phase' is not a task phase: '${phase.slice(0, 50)}'`);
  let fetchFailures: string[] | undefined;
  if (o.fetchFailures !== undefined && o.fetchFailures !== null) {
    if (!Array.isArray(o.fetchFailures) || o.fetchFailures.length > MAX_REPORTS || !o.fetchFailures.every((m) => typeof m === 'string' && ATTEMPT_ID.test(m))) {
      throw badRequest(`Field '${where}fetchFailures' must be a list of attempt ids`);
    }
    fetchFailures = o.fetchFailures as string[];
  }
  return {
    attemptId: str(o, 'attemptId', where, { pattern: ATTEMPT_ID, max: 200 }),
    state: state as TaskState,
    phase: phase as TaskPhase,
    progress: num(o, 'progress', where, { optional: true }),
    status: str(o, 'status', where, { optional: true }),
    counters: counters(o.counters, `${where}counters`),
    startTime: num(o, 'startTime', where, { optional: true }),
    finishTime: num(o, 'finishTime', where, { optional: true }),
    diagnostics: str(o, 'diagnostics', where, { optional: true }),
    mapOutputServer: str(o, 'mapOutputServer', where, { optional: true, max: 300 }) || undefined,
    fetchFailures,
    phaseTimes: phaseTimes(o.phaseTimes, `${where}phaseTimes`),
  };
}

/** phase name -> when it began (ms since the epoch); unknown phases and non-numbers are a 400. */
function phaseTimes(v: unknown, where: string): Partial<Record<TaskPhase, number>> | undefined {
  if (v === undefined || v === null) return undefined;
  const o = obj(v, where);
  const out: Partial<Record<TaskPhase, number>> = {};
  for (const [phase, t] of Object.entries(o)) {
    if (!PHASES.has(phase)) throw badRequest(`Field '${where}' names an unknown task phase: '${phase.slice(0, 50)}'`);
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw badRequest(`Field '${where}.${phase}' must be a time in ms`);
    out[phase as TaskPhase] = t;
  }
  return out;
}

export interface HeartbeatRequest {
  status: TaskTrackerStatus;
  initialContact: boolean;
  acceptNewTasks: boolean;
  responseId: number;
}

export function heartbeatRequest(body: unknown): HeartbeatRequest {
  const b = obj(body, 'body');
  const s = obj(b.status, 'status');
  const reports = s.taskReports ?? [];
  if (!Array.isArray(reports) || reports.length > MAX_REPORTS) throw badRequest(`Field 'status.taskReports' must be a list`);
  const status: TaskTrackerStatus = {
    trackerName: str(s, 'trackerName', 'status.', { max: 300, pattern: /^[^\s/\\]+$/ }),
    host: str(s, 'host', 'status.', { max: 255, pattern: /^[A-Za-z0-9._:[\]-]+$/ }),
    httpAddress: str(s, 'httpAddress', 'status.', { max: 300, pattern: /^[A-Za-z0-9._:[\]-]+:\d+$/ }),
    rack: str(s, 'rack', 'status.', { optional: true, max: 300 }) || undefined,
    maxMapSlots: num(s, 'maxMapSlots', 'status.', { integer: true, min: 0, max: 10000 }),
    maxReduceSlots: num(s, 'maxReduceSlots', 'status.', { integer: true, min: 0, max: 10000 }),
    taskReports: reports.map((r, i) => attemptStatus(r, i)),
    failures: num(s, 'failures', 'status.', { optional: true, integer: true, min: 0 }),
  };
  return {
    status,
    initialContact: bool(b, 'initialContact'),
    acceptNewTasks: bool(b, 'acceptNewTasks'),
    responseId: num(b, 'responseId', '', { integer: true }),
  };
}

export function submission(body: unknown): JobSubmission {
  const b = obj(body, 'body');
  const s = obj(b.submission, 'submission');
  return {
    jobId: str(s, 'jobId', 'submission.', { pattern: JOB_ID, max: 100 }),
    jobDir: str(s, 'jobDir', 'submission.', { max: 4096 }),
    user: str(s, 'user', 'submission.', { max: 256, pattern: /^[^/\\\0\n\r]+$/ }),
    jobName: str(s, 'jobName', 'submission.', { optional: true, max: 4096 }),
    numMaps: num(s, 'numMaps', 'submission.', { integer: true, min: 0, max: 10_000_000 }),
    numReduces: num(s, 'numReduces', 'submission.', { integer: true, min: 0, max: 1_000_000 }),
  };
}

export function jobIdOf(body: unknown): string {
  return str(obj(body, 'body'), 'jobId', '', { pattern: JOB_ID, max: 100 });
}

/** getJobStatus's long-poll fields: waitMs (at most a minute) and the stamp last seen. */
export function statusWaitOf(body: unknown): { waitMs: number; since: string } {
  const b = obj(body, 'body');
  return { waitMs: num(b, 'waitMs', '', { optional: true, integer: true, min: 0, max: 60000 }), since: str(b, 'since', '', { optional: true, max: 200 }) };
}

export function attemptIdOf(body: unknown): string {
  return str(obj(body, 'body'), 'attemptId', '', { pattern: ATTEMPT_ID, max: 200 });
}

export function shouldFailOf(body: unknown): boolean {
  const v = obj(body, 'body').shouldFail;
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw badRequest(`Field 'shouldFail' must be a boolean`);
  return v;
}
