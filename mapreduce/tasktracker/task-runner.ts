import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import { getLog } from '../../common/log';
import type { CountersJSON } from '../api/counters';
import { JobKeys } from '../api/job-keys';
import type { MapOutputEvent, TaskAttemptStatus, TaskPhase, TaskState } from '../protocol/types';
import { AttemptResult, ChildPool } from '../task/child-pool';
import type { TaskSpec } from '../task/task-spec';
import { isAttemptId, jobOfAttempt } from './ids';
import type { JobLocalizer, LocalizedJob } from './job-localizer';
import type { WarmChildren } from './warm-children';

const log = getLog('mapred.TaskRunner');
export const CHILD_MAIN = path.join(__dirname, 'tracker-child.js');
const PHASES = new Set<TaskPhase>(['STARTING', 'MAP', 'SHUFFLE', 'SORT', 'REDUCE', 'CLEANUP']);

/** What a launchTask action carries. */
export type LaunchTask = TaskSpec & { jobDir: string; mapOutputLocations?: MapOutputEvent[] };

/** A finished map's output, served to reduces until the job is over. */
export interface MapOutputFiles {
  jobId: string;
  file: string;
  index: string;
}

interface Attempt {
  task: LaunchTask;
  status: TaskAttemptStatus;
  /** Bumped on every change, so a report acknowledged late does not forget a newer state. */
  version: number;
  killReason: string | null;
  commitWaiter: ((ok: boolean) => void) | null;
  commitGranted: boolean;
  /** Map completion events that came before the child started. */
  events: MapOutputEvent[];
  childStarted: boolean;
  fetchFailures: string[];
}

interface JobOnTracker {
  pool: ChildPool | null;
  running: Set<Promise<void>>;
}

/**
 * Runs task attempts in child processes (one ChildPool per job, children reused within the job
 * per mapred.job.reuse.jvm.num.tasks) and keeps their statuses for the heartbeat. Each attempt
 * works in `<jobcache>/<jobId>/<attemptId>/`; a map's output stays there, served by the shuffle,
 * until the job is over on this tracker (killJob).
 */
export class TaskRunner {
  private readonly attempts = new Map<string, Attempt>();
  private readonly jobs = new Map<string, JobOnTracker>();
  private readonly outputs = new Map<string, MapOutputFiles>();
  failures = 0;

  constructor(
    private readonly localizer: JobLocalizer,
    private readonly trackerConf: Configuration,
    private readonly httpAddress: string,
    /** Called when an attempt finishes or needs an answer: the tracker heartbeats at once. */
    private readonly onChange: () => void,
    /** Children forked ahead of need, for jobs that run children with the tracker's own settings. */
    private readonly spares: WarmChildren | null = null,
  ) {}

  launch(task: LaunchTask): void {
    if (!isAttemptId(task.attemptId) || jobOfAttempt(task.attemptId) !== task.jobId) {
      log.warn(`Ignoring a launchTask with a malformed attempt id ${JSON.stringify(task.attemptId)} for job ${JSON.stringify(task.jobId)}`);
      return;
    }
    if (this.attempts.has(task.attemptId)) {
      log.warn(`Ignoring a second launch of ${task.attemptId}`);
      return;
    }
    const now = Date.now();
    const attempt: Attempt = {
      task,
      status: {
        attemptId: task.attemptId,
        state: 'RUNNING',
        phase: 'STARTING',
        progress: 0,
        status: '',
        counters: {},
        startTime: now,
        finishTime: 0,
        diagnostics: '',
        phaseTimes: { STARTING: now },
      },
      version: 0,
      killReason: null,
      commitWaiter: null,
      commitGranted: false,
      events: [],
      childStarted: false,
      fetchFailures: [],
    };
    this.attempts.set(task.attemptId, attempt);
    let job = this.jobs.get(task.jobId);
    if (!job) {
      job = { pool: null, running: new Set() };
      this.jobs.set(task.jobId, job);
    }
    const run = this.run(attempt, job);
    job.running.add(run);
    void run.finally(() => job.running.delete(run));
    log.info(`LaunchTaskAction: ${task.attemptId}`);
  }

  private async run(attempt: Attempt, job: JobOnTracker): Promise<void> {
    const { task } = attempt;
    let local: LocalizedJob;
    let workDir = '';
    try {
      local = await this.localizer.localize(task.jobId, task.jobDir);
      if (attempt.killReason === null) {
        workDir = path.join(local.dir, task.attemptId);
        fs.mkdirSync(workDir, { recursive: true });
        job.pool ??= this.newPool(local);
        attempt.childStarted = true;
        const result = await job.pool.run(this.childSpec(task, local, workDir, attempt), {
          onProgress: (progress, phase, status, counters, phaseTimes) => this.progress(attempt, progress, phase, status, counters, phaseTimes),
          canCommit: () => this.canCommit(attempt),
          onFetchFailures: (maps) => {
            attempt.fetchFailures.push(...maps);
            this.onChange();
          },
        });
        this.finish(attempt, result, workDir);
        return;
      }
    } catch (e) {
      this.finish(attempt, { ok: false, error: describeError(e), counters: {} }, workDir);
      return;
    }
    this.finish(attempt, { ok: false, error: attempt.killReason, counters: {} }, workDir);
  }

  private newPool(local: LocalizedJob): ChildPool {
    const jobConf = Configuration.fromJSON(local.conf);
    const opts = jobConf.get('mapred.child.node.opts', '').split(/\s+/).filter((o) => o !== '');
    const spares = this.spares;
    return new ChildPool({ ...process.env }, jobConf.getLong('mapred.task.timeout'), opts, {
      childMain: CHILD_MAIN,
      maxTasksPerChild: jobConf.getInt('mapred.job.reuse.jvm.num.tasks'),
      takeSpare: spares && opts.length === 0 ? () => spares.take() : undefined,
    });
  }

  /**
   * The task as the child runs it: the job conf exactly as the launch carries it (over the
   * localized copy, for a launch without one), the job module and class references into it from
   * the localized copy, this tracker's directories.
   */
  private childSpec(task: LaunchTask, local: LocalizedJob, workDir: string, attempt: Attempt): TaskSpec {
    const conf: Record<string, string> = { ...local.conf, ...task.conf };
    // never the client's path to the job module: the local copy, or none
    if (local.conf[JobKeys.JAR] === undefined) delete conf[JobKeys.JAR];
    else conf[JobKeys.JAR] = local.conf[JobKeys.JAR];
    for (const [k, v] of Object.entries(local.conf)) if (v.startsWith('jar:')) conf[k] = v;
    conf['mapred.local.dir'] = this.trackerConf.get('mapred.local.dir', '');
    const spec: TaskSpec = {
      jobId: task.jobId,
      attemptId: task.attemptId,
      isMap: task.isMap,
      partition: task.partition,
      numMaps: task.numMaps,
      numReduces: task.numReduces,
      conf,
      workDir,
    };
    if (task.isMap) spec.split = task.split ?? local.splits?.[task.partition];
    else spec.mapOutputLocations = [...(task.mapOutputLocations ?? []), ...attempt.events];
    attempt.events = [];
    return spec;
  }

  private progress(
    attempt: Attempt,
    progress: number,
    phase: string,
    status: string,
    counters: CountersJSON,
    childPhaseTimes: Record<string, number> = {},
  ): void {
    const s = attempt.status;
    if (s.state !== 'RUNNING' && s.state !== 'COMMIT_PENDING') return;
    s.progress = Math.max(0, Math.min(1, progress));
    const times = (s.phaseTimes ??= {});
    // the child's stamps when it sends them (same host, same clock), else when we first hear of the phase
    for (const [p, t] of Object.entries(childPhaseTimes)) {
      if (PHASES.has(p as TaskPhase) && Number.isFinite(t) && times[p as TaskPhase] === undefined) times[p as TaskPhase] = t;
    }
    if (PHASES.has(phase as TaskPhase)) {
      s.phase = phase as TaskPhase;
      times[s.phase] ??= Date.now();
    }
    s.status = status;
    s.counters = counters;
    attempt.version++;
  }

  private canCommit(attempt: Attempt): Promise<boolean> | boolean {
    if (attempt.commitGranted) return true;
    attempt.status.state = 'COMMIT_PENDING';
    attempt.version++;
    this.onChange();
    return new Promise<boolean>((resolve) => {
      attempt.commitWaiter = resolve;
    });
  }

  private finish(attempt: Attempt, result: AttemptResult, workDir: string): void {
    const s = attempt.status;
    const { task } = attempt;
    s.finishTime = Date.now();
    s.counters = Object.keys(result.counters).length > 0 ? result.counters : s.counters;
    attempt.commitWaiter = null;
    let state: TaskState;
    if (result.ok) {
      state = 'SUCCEEDED';
      s.progress = 1;
      if (task.isMap && result.mapOutput) {
        this.outputs.set(task.attemptId, { jobId: task.jobId, ...result.mapOutput });
        s.mapOutputServer = this.httpAddress;
      }
    } else {
      state = attempt.killReason !== null ? 'KILLED' : 'FAILED';
      s.diagnostics = attempt.killReason ?? result.error;
      if (state === 'FAILED') this.failures++;
    }
    s.state = state;
    attempt.version++;
    // a map's output stays for the reduces; anything else an attempt left is of no more use
    if (workDir !== '' && !(result.ok && task.isMap && result.mapOutput)) fs.rmSync(workDir, { recursive: true, force: true });
    log.info(`${task.attemptId} ${state}${state === 'SUCCEEDED' ? '' : ': ' + s.diagnostics}`);
    this.onChange();
  }

  /** killTask: the attempt ends KILLED (a finished attempt is left as it is). */
  kill(attemptId: string, reason = `Killed by the JobTracker`): void {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || (attempt.status.state !== 'RUNNING' && attempt.status.state !== 'COMMIT_PENDING') || attempt.killReason !== null) return;
    attempt.killReason = reason;
    attempt.commitWaiter?.(false);
    const pool = this.jobs.get(attempt.task.jobId)?.pool;
    if (attempt.childStarted) pool?.kill(attemptId, reason);
    log.info(`Killing ${attemptId}: ${reason}`);
  }

  /** killJob: the job is over on this tracker; its attempts are killed and its files deleted. */
  async killJob(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    for (const a of this.attempts.values()) if (a.task.jobId === jobId) this.kill(a.task.attemptId, `Job ${jobId} is over`);
    this.jobs.delete(jobId);
    if (job) {
      await Promise.allSettled([...job.running]);
      await job.pool?.close();
    }
    for (const [id, out] of this.outputs) if (out.jobId === jobId) this.outputs.delete(id);
    this.localizer.forget(jobId);
  }

  /** commitTask: the attempt may publish its output. */
  commit(attemptId: string): void {
    const attempt = this.attempts.get(attemptId);
    if (!attempt) return;
    attempt.commitGranted = true;
    if (attempt.commitWaiter) {
      attempt.status.state = 'RUNNING';
      attempt.version++;
      attempt.commitWaiter(true);
      attempt.commitWaiter = null;
    }
  }

  /** mapCompletionEvents: to the reduce's child, or kept for it until it starts. */
  mapCompletionEvents(attemptId: string, events: MapOutputEvent[]): void {
    const attempt = this.attempts.get(attemptId);
    if (!attempt || attempt.task.isMap) return;
    if (!attempt.childStarted) {
      attempt.events.push(...events);
      return;
    }
    this.jobs.get(attempt.task.jobId)?.pool?.send(attemptId, { type: 'mapCompletionEvents', attemptId, events });
  }

  /** Statuses for a heartbeat; `delivered` forgets finished attempts and fetch failures once the JobTracker has them. */
  collect(): { reports: TaskAttemptStatus[]; delivered: () => void } {
    const sent = [...this.attempts.values()].map((a) => ({ a, version: a.version, failures: a.fetchFailures.length }));
    const reports = sent.map(({ a }) => {
      const r: TaskAttemptStatus = { ...a.status, phaseTimes: { ...a.status.phaseTimes } };
      if (a.fetchFailures.length > 0) r.fetchFailures = [...a.fetchFailures];
      return r;
    });
    const delivered = () => {
      for (const { a, version, failures } of sent) {
        a.fetchFailures.splice(0, failures);
        const final = a.status.state === 'SUCCEEDED' || a.status.state === 'FAILED' || a.status.state === 'KILLED';
        if (final && a.version === version && this.attempts.get(a.task.attemptId) === a) this.attempts.delete(a.task.attemptId);
      }
    };
    return { reports, delivered };
  }

  running(): { maps: number; reduces: number } {
    let maps = 0;
    let reduces = 0;
    for (const a of this.attempts.values()) {
      if (a.status.state !== 'RUNNING' && a.status.state !== 'COMMIT_PENDING') continue;
      if (a.task.isMap) maps++;
      else reduces++;
    }
    return { maps, reduces };
  }

  attemptStatuses(): TaskAttemptStatus[] {
    return [...this.attempts.values()].map((a) => ({ ...a.status, phaseTimes: { ...a.status.phaseTimes } }));
  }

  jobIds(): string[] {
    return [...new Set([...this.jobs.keys(), ...this.localizer.jobIds()])];
  }

  mapOutput(mapAttemptId: string): MapOutputFiles | undefined {
    return this.outputs.get(mapAttemptId);
  }

  mapOutputCount(jobId: string): number {
    let n = 0;
    for (const o of this.outputs.values()) if (o.jobId === jobId) n++;
    return n;
  }

  /** reinitTracker or shutdown: every attempt killed, every job's files deleted, nothing to report. */
  async reset(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((id) => this.killJob(id)));
    for (const id of this.localizer.jobIds()) this.localizer.forget(id);
    this.attempts.clear();
    this.outputs.clear();
  }
}
