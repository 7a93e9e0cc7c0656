import type { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import { getLog } from '../../common/log';
import { Counters, JobCounter } from '../api/counters';
import { JobKeys } from '../api/job-keys';
import type {
  JobState,
  JobSubmission,
  MapOutputEvent,
  SplitMeta,
  TaskAttemptStatus,
  TaskPhase,
  TaskReport,
  TaskTrackerAction,
} from '../protocol/types';
import { isJobFinished } from '../protocol/types';
import { FETCH_FAILURES_DIAGNOSTIC, FetchFailures } from './fetch-failures';
import { HistoryStatus, JobHistoryWriter } from './history-writer';
import { AttemptInfo, isActive, JobTrackerServices, Locality, TrackerState } from './interfaces';
import { JobOutput } from './job-output';
import { findStragglers } from './speculation';
import { TaskInProgress } from './task-in-progress';

const log = getLog('mapred.JobInProgress');

/**
 * One job's state machine (Hadoop's JobInProgress): its tasks, their attempts as trackers
 * report them, failures and retries, the commit protocol (one attempt per task commits), map
 * completion events for reduces, and the job's end through its output committer.
 */
export class JobInProgress {
  state: JobState = 'PREP';
  readonly maps: TaskInProgress[];
  readonly reduces: TaskInProgress[];
  launchTime = 0;
  finishTime = 0;
  failureInfo = '';
  /** Finished map outputs in the order reduces learn of them; a re-run map adds an obsolete event. */
  readonly events: MapOutputEvent[] = [];
  readonly history: JobHistoryWriter;
  private readonly jobCounters = new Counters();
  private readonly attemptTasks = new Map<string, TaskInProgress>();
  private readonly trackerFailures = new Map<string, number>();
  private readonly trackersUsed = new Set<string>();
  private readonly fetchFailures = new FetchFailures();
  /** Committing or aborting: no new attempts, the final state is on its way. */
  private finishing = false;
  private ending: Promise<void> = Promise.resolve();
  private output: JobOutput | null = null;
  private readonly confJSON: Record<string, string>;
  private readonly settings: JobSettings;

  constructor(
    readonly submission: JobSubmission,
    /** The job's configuration as submitted (what tasks get). */
    readonly conf: Configuration,
    splits: SplitMeta[],
    readonly submitTime: number,
    private readonly jtConf: Configuration,
    private readonly services: JobTrackerServices,
  ) {
    const id = submission.jobId;
    this.maps = splits.map((s) => new TaskInProgress(id, true, s.index, s));
    this.reduces = Array.from({ length: submission.numReduces }, (_, i) => new TaskInProgress(id, false, i, null));
    this.confJSON = conf.toJSON();
    this.settings = jobSettings(conf);
    this.history = new JobHistoryWriter(id, submitTime, submission.jobName, submission.user);
    this.history.jobSubmitted(submission.jobName, submitTime, `${submission.jobDir}/job.xml`);
  }

  get jobId(): string {
    return this.submission.jobId;
  }

  /**
   * Sets the job up with its output committer (run by the JobTracker from the job's conf, with
   * the job module localized) and starts it; a job whose committer cannot be made fails here.
   */
  async init(localConf: Configuration): Promise<void> {
    try {
      this.output = await JobOutput.setup(localConf, this.jobId);
    } catch (e) {
      this.launchTime = this.services.now();
      this.history.jobLaunched(this.launchTime, this.maps.length, this.reduces.length);
      this.fail(`Job initialization failed: ${describeError(e)}`);
      return;
    }
    if (this.finishing) {
      // killed while its output was being set up
      await this.output.abort('KILLED').catch(() => undefined);
      return;
    }
    this.launchTime = this.services.now();
    this.history.jobLaunched(this.launchTime, this.maps.length, this.reduces.length);
    this.state = 'RUNNING';
    this.checkComplete();
  }

  // ---- what the scheduler asks ------------------------------------------------------------

  isSchedulable(): boolean {
    return this.state === 'RUNNING' && !this.finishing;
  }

  isFinished(): boolean {
    return isJobFinished(this.state);
  }

  completedMaps(): number {
    return this.maps.filter((t) => t.isComplete()).length;
  }

  /** mapred.reduce.slowstart.completed.maps of the maps are done (Hadoop rounds up). */
  reducesMayStart(): boolean {
    return this.completedMaps() >= Math.ceil(this.settings.slowstart * this.maps.length);
  }

  isBlacklisted(trackerName: string): boolean {
    return (this.trackerFailures.get(trackerName) ?? 0) >= this.settings.maxTrackerFailures;
  }

  blacklistedTrackers(): string[] {
    return [...this.trackerFailures.keys()].filter((t) => this.isBlacklisted(t));
  }

  /** A retry avoids trackers the task failed on, unless it failed on every live one. */
  mayRunOn(task: TaskInProgress, trackerName: string): boolean {
    if (task.failedOn.has(trackerName) && task.failedOn.size < this.services.liveTrackerCount()) return false;
    return !task.active().some((a) => a.trackerName === trackerName);
  }

  stragglers(isMap: boolean, now: number): TaskInProgress[] {
    if (!(isMap ? this.settings.speculativeMaps : this.settings.speculativeReduces)) return [];
    return findStragglers(isMap ? this.maps : this.reduces, now, this.settings.speculativeLagMs);
  }

  /** Hands an attempt of task to tracker: the launchTask action for the heartbeat response. */
  launch(task: TaskInProgress, tracker: TrackerState, locality: Locality, speculative: boolean): { attempt: AttemptInfo; action: TaskTrackerAction } {
    const now = this.services.now();
    const a = task.newAttempt(tracker, now, { locality, speculative, eventCursor: this.events.length });
    this.attemptTasks.set(a.attemptId, task);
    this.trackersUsed.add(tracker.name);
    if (task.startTime === 0) {
      task.startTime = now;
      this.history.taskStarted(task, now);
    }
    this.history.attemptStarted(a, task.taskId);
    this.count(task.isMap ? JobCounter.TOTAL_LAUNCHED_MAPS : JobCounter.TOTAL_LAUNCHED_REDUCES);
    if (task.isMap && locality === 'node') this.count(JobCounter.DATA_LOCAL_MAPS);
    if (task.isMap && locality === 'rack') this.count(JobCounter.RACK_LOCAL_MAPS);
    log.info(`Launching ${speculative ? 'speculative ' : ''}${a.attemptId} on ${tracker.name}${task.isMap ? ` (${locality === 'any' ? 'non-local' : locality + '-local'})` : ''}`);
    const action: TaskTrackerAction = {
      type: 'launchTask',
      task: {
        jobId: this.jobId,
        attemptId: a.attemptId,
        isMap: task.isMap,
        partition: task.index,
        numMaps: this.maps.length,
        numReduces: this.reduces.length,
        conf: this.confJSON,
        split: task.split?.json,
        workDir: '',
        jobDir: this.submission.jobDir,
        mapOutputLocations: task.isMap ? undefined : this.currentMapOutputs(),
      },
    };
    return { attempt: a, action };
  }

  /** The map outputs a reduce starting now should fetch: each finished map's winning attempt. */
  currentMapOutputs(): MapOutputEvent[] {
    const out: MapOutputEvent[] = [];
    for (const t of this.maps) {
      const s = t.successful;
      if (s) out.push({ mapIndex: t.index, attemptId: s.attemptId, server: s.mapOutputServer ?? s.httpAddress, obsolete: false });
    }
    return out;
  }

  /** Map completion events a running reduce has not been sent yet. */
  newEventsFor(a: AttemptInfo): MapOutputEvent[] {
    if (a.isMap || a.eventCursor >= this.events.length) return [];
    const out = this.events.slice(a.eventCursor);
    a.eventCursor = this.events.length;
    return out;
  }

  findAttempt(attemptId: string): { task: TaskInProgress; attempt: AttemptInfo } | null {
    const task = this.attemptTasks.get(attemptId);
    const attempt = task?.attempts.get(attemptId);
    return task && attempt ? { task, attempt } : null;
  }

  // ---- what trackers report ---------------------------------------------------------------

  /** Applies one attempt status from a heartbeat of tracker. */
  update(tracker: TrackerState, r: TaskAttemptStatus): void {
    const found = this.findAttempt(r.attemptId);
    if (!found || found.attempt.trackerName !== tracker.name) {
      if (r.state === 'RUNNING' || r.state === 'UNASSIGNED' || r.state === 'COMMIT_PENDING') {
        this.services.sendAction(tracker.name, { type: 'killTask', attemptId: r.attemptId });
      }
      return;
    }
    const { task, attempt: a } = found;
    if (!isActive(a)) {
      // the JobTracker already ended it (killed, failed on request, lost): make sure the tracker stops it
      if ((r.state === 'RUNNING' || r.state === 'UNASSIGNED' || r.state === 'COMMIT_PENDING') && !a.killSent) {
        this.services.sendAction(tracker.name, { type: 'killTask', attemptId: a.attemptId });
        a.killSent = true;
      }
      return;
    }
    a.progress = Math.min(1, Math.max(0, r.progress));
    a.phase = r.phase;
    mergePhaseTimes(a, r);
    a.status = r.status;
    a.counters = r.counters;
    switch (r.state) {
      case 'UNASSIGNED':
      case 'RUNNING':
        a.state = r.state;
        break;
      case 'COMMIT_PENDING':
        this.commitPending(task, a);
        break;
      case 'SUCCEEDED':
        this.succeeded(task, a, r.mapOutputServer);
        break;
      case 'FAILED':
        tracker.failures++;
        this.attemptFailed(task, a, r.diagnostics || 'Task failed', true);
        break;
      case 'KILLED':
        this.attemptKilled(task, a, r.diagnostics || `Killed by ${tracker.name}`);
        break;
    }
    if (!task.isMap && r.fetchFailures) {
      for (const m of r.fetchFailures) this.fetchFailure(m);
    }
    this.checkComplete();
  }

  private commitPending(task: TaskInProgress, a: AttemptInfo): void {
    a.state = 'COMMIT_PENDING';
    if (task.isComplete() || (task.committing !== null && task.committing !== a.attemptId)) {
      this.killByJobTracker(task, a, 'Another attempt of this task is committing its output');
      return;
    }
    if (task.committing === null) {
      task.committing = a.attemptId;
      this.killOthers(task, a, 'Another attempt of this task is committing its output');
    }
    if (!a.commitSent) {
      a.commitSent = true;
      this.services.sendAction(a.trackerName, { type: 'commitTask', attemptId: a.attemptId });
    }
  }

  private succeeded(task: TaskInProgress, a: AttemptInfo, server: string | undefined): void {
    const now = this.services.now();
    if (task.isComplete() || task.failed || (task.committing !== null && task.committing !== a.attemptId)) {
      this.endAttempt(task, a, 'KILLED', 'Another attempt of this task already succeeded');
      return;
    }
    a.state = 'SUCCEEDED';
    a.progress = 1;
    a.finishTime = now;
    a.mapOutputServer = server ?? a.httpAddress;
    task.successful = a;
    task.committing = null;
    task.finishTime = now;
    this.addSlotTime(a);
    this.history.attemptFinished(a, task.taskId, 'SUCCESS');
    this.history.taskFinished(task, 'SUCCESS', now);
    this.killOthers(task, a, 'Another attempt of this task succeeded');
    if (task.isMap && this.reduces.length > 0) {
      this.events.push({ mapIndex: task.index, attemptId: a.attemptId, server: a.mapOutputServer, obsolete: false });
    }
  }

  /** An attempt failed: counted against the task (and the tracker); the task fails for good at the max. */
  private attemptFailed(task: TaskInProgress, a: AttemptInfo, diagnostics: string, trackerFault: boolean): void {
    this.endAttempt(task, a, 'FAILED', diagnostics);
    this.countFailure(task, a, diagnostics, trackerFault);
  }

  private countFailure(task: TaskInProgress, a: AttemptInfo, diagnostics: string, trackerFault: boolean): void {
    task.failedAttempts++;
    task.failedOn.add(a.trackerName);
    task.lastError = diagnostics;
    if (trackerFault) {
      const n = (this.trackerFailures.get(a.trackerName) ?? 0) + 1;
      this.trackerFailures.set(a.trackerName, n);
      if (n === this.settings.maxTrackerFailures) log.warn(`Tracker ${a.trackerName} is blacklisted for ${this.jobId} after ${n} failures`);
    }
    const max = task.isMap ? this.settings.maxMapAttempts : this.settings.maxReduceAttempts;
    if (task.failedAttempts >= max && !task.isComplete()) {
      task.failed = true;
      task.finishTime = this.services.now();
      this.history.taskFinished(task, 'FAILED', task.finishTime);
      this.fail(`Task ${task.taskId} failed ${task.failedAttempts} times. Last error: ${diagnostics}`);
    }
  }

  private attemptKilled(task: TaskInProgress, a: AttemptInfo, diagnostics: string): void {
    this.endAttempt(task, a, 'KILLED', diagnostics);
  }

  private endAttempt(task: TaskInProgress, a: AttemptInfo, state: 'FAILED' | 'KILLED', diagnostics: string): void {
    a.state = state;
    a.diagnostics = diagnostics;
    a.finishTime = this.services.now();
    if (task.committing === a.attemptId) task.committing = null;
    this.addSlotTime(a);
    if (state === 'FAILED') this.count(task.isMap ? JobCounter.NUM_FAILED_MAPS : JobCounter.NUM_FAILED_REDUCES);
    else this.count(task.isMap ? JobCounter.NUM_KILLED_MAPS : JobCounter.NUM_KILLED_REDUCES);
    this.history.attemptFinished(a, task.taskId, state === 'FAILED' ? 'FAILED' : 'KILLED');
  }

  /** Ends an attempt on the JobTracker's own decision and tells its tracker to stop it. */
  private killByJobTracker(task: TaskInProgress, a: AttemptInfo, diagnostics: string, asFailure = false): void {
    if (!isActive(a)) return;
    if (asFailure) this.attemptFailed(task, a, diagnostics, false);
    else this.attemptKilled(task, a, diagnostics);
    if (a.onTracker && !a.killSent) {
      a.killSent = true;
      this.services.sendAction(a.trackerName, { type: 'killTask', attemptId: a.attemptId });
    }
  }

  private killOthers(task: TaskInProgress, winner: AttemptInfo, diagnostics: string): void {
    for (const o of task.active()) if (o !== winner) this.killByJobTracker(task, o, diagnostics);
  }

  /**
   * A finished map's output is gone or unreadable: the map runs again, and reduces hear that the
   * old output is obsolete. asFailure counts it against the task (fetch failures); a lost tracker does not.
   */
  private rerunMap(task: TaskInProgress, a: AttemptInfo, asFailure: boolean, diagnostics: string): void {
    if (task.successful !== a) return;
    log.info(`Re-running map ${task.taskId}: ${diagnostics} (${a.attemptId} on ${a.trackerName})`);
    task.successful = null;
    task.finishTime = 0;
    a.state = asFailure ? 'FAILED' : 'KILLED';
    a.diagnostics = diagnostics;
    this.count(asFailure ? JobCounter.NUM_FAILED_MAPS : JobCounter.NUM_KILLED_MAPS);
    this.history.attemptFinished(a, task.taskId, asFailure ? 'FAILED' : 'KILLED');
    this.events.push({ mapIndex: task.index, attemptId: a.attemptId, server: a.mapOutputServer ?? a.httpAddress, obsolete: true });
    this.fetchFailures.forget(a.attemptId);
    if (asFailure) this.countFailure(task, a, diagnostics, true);
  }

  private fetchFailure(mapAttemptId: string): void {
    const found = this.findAttempt(mapAttemptId);
    if (!found || !found.task.isMap || found.task.successful !== found.attempt) return;
    const runningReduces = this.reduces.filter((t) => t.active().length > 0).length;
    log.info(`Fetch failure reported for ${mapAttemptId} (${this.fetchFailures.count(mapAttemptId) + 1} so far)`);
    if (this.fetchFailures.notify(mapAttemptId, runningReduces)) {
      this.rerunMap(found.task, found.attempt, true, FETCH_FAILURES_DIAGNOSTIC);
    }
  }

  /** Kills (or fails, on request) one attempt; its task gets a new attempt. */
  killAttempt(attemptId: string, shouldFail: boolean): boolean {
    const found = this.findAttempt(attemptId);
    if (!found || !isActive(found.attempt)) return false;
    const diagnostics = `Task has been ${shouldFail ? 'FAILED' : 'KILLED'} by the user`;
    this.killByJobTracker(found.task, found.attempt, diagnostics, shouldFail);
    this.checkComplete();
    return true;
  }

  /** The tracker no longer mentions an attempt it was given: it is killed and its task runs again. */
  attemptVanished(attemptId: string, diagnostics: string): void {
    const found = this.findAttempt(attemptId);
    if (!found || !isActive(found.attempt)) return;
    found.attempt.onTracker = false;
    this.attemptKilled(found.task, found.attempt, diagnostics);
    this.checkComplete();
  }

  /** A tracker is lost: what ran there is killed, and finished maps whose output lived there run again. */
  trackerLost(trackerName: string): void {
    if (this.isFinished()) return;
    const diagnostics = `Lost task tracker: ${trackerName}`;
    const reducesLeft = this.reduces.some((t) => !t.isComplete());
    for (const task of [...this.maps, ...this.reduces]) {
      for (const a of task.attempts.values()) {
        if (a.trackerName !== trackerName) continue;
        a.onTracker = false;
        if (isActive(a)) this.attemptKilled(task, a, diagnostics);
        else if (task.isMap && task.successful === a && reducesLeft && !this.finishing) this.rerunMap(task, a, false, diagnostics);
      }
    }
    this.checkComplete();
  }

  // ---- the job's end ----------------------------------------------------------------------

  kill(): void {
    if (this.isFinished() || this.finishing) return;
    this.failureInfo = `Job ${this.jobId} was killed`;
    this.ending = this.finish('KILLED');
  }

  private fail(info: string): void {
    if (this.isFinished() || this.finishing) return;
    this.failureInfo = info;
    log.info(`Job ${this.jobId} failed: ${info}`);
    this.ending = this.finish('FAILED');
  }

  private checkComplete(): void {
    if (this.state !== 'RUNNING' || this.finishing) return;
    if (this.maps.every((t) => t.isComplete()) && this.reduces.every((t) => t.isComplete())) this.ending = this.finish('SUCCEEDED');
  }

  /** Commits or aborts the job's output, writes its history, then shows the final state. */
  private async finish(target: 'SUCCEEDED' | 'FAILED' | 'KILLED'): Promise<void> {
    this.finishing = true;
    for (const task of [...this.maps, ...this.reduces]) {
      for (const a of task.active()) this.killByJobTracker(task, a, target === 'KILLED' ? 'Job was killed' : target === 'FAILED' ? 'Job failed' : 'Job succeeded');
    }
    let state = target;
    if (this.output) {
      try {
        if (state === 'SUCCEEDED') await this.output.commit();
        else await this.output.abort(state);
      } catch (e) {
        if (state === 'SUCCEEDED') {
          state = 'FAILED';
          this.failureInfo = `Job commit failed: ${describeError(e)}`;
          await this.output.abort('FAILED').catch(() => undefined);
        } else {
          log.warn(`Could not abort the output of ${this.jobId}: ${describeError(e)}`);
        }
      }
    }
    this.finishTime = this.services.now();
    const status: HistoryStatus = state === 'SUCCEEDED' ? 'SUCCESS' : state;
    const failedMaps = this.maps.filter((t) => t.failed).length;
    const failedReduces = this.reduces.filter((t) => t.failed).length;
    this.history.jobFinished(
      status,
      this.finishTime,
      { maps: this.completedMaps(), reduces: this.reduces.filter((t) => t.isComplete()).length, failedMaps, failedReduces },
      this.counters(),
    );
    await this.history.write(this.jtConf, this.conf, this.conf.get(JobKeys.OUTPUT_DIR));
    for (const t of this.trackersUsed) this.services.sendAction(t, { type: 'killJob', jobId: this.jobId });
    this.state = state;
    log.info(`Job ${this.jobId} ${state === 'SUCCEEDED' ? 'completed successfully' : state.toLowerCase()}`);
    this.services.jobFinished(this.jobId);
  }

  /** Resolves once a job that is ending has committed or aborted and written its history. */
  settled(): Promise<void> {
    return this.ending.catch(() => undefined);
  }

  // ---- what clients see -------------------------------------------------------------------

  /** Job counters plus the counters of each task's winning (or, while running, most advanced) attempt. */
  counters(): Counters {
    const c = new Counters();
    c.incrAll(this.jobCounters);
    for (const t of [...this.maps, ...this.reduces]) {
      const rep = t.representative();
      if (rep) c.incrAll(rep.counters);
    }
    return c;
  }

  taskReports(): TaskReport[] {
    return [...this.maps, ...this.reduces].map((t) => t.report());
  }

  private count(name: string, n = 1): void {
    this.jobCounters.findCounter(JobCounter.group, name).increment(n);
  }

  private addSlotTime(a: AttemptInfo): void {
    const ms = Math.max(0, (a.finishTime || this.services.now()) - a.startTime);
    this.count(a.isMap ? JobCounter.SLOTS_MILLIS_MAPS : JobCounter.SLOTS_MILLIS_REDUCES, ms);
  }
}

/** Keeps the first time each phase was reported (a tracker resends them all on every heartbeat). */
function mergePhaseTimes(a: AttemptInfo, r: TaskAttemptStatus): void {
  for (const [phase, t] of Object.entries(r.phaseTimes ?? {}) as Array<[TaskPhase, number]>) {
    if (typeof t === 'number' && Number.isFinite(t) && a.phaseTimes[phase] === undefined) a.phaseTimes[phase] = t;
  }
}

/** The job's own settings the JobTracker acts on, read once at submission. */
interface JobSettings {
  maxMapAttempts: number;
  maxReduceAttempts: number;
  maxTrackerFailures: number;
  slowstart: number;
  speculativeMaps: boolean;
  speculativeReduces: boolean;
  speculativeLagMs: number;
}

function jobSettings(conf: Configuration): JobSettings {
  return {
    maxMapAttempts: Math.max(1, conf.getInt('mapred.map.max.attempts')),
    maxReduceAttempts: Math.max(1, conf.getInt('mapred.reduce.max.attempts')),
    maxTrackerFailures: Math.max(1, conf.getInt('mapred.max.tracker.failures')),
    slowstart: conf.getFloat('mapred.reduce.slowstart.completed.maps'),
    speculativeMaps: conf.getBoolean('mapred.map.tasks.speculative.execution'),
    speculativeReduces: conf.getBoolean('mapred.reduce.tasks.speculative.execution'),
    speculativeLagMs: conf.getLong('mapred.speculative.lag.ms'),
  };
}
