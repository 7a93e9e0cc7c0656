import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { Ctor } from '../common/classes';
import { createJsonApp, listen } from '../common/http/json-server';
import { IntWritable, Text } from '../common/io/writables';
import { attemptId } from '../mapreduce/api/ids';
import { Job } from '../mapreduce/api/job';
import type { JobTrackerProtocol } from '../mapreduce/protocol/jobtracker-protocol';
import type { MapOutputEvent, SplitMeta, TaskAttemptStatus, TaskTrackerAction } from '../mapreduce/protocol/types';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { TextInputFormat } from '../mapreduce/lib/input/text-input-format';
import { FileOutputCommitter } from '../mapreduce/lib/output/file-output-committer';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { IntSumReducer } from '../mapreduce/lib/reduce/int-sum-reducer';
import { HADOOP_BIN } from './helpers';

/**
 * Test harness for the TaskTracker: a fake JobTracker (express, in the test process) that hands
 * out actions and records every status it gets, a real `bin/hadoop tasktracker` process, and
 * jobs staged the way a JobClient stages them (job.xml, job.js, job.splits.json).
 */
type HeartbeatReq = JobTrackerProtocol['heartbeat']['req'];

export interface Heartbeat {
  at: number;
  req: HeartbeatReq;
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'KILLED']);

export class FakeJobTracker {
  readonly heartbeats: Heartbeat[] = [];
  /** Every status received per attempt, in order. */
  readonly statuses = new Map<string, TaskAttemptStatus[]>();
  /** Requests that arrived while down (answered by dropping the connection). */
  refused = 0;
  down = false;
  autoCommit = true;
  intervalMs = 3000;
  /** Called on each heartbeat; returns more actions to send. */
  script: ((req: HeartbeatReq) => TaskTrackerAction[] | void) | null = null;
  private pending: TaskTrackerAction[] = [];
  private readonly committed = new Set<string>();
  private server: Server | null = null;
  address = '';

  async start(): Promise<void> {
    const app = createJsonApp();
    app.post('/rpc/heartbeat', (req, res) => {
      if (this.down) {
        this.refused++;
        req.socket.destroy();
        return;
      }
      const hb = req.body as HeartbeatReq;
      this.heartbeats.push({ at: Date.now(), req: hb });
      const actions: TaskTrackerAction[] = [];
      for (const s of hb.status.taskReports) {
        const list = this.statuses.get(s.attemptId) ?? [];
        list.push(s);
        this.statuses.set(s.attemptId, list);
        if (this.autoCommit && s.state === 'COMMIT_PENDING' && !this.committed.has(s.attemptId)) {
          this.committed.add(s.attemptId);
          actions.push({ type: 'commitTask', attemptId: s.attemptId });
        }
      }
      actions.push(...this.pending.splice(0));
      actions.push(...(this.script?.(hb) ?? []));
      res.json({ intervalMs: this.intervalMs, actions, responseId: hb.responseId + 1 });
    });
    const bound = await listen(app, '127.0.0.1', 0);
    this.server = bound.server;
    this.address = `127.0.0.1:${bound.port}`;
  }

  /** Actions for the next heartbeat. */
  send(...actions: TaskTrackerAction[]): void {
    this.pending.push(...actions);
  }

  latest(attempt: string): TaskAttemptStatus | undefined {
    const list = this.statuses.get(attempt);
    return list?.[list.length - 1];
  }

  /** Waits for the attempt's final status (SUCCEEDED, FAILED or KILLED). */
  final(attempt: string, timeoutMs = 60000): Promise<TaskAttemptStatus> {
    return waitFor(() => {
      const s = this.latest(attempt);
      return s && FINAL.has(s.state) ? s : undefined;
    }, timeoutMs, `the final status of ${attempt}`);
  }

  /** The first heartbeat that carried the attempt in the given state. */
  firstReport(attempt: string, state: string): { hb: Heartbeat; status: TaskAttemptStatus } | undefined {
    for (const hb of this.heartbeats) {
      const status = hb.req.status.taskReports.find((s) => s.attemptId === attempt && s.state === state);
      if (status) return { hb, status };
    }
    return undefined;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface ReadyInfo {
  role: string;
  pid: number;
  rpcAddress: string;
  httpAddress: string;
  localDirs: string[];
  trackerName: string;
}

/** A `bin/hadoop tasktracker` process. */
export class TaskTrackerProcess {
  private constructor(
    readonly proc: ChildProcess,
    readonly ready: ReadyInfo,
    private readonly output: () => string,
  ) {}

  /** Starts a tracker against jobTracker, with its own local dir, log dir and an empty conf dir. */
  static async start(dir: string, jobTracker: string, extra: Record<string, string> = {}): Promise<TaskTrackerProcess> {
    const confDir = path.join(dir, 'conf');
    fs.mkdirSync(confDir, { recursive: true });
    const readyFile = path.join(dir, 'ready.json');
    fs.rmSync(readyFile, { force: true });
    const props: Record<string, string> = {
      'mapred.job.tracker': jobTracker,
      'mapred.task.tracker.http.address': '127.0.0.1:0',
      'mapred.local.dir': path.join(dir, 'local'),
      'hadoop.log.dir': path.join(dir, 'logs'),
      'daemon.ready.file': readyFile,
      ...extra,
    };
    const args = [HADOOP_BIN, 'tasktracker', ...Object.entries(props).flatMap(([k, v]) => ['-D', `${k}=${v}`])];
    const proc = spawn(process.execPath, args, { env: { ...process.env, HADOOP_CONF_DIR: confDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    try {
      await waitFor(() => fs.existsSync(readyFile) || proc.exitCode !== null, 30000, 'the TaskTracker to start');
    } catch (e) {
      proc.kill('SIGKILL');
      throw e;
    }
    if (proc.exitCode !== null) throw new Error(`TaskTracker exited with ${proc.exitCode}: ${output}`);
    const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as ReadyInfo;
    return new TaskTrackerProcess(proc, ready, () => output);
  }

  get url(): string {
    return `http://${this.ready.httpAddress}`;
  }

  /** What the process wrote to stdout and stderr (its log goes to hadoop.log.dir). */
  get stderr(): string {
    return this.output();
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async stop(): Promise<number | null> {
    const p = this.proc;
    if (p.exitCode !== null || p.signalCode !== null) return p.exitCode;
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

export interface StagedJob {
  jobId: string;
  /** The staging directory (file://), as a JobClient leaves it. */
  jobDir: string;
  conf: Configuration;
  splits: SplitMeta[];
  outputDir: string;
  numReduces: number;
  job: Job;
}

export interface JobOptions {
  jobId: string;
  mapper: Ctor;
  /** The compiled module exporting the mapper: becomes job.js. */
  jobModule: string;
  input: string;
  numReduces: number;
  combiner?: boolean;
  conf?: Record<string, string>;
  /** Leave job.js out of the staging dir. */
  withoutJobModule?: boolean;
}

/** Stages a job the way the JobClient does, and sets up its output (the JobTracker's job setup). */
export async function stageJob(root: string, o: JobOptions): Promise<StagedJob> {
  const conf = new Configuration({ loadSiteFiles: false });
  conf.set('mapred.jar', o.jobModule);
  for (const [k, v] of Object.entries(o.conf ?? {})) conf.set(k, v);
  const job = Job.getInstance(conf, 'tasktracker test');
  job.setMapperClass(o.mapper as never);
  if (o.combiner) job.setCombinerClass(IntSumReducer);
  job.setReducerClass(IntSumReducer);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(IntWritable);
  job.setNumReduceTasks(o.numReduces);
  const outputDir = path.join(root, 'out', o.jobId);
  FileInputFormat.addInputPath(job, o.input);
  FileOutputFormat.setOutputPath(job, outputDir);
  job.getConfiguration().set('mapred.job.id', o.jobId);
  const splits = (await new TextInputFormat().getSplits(job)).map((s, index) => ({
    index,
    json: s.toJSON() as object,
    hosts: s.getLocations(),
    length: s.getLength(),
  }));
  const jobDir = path.join(root, 'staging', o.jobId);
  fs.mkdirSync(jobDir, { recursive: true });
  fs.writeFileSync(path.join(jobDir, 'job.xml'), job.getConfiguration().toXml());
  if (!o.withoutJobModule) fs.copyFileSync(o.jobModule, path.join(jobDir, 'job.js'));
  fs.writeFileSync(path.join(jobDir, 'job.splits.json'), JSON.stringify(splits));
  await new FileOutputCommitter(outputDir).setupJob(job);
  return { jobId: o.jobId, jobDir, conf: job.getConfiguration(), splits, outputDir, numReduces: o.numReduces, job };
}

export function mapAttempt(job: StagedJob, index: number, attempt = 0): string {
  return attemptId(job.jobId, true, index, attempt);
}

export function reduceAttempt(job: StagedJob, partition: number, attempt = 0): string {
  return attemptId(job.jobId, false, partition, attempt);
}

export function launchMap(job: StagedJob, index: number, attempt = 0): TaskTrackerAction {
  return {
    type: 'launchTask',
    task: {
      jobId: job.jobId,
      attemptId: mapAttempt(job, index, attempt),
      isMap: true,
      partition: index,
      numMaps: job.splits.length,
      numReduces: job.numReduces,
      conf: {},
      split: job.splits[index].json,
      workDir: '',
      jobDir: job.jobDir,
    },
  };
}

export function launchReduce(job: StagedJob, partition: number, locations: MapOutputEvent[], attempt = 0): TaskTrackerAction {
  return {
    type: 'launchTask',
    task: {
      jobId: job.jobId,
      attemptId: reduceAttempt(job, partition, attempt),
      isMap: false,
      partition,
      numMaps: job.splits.length,
      numReduces: job.numReduces,
      conf: {},
      workDir: '',
      jobDir: job.jobDir,
      mapOutputLocations: locations,
    },
  };
}

/** A deterministic text corpus: `files` files of about `bytes` bytes each. */
export function writeCorpus(dir: string, files: number, bytes: number): void {
  fs.mkdirSync(dir, { recursive: true });
  let s = 4242;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const vocab = ['map', 'reduce', 'shuffle', 'sort', 'merge', 'spill', 'über', '日本', 'tracker', 'job', 'task', 'a', 'I'];
  for (let f = 0; f < files; f++) {
    let text = '';
    while (text.length < bytes) {
      const words: string[] = [];
      const n = rnd(10);
      for (let j = 0; j < n; j++) words.push(vocab[rnd(vocab.length)] + (rnd(20) === 0 ? String(rnd(5000)) : ''));
      text += words.join(rnd(7) === 0 ? '\t' : ' ') + '\n';
    }
    fs.writeFileSync(path.join(dir, `part${f}.txt`), text);
  }
}
