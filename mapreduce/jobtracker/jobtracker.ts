import type { Server } from 'node:http';
import type { Configuration } from '../../common/conf/configuration';
import { describeError, HadoopError } from '../../common/errors';
import { parseBindAddress } from '../../common/http/address';
import { FileSystem, Path } from '../../common/fs/index';
import { badRequest, listen } from '../../common/http/json-server';
import { getLog } from '../../common/log';
import { jobId as makeJobId, jtIdentifier, parseAttemptId } from '../api/ids';
import type { ClusterStatusJSON, HeartbeatResponse, JobStatusJSON, JobSubmission, TaskReport, TrackerInfo } from '../protocol/types';
import { handleHeartbeat, HeartbeatContext, isQuiet, trackerWork } from './heartbeat';
import { HeartbeatHold } from './heartbeat-hold';
import { isActive, JobTrackerServices } from './interfaces';
import { localizeJobModule, readJobFiles, removeLocalJobDir } from './job-files';
import { JobInProgress } from './job-in-progress';
import { jobStatus, statusStamp } from './job-status';
import { createJobTrackerApp } from './rpc-server';
import { StatusWaiters } from './status-waiters';
import { loadTaskScheduler, TaskScheduler } from './task-scheduler';
import { Topology } from './topology';
import { TrackerRegistry } from './tracker-registry';
import type { HeartbeatRequest } from './validate';

const log = getLog('mapred.JobTracker');

/** host:port of mapred.job.tracker, or a clear error when it is `local` or malformed. */
export function parseJobTrackerAddress(value: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(value.trim());
  if (!m || Number(m[2]) > 65535) {
    throw new HadoopError('CONF_BAD_VALUE', `Invalid value for mapred.job.tracker: '${value}' is not host:port (a JobTracker needs an address; 'local' runs jobs in the client)`);
  }
  return { host: m[1], port: Number(m[2]) };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The JobTracker daemon: hands out job ids, takes submissions from the staging directory,
 * answers TaskTracker heartbeats with work, and serves job and cluster state. The pieces live
 * in their own files: the tracker registry, each job's state machine, the scheduler, history,
 * and the HTTP routes.
 */
export class JobTracker implements HeartbeatContext {
  readonly identifier: string;
  readonly startTime: number;
  readonly registry: TrackerRegistry;
  readonly scheduler: TaskScheduler;
  readonly topology: Topology;
  readonly stagingRoot: Path;
  address = '';
  /** host:port of the web UI (mapred.job.tracker.http.address), 127.0.0.1 when bound to every interface. */
  httpAddress = '';
  private server: Server | null = null;
  private httpServer: Server | null = null;
  private readonly jobsById = new Map<string, JobInProgress>();
  private readonly order: JobInProgress[] = [];
  private readonly issued = new Set<string>();
  private nextJob = 1;
  private readonly hold: HeartbeatHold;
  private readonly statusWaiters = new StatusWaiters();
  private wakeScheduled = false;
  private readonly heartbeatIntervalMs: number;
  private readonly heartbeatsPerSecond: number;
  private readonly retainedJobs: number;
  readonly services: JobTrackerServices;

  private constructor(readonly conf: Configuration) {
    this.startTime = Date.now();
    this.identifier = jtIdentifier(new Date(this.startTime));
    this.topology = new Topology(conf);
    this.scheduler = loadTaskScheduler(conf);
    // the TaskTracker's key (ours, default 3000): the interval the JobTracker answers with
    this.heartbeatIntervalMs = Math.max(1, conf.getLong('mapred.heartbeat.interval.ms', 3000));
    this.heartbeatsPerSecond = Math.max(1, conf.getInt('mapred.heartbeats.in.second'));
    this.retainedJobs = Math.max(1, conf.getInt('mapred.jobtracker.completeuserjobs.maximum'));
    const root = conf.get('mapreduce.jobtracker.staging.root.dir', '/tmp/hadoop/mapred/staging');
    this.stagingRoot = FileSystem.get(conf, root).makeQualified(root);
    this.services = {
      sendAction: (name, action) => {
        const t = this.registry.get(name);
        if (!t) return;
        t.actions.push(action);
        this.wakeHeld();
      },
      liveTrackerCount: () => this.registry.live().length,
      jobFinished: (id) => this.jobFinished(id),
      now: () => Date.now(),
    };
    this.registry = new TrackerRegistry(
      conf.getLong('mapred.tasktracker.expiry.interval'),
      this.topology,
      Math.max(1, conf.getInt('mapred.max.tracker.blacklists')),
      (t) => {
        for (const job of this.order) job.trackerLost(t.name);
        this.wakeHeld();
      },
    );
    // never hold a heartbeat long enough for the tracker to look lost
    const holdMs = Math.min(conf.getLong('mapred.jobtracker.heartbeat.hold.ms'), Math.floor(this.registry.expiryMs / 3));
    this.hold = new HeartbeatHold(holdMs, (t) => trackerWork(this, t), () => this.intervalMs(), Date.now, (t) => isQuiet(this, t));
  }

  /** Held heartbeats get a look at what changed, once the current event is done. */
  private wakeHeld(): void {
    if (this.wakeScheduled || this.hold.holdMs <= 0) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.hold.wake((t) => this.registry.get(t.name) === t);
    });
  }

  /** Starts serving on mapred.job.tracker (port 0 picks a free port; `address` tells which). */
  static async start(conf: Configuration): Promise<JobTracker> {
    const { host, port } = parseJobTrackerAddress(conf.get('mapred.job.tracker', 'local'));
    const http = parseBindAddress(conf.get('mapred.job.tracker.http.address', '0.0.0.0:50030'), 'mapred.job.tracker.http.address');
    const jt = new JobTracker(conf);
    const app = createJobTrackerApp(jt);
    const { server, port: bound } = await listen(app, host, port);
    jt.server = server;
    jt.address = `${host}:${bound}`;
    // the web UI (Hadoop's 50030): the same app, so /status/* answers there too
    try {
      const web = await listen(app, http.host, http.port);
      jt.httpServer = web.server;
      jt.httpAddress = `${http.host === '0.0.0.0' ? '127.0.0.1' : http.host}:${web.port}`;
    } catch (e) {
      await closeServer(server);
      throw new HadoopError('DAEMON_BIND', `Cannot listen on ${http.host}:${http.port} (mapred.job.tracker.http.address): ${(e as Error).message}`);
    }
    jt.registry.start();
    log.info(`JobTracker up at ${jt.address} (web ${jt.httpAddress}), identifier ${jt.identifier}, staging in ${jt.stagingRoot}`);
    return jt;
  }

  async stop(): Promise<void> {
    this.registry.stop();
    this.hold.releaseAll();
    this.statusWaiters.releaseAll();
    // a job committing or aborting finishes its output and history first (for a while at most)
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.order.map((j) => j.settled())),
      new Promise<void>((r) => {
        timer = setTimeout(r, 10000);
      }),
    ]);
    clearTimeout(timer);
    const servers = [this.server, this.httpServer].filter((s): s is Server => s !== null);
    this.server = null;
    this.httpServer = null;
    await Promise.all(servers.map(closeServer));
  }

  // ---- HeartbeatContext -----------------------------------------------------------------

  jobs(): readonly JobInProgress[] {
    return this.order;
  }

  job(jobId: string): JobInProgress | undefined {
    return this.jobsById.get(jobId);
  }

  /** Hadoop's getNextHeartbeatInterval: the configured interval, longer on a big cluster. */
  intervalMs(): number {
    const scaled = Math.ceil((1000 * this.registry.active().length) / this.heartbeatsPerSecond);
    return Math.max(this.heartbeatIntervalMs, scaled);
  }

  now(): number {
    return Date.now();
  }

  // ---- JobTrackerProtocol -----------------------------------------------------------------

  getNewJobId(): { jobId: string; stagingDir: string } {
    const id = makeJobId(this.identifier, this.nextJob++);
    this.issued.add(id);
    return { jobId: id, stagingDir: this.stagingRoot.toString() };
  }

  async submitJob(sub: JobSubmission): Promise<JobStatusJSON> {
    if (!this.issued.has(sub.jobId)) {
      throw badRequest(this.jobsById.has(sub.jobId) ? `Job ${sub.jobId} was already submitted` : `Job id ${sub.jobId} was not handed out by this JobTracker`);
    }
    const expectedDir = new Path(this.stagingRoot, sub.jobId).toString();
    if (new Path(sub.jobDir).toString() !== expectedDir) throw badRequest(`The job directory of ${sub.jobId} must be ${expectedDir}, not ${sub.jobDir}`);
    const files = await readJobFiles(this.conf, sub.jobDir);
    files.conf.validate();
    if (files.splits.length !== sub.numMaps) throw badRequest(`${sub.jobId}: ${sub.numMaps} maps submitted but the splits file has ${files.splits.length}`);
    const confReduces = files.conf.getInt('mapred.reduce.tasks');
    if (confReduces !== sub.numReduces) throw badRequest(`${sub.jobId}: ${sub.numReduces} reduces submitted but its conf says ${confReduces}`);
    this.issued.delete(sub.jobId);
    const job = new JobInProgress(sub, files.conf, files.splits, Date.now(), this.conf, this.services);
    this.jobsById.set(sub.jobId, job);
    this.order.push(job);
    log.info(`Job ${sub.jobId} submitted by ${sub.user}: ${sub.numMaps} maps, ${sub.numReduces} reduces ('${sub.jobName}')`);
    let localConf = files.conf;
    try {
      if (files.hasModule) localConf = await localizeJobModule(this.conf, sub.jobDir, sub.jobId, files.conf);
    } catch (e) {
      log.warn(`Could not localize the job module of ${sub.jobId}: ${describeError(e)}`);
    }
    await job.init(localConf);
    this.wakeHeld();
    this.statusWaiters.check();
    return jobStatus(job);
  }

  private known(jobId: string): JobInProgress {
    const job = this.jobsById.get(jobId);
    if (!job) throw new HadoopError('MR_NO_SUCH_JOB', `Could not find job ${jobId}`);
    return job;
  }

  getJobStatus(jobId: string): JobStatusJSON {
    return jobStatus(this.known(jobId));
  }

  /** getJobStatus, waiting up to waitMs while the job's stamp is still `since` (a long poll). */
  async waitForJobStatus(jobId: string, waitMs: number, since: string): Promise<{ status: JobStatusJSON; stamp: string }> {
    const job = this.known(jobId);
    if (waitMs > 0 && since !== '') await this.statusWaiters.wait(() => statusStamp(job) !== since || this.server === null, waitMs);
    return { status: jobStatus(job), stamp: statusStamp(job) };
  }

  getAllJobs(): JobStatusJSON[] {
    return this.order.map((j) => jobStatus(j));
  }

  getTaskReports(jobId: string): TaskReport[] {
    return this.known(jobId).taskReports();
  }

  killJob(jobId: string): void {
    const job = this.known(jobId);
    log.info(`Killing job ${jobId}`);
    job.kill();
  }

  killTask(attemptId: string, shouldFail: boolean): void {
    const parsed = parseAttemptId(attemptId);
    const job = parsed ? this.jobsById.get(parsed.jobId) : undefined;
    const found = job?.findAttempt(attemptId);
    if (!job || !found) throw new HadoopError('MR_NO_SUCH_TASK', `Could not find task attempt ${attemptId}`);
    if (!job.killAttempt(attemptId, shouldFail)) {
      throw new HadoopError('MR_TASK_NOT_RUNNING', `Task attempt ${attemptId} is not running (${found.attempt.state})`);
    }
    log.info(`${shouldFail ? 'Failing' : 'Killing'} task attempt ${attemptId} on request`);
  }

  heartbeat(req: HeartbeatRequest): Promise<HeartbeatResponse & { responseId: number }> | (HeartbeatResponse & { responseId: number }) {
    const { reply, idle } = handleHeartbeat(this, req);
    // what this tracker reported may have made work for others (a task to run again), and news for waiting clients
    this.wakeHeld();
    this.statusWaiters.check();
    if (idle && this.hold.holdMs > 0) {
      if (reply.actions.length === 0) return this.hold.hold(idle, reply.responseId);
      // still quiet after these actions (a killJob, news for a reduce): come back at once to be held
      reply.intervalMs = 0;
    }
    return reply;
  }

  getClusterStatus(): ClusterStatusJSON {
    const active = this.registry.active();
    const live = active.filter((t) => t.state === 'live');
    let runningMaps = 0;
    let runningReduces = 0;
    for (const t of active) {
      for (const a of t.attempts.values()) {
        if (!isActive(a)) continue;
        if (a.isMap) runningMaps++;
        else runningReduces++;
      }
    }
    const count = (s: string) => this.order.filter((j) => j.state === s).length;
    return {
      trackers: active.length,
      blacklisted: active.length - live.length,
      lost: this.registry.lostCount(),
      mapSlots: live.reduce((s, t) => s + t.maxMapSlots, 0),
      reduceSlots: live.reduce((s, t) => s + t.maxReduceSlots, 0),
      runningMaps,
      runningReduces,
      jobs: { running: count('RUNNING') + count('PREP'), succeeded: count('SUCCEEDED'), failed: count('FAILED'), killed: count('KILLED') },
    };
  }

  getTrackers(): TrackerInfo[] {
    return this.registry.info();
  }

  // ---- a job's end ------------------------------------------------------------------------

  private jobFinished(jobId: string): void {
    const job = this.jobsById.get(jobId);
    if (!job) return;
    this.statusWaiters.check();
    if (job.state === 'SUCCEEDED') for (const t of job.blacklistedTrackers()) this.registry.noteJobBlacklist(t, jobId);
    removeLocalJobDir(this.conf, jobId);
    const dir = new Path(job.submission.jobDir);
    FileSystem.get(this.conf, dir)
      .delete(dir, true)
      .catch((e: unknown) => log.warn(`Could not remove the staging directory ${dir}: ${describeError(e)}`));
    // keep the most recent finished jobs for -status and the UI
    const finished = this.order.filter((j) => j.isFinished());
    for (const old of finished.slice(0, Math.max(0, finished.length - this.retainedJobs))) {
      this.jobsById.delete(old.jobId);
      this.order.splice(this.order.indexOf(old), 1);
    }
  }
}
