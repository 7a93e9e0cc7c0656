import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { writeConfigurationXml } from '../common/conf/xml';
import { setLogLevel } from '../common/log';
import type { CountersJSON } from '../mapreduce/api/counters';
import { JobTrackerClient } from '../mapreduce/client/jobtracker-client';
import { JobTracker } from '../mapreduce/jobtracker/jobtracker';
import type { HeartbeatResponse, JobStatusJSON, MapOutputEvent, TaskAttemptStatus, TaskTrackerAction } from '../mapreduce/protocol/types';
import type { TaskSpec } from '../mapreduce/task/task-spec';
import { rmrf, tempDir } from './helpers';

/**
 * Test doubles for the JobTracker's tests: a fake TaskTracker that speaks the heartbeat RPC over
 * real HTTP and simulates attempts as the test tells it (RUNNING, COMMIT_PENDING, SUCCEEDED with
 * counters, FAILED with diagnostics, or silence), and helpers to start a JobTracker on a free
 * port and stage jobs by hand (splits with chosen hosts).
 */
export type LaunchedTask = TaskSpec & { jobDir: string; mapOutputLocations?: MapOutputEvent[] };

export interface FakeOptions {
  host?: string;
  rack?: string;
  maps?: number;
  reduces?: number;
  httpAddress?: string;
}

export class FakeTracker {
  readonly host: string;
  readonly httpAddress: string;
  /** What the tracker currently reports, by attempt id; ended ones are reported once, then dropped. */
  readonly attempts = new Map<string, TaskAttemptStatus>();
  readonly launched: LaunchedTask[] = [];
  readonly kills: string[] = [];
  readonly commits: string[] = [];
  readonly killedJobs: string[] = [];
  readonly events = new Map<string, MapOutputEvent[]>();
  reinits = 0;
  lastInterval = 0;
  private registered = false;
  private responseId = 0;
  private readonly client: JobTrackerClient;
  private readonly ended = new Set<string>();

  constructor(
    jtAddress: string,
    readonly name: string,
    private readonly opts: FakeOptions = {},
  ) {
    this.client = new JobTrackerClient(jtAddress, 10000);
    this.host = opts.host ?? 'localhost';
    this.httpAddress = opts.httpAddress ?? `${this.host}:${50060 + name.length}`;
  }

  async heartbeat(acceptNewTasks = true): Promise<HeartbeatResponse> {
    const reports = [...this.attempts.values()].map((a) => ({ ...a }));
    const res = await this.client.call('heartbeat', {
      status: {
        trackerName: this.name,
        host: this.host,
        httpAddress: this.httpAddress,
        rack: this.opts.rack,
        maxMapSlots: this.opts.maps ?? 2,
        maxReduceSlots: this.opts.reduces ?? 2,
        taskReports: reports,
        failures: 0,
      },
      initialContact: !this.registered,
      acceptNewTasks,
      responseId: this.responseId,
    });
    this.registered = true;
    this.responseId = res.responseId;
    this.lastInterval = res.intervalMs;
    for (const r of reports) {
      if (r.state === 'SUCCEEDED' || r.state === 'FAILED' || r.state === 'KILLED') this.attempts.delete(r.attemptId);
      // what was reported in this heartbeat no longer carries its fetch failures
      const a = this.attempts.get(r.attemptId);
      if (a) a.fetchFailures = undefined;
    }
    for (const action of res.actions) this.apply(action);
    return res;
  }

  private apply(action: TaskTrackerAction): void {
    switch (action.type) {
      case 'launchTask': {
        const t = action.task;
        this.launched.push(t);
        this.attempts.set(t.attemptId, {
          attemptId: t.attemptId,
          state: 'RUNNING',
          phase: t.isMap ? 'MAP' : 'SHUFFLE',
          progress: 0,
          status: '',
          counters: {},
          startTime: Date.now(),
          finishTime: 0,
          diagnostics: '',
        });
        if (!t.isMap) this.events.set(t.attemptId, [...(t.mapOutputLocations ?? [])]);
        break;
      }
      case 'killTask': {
        this.kills.push(action.attemptId);
        const a = this.attempts.get(action.attemptId);
        if (a && !this.ended.has(a.attemptId)) this.end(a.attemptId, { state: 'KILLED', diagnostics: 'killed on request' });
        break;
      }
      case 'killJob': {
        this.killedJobs.push(action.jobId);
        for (const id of [...this.attempts.keys()]) if (id.startsWith(`attempt_${action.jobId.slice(4)}_`)) this.attempts.delete(id);
        break;
      }
      case 'commitTask':
        this.commits.push(action.attemptId);
        break;
      case 'mapCompletionEvents':
        this.events.set(action.attemptId, [...(this.events.get(action.attemptId) ?? []), ...action.events]);
        break;
      case 'reinitTracker':
        this.reinits++;
        this.registered = false;
        this.attempts.clear();
        break;
    }
  }

  private end(attemptId: string, patch: Partial<TaskAttemptStatus>): void {
    this.ended.add(attemptId);
    this.set(attemptId, { finishTime: Date.now(), ...patch });
  }

  set(attemptId: string, patch: Partial<TaskAttemptStatus>): void {
    const a = this.attempts.get(attemptId);
    if (!a) throw new Error(`${this.name} does not run ${attemptId}`);
    Object.assign(a, patch);
  }

  progress(attemptId: string, progress: number): void {
    this.set(attemptId, { progress });
  }

  commitPending(attemptId: string): void {
    this.set(attemptId, { state: 'COMMIT_PENDING', progress: 1 });
  }

  succeed(attemptId: string, counters: CountersJSON = {}): void {
    const isMap = /_m_\d{6}_\d+$/.test(attemptId);
    this.end(attemptId, { state: 'SUCCEEDED', progress: 1, counters, mapOutputServer: isMap ? this.httpAddress : undefined });
  }

  fail(attemptId: string, diagnostics: string): void {
    this.end(attemptId, { state: 'FAILED', diagnostics });
  }

  fetchFailed(reduceAttemptId: string, mapAttemptIds: string[]): void {
    this.set(reduceAttemptId, { fetchFailures: mapAttemptIds });
  }

  /** Attempts it runs now (not ended). */
  running(): string[] {
    return [...this.attempts.values()].filter((a) => a.state === 'RUNNING' || a.state === 'COMMIT_PENDING').map((a) => a.attemptId);
  }

  launchedIds(): string[] {
    return this.launched.map((t) => t.attemptId);
  }
}

/** A JobTracker on 127.0.0.1:0 with every directory in a temp dir. */
export class TestCluster {
  readonly dir = tempDir('jobtracker-');
  jt!: JobTracker;
  client!: JobTrackerClient;
  conf!: Configuration;

  async start(overrides: Record<string, string | number | boolean> = {}): Promise<this> {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('mapred.job.tracker', '127.0.0.1:0');
    conf.set('mapred.job.tracker.http.address', '127.0.0.1:0');
    conf.set('hadoop.tmp.dir', path.join(this.dir, 'tmp'));
    conf.set('mapreduce.jobtracker.staging.root.dir', path.join(this.dir, 'staging'));
    conf.set('hadoop.job.history.location', path.join(this.dir, 'jt-history'));
    conf.set('mapred.local.dir', path.join(this.dir, 'jt-local'));
    conf.set('mapred.heartbeat.interval.ms', 100);
    // the tests drive heartbeats one by one: answer them at once unless a test asks otherwise
    conf.set('mapred.jobtracker.heartbeat.hold.ms', 0);
    for (const [k, v] of Object.entries(overrides)) conf.set(k, v);
    this.conf = conf;
    // the JobTracker's INFO lines would drown the test report
    setLogLevel('WARN');
    this.jt = await JobTracker.start(conf);
    this.client = new JobTrackerClient(this.jt.address, 10000);
    return this;
  }

  tracker(name: string, opts: FakeOptions = {}): FakeTracker {
    return new FakeTracker(this.jt.address, name, opts);
  }

  async stop(): Promise<void> {
    await this.jt?.stop();
    setLogLevel('INFO');
    rmrf(this.dir);
  }

  /**
   * Stages a job by hand, as the JobClient would, with splits on chosen hosts, and submits it.
   * The output goes to a fresh directory under the test dir (the default TextOutputFormat).
   */
  async submit(opts: { hosts?: string[][]; maps?: number; reduces?: number; conf?: Record<string, string | number | boolean>; name?: string } = {}): Promise<JobStatusJSON> {
    const { jobId, stagingDir } = await this.client.call('getNewJobId', {});
    const hosts = opts.hosts ?? Array.from({ length: opts.maps ?? 2 }, () => []);
    const out = path.join(this.dir, 'out', jobId);
    const conf: Record<string, string> = {
      'mapred.job.name': opts.name ?? 'fake job',
      'mapred.output.dir': `file:${out}`,
      'mapred.reduce.tasks': String(opts.reduces ?? 1),
    };
    for (const [k, v] of Object.entries(opts.conf ?? {})) conf[k] = String(v);
    const jobDir = path.join(stagingDir.replace(/^file:(\/\/)?/, ''), jobId);
    fs.mkdirSync(jobDir, { recursive: true });
    fs.writeFileSync(path.join(jobDir, 'job.xml'), writeConfigurationXml(Object.entries(conf)));
    fs.writeFileSync(path.join(jobDir, 'job.conf.json'), JSON.stringify(conf));
    const splits = hosts.map((h, index) => ({ index, json: { path: `file:/in/part-${index}`, start: 0, length: 100, hosts: h }, hosts: h, length: 100 }));
    fs.writeFileSync(path.join(jobDir, 'job.splits.json'), JSON.stringify(splits));
    const { status } = await this.client.call('submitJob', {
      submission: { jobId, jobDir: `${stagingDir}/${jobId}`, user: 'tester', jobName: conf['mapred.job.name'], numMaps: splits.length, numReduces: Number(conf['mapred.reduce.tasks']) },
    });
    return status;
  }

  outputDir(jobId: string): string {
    return path.join(this.dir, 'out', jobId);
  }

  async status(jobId: string): Promise<JobStatusJSON> {
    return (await this.client.call('getJobStatus', { jobId })).status;
  }

  /** Polls until the job reaches state (or fails the test after timeoutMs). */
  async waitFor(jobId: string, state: JobStatusJSON['state'], timeoutMs = 20000): Promise<JobStatusJSON> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.status(jobId);
      if (s.state === state) return s;
      if (Date.now() > deadline) throw new Error(`${jobId} is ${s.state} (${s.failureInfo}), not ${state}, after ${timeoutMs} ms`);
      await sleep(25);
    }
  }
}

/** Reduces, and maps of map-only jobs, write output that must be committed. */
function needsCommit(t: FakeTracker, attemptId: string): boolean {
  const spec = t.launched.find((l) => l.attemptId === attemptId);
  return spec !== undefined && (!spec.isMap || spec.numReduces === 0);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls cond until it holds (or throws after timeoutMs, naming what was awaited). */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Runs trackers in the background: each heartbeats every few ms and finishes whatever it runs
 * (maps SUCCEEDED with a counter, reduces through COMMIT_PENDING), unless `decide` says otherwise.
 */
export class AutoRunner {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    readonly trackers: FakeTracker[],
    private readonly decide: (t: FakeTracker, attemptId: string) => 'run' | 'succeed' | { fail: string } = () => 'succeed',
    private readonly periodMs = 30,
  ) {}

  start(): this {
    for (const t of this.trackers) this.loops.push(this.loop(t));
    return this;
  }

  private async loop(t: FakeTracker): Promise<void> {
    while (!this.stopped) {
      for (const id of t.running()) {
        const a = t.attempts.get(id)!;
        const d = this.decide(t, id);
        if (d === 'run') continue;
        if (typeof d === 'object') t.fail(id, d.fail);
        else if (a.state === 'COMMIT_PENDING' && t.commits.includes(id)) t.succeed(id, { 'org.apache.hadoop.mapreduce.TaskCounter': { MAP_INPUT_RECORDS: /_m_/.test(id) ? 10 : 0, REDUCE_OUTPUT_RECORDS: /_r_/.test(id) ? 5 : 0 } });
        else if (a.state === 'RUNNING' && needsCommit(t, id)) t.commitPending(id);
        else if (a.state === 'RUNNING') t.succeed(id, { 'org.apache.hadoop.mapreduce.TaskCounter': { MAP_INPUT_RECORDS: 10 } });
      }
      try {
        await t.heartbeat();
      } catch {
        // the JobTracker may be stopping
      }
      await sleep(this.periodMs);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
