import * as fs from 'node:fs';
import * as path from 'node:path';
import { Path, readFully } from '../common/fs/index';
import { JobTrackerClient } from '../mapreduce/client/jobtracker-client';
import type { JobStatusJSON, TaskReport } from '../mapreduce/protocol/types';
import { MiniCluster, startMiniCluster, waitFor } from './dfs-harness';
import { HADOOP_HOME, RunResult, runHadoop } from './helpers';

/**
 * A MapReduce cluster for integration tests: `hadoop minicluster` with DataNodes, a JobTracker and
 * TaskTrackers (each a process), short intervals through configuration, and helpers to run jobs
 * through bin/hadoop against it and against the local runner, and to read what they wrote.
 */
export const MR_SHORT_INTERVALS: Record<string, string> = {
  'mapred.heartbeat.interval.ms': '300',
  // long enough that a busy 2-core machine does not lose a live tracker, short enough for the kill tests
  'mapred.tasktracker.expiry.interval': '5000',
  // generous: a fresh child process may be slow to start on a loaded machine (the Hangs test sets its own)
  'mapred.task.timeout': '60000',
  'mapreduce.client.progress.interval.ms': '100',
};

export const FIXTURES = path.join(HADOOP_HOME, 'dist', 'test', 'fixtures');

export interface MrCluster extends MiniCluster {
  jobTrackerAddress: string;
  jt: JobTrackerClient;
}

export async function startMrCluster(options: { datanodes?: number; tasktrackers?: number; conf?: Record<string, string> } = {}): Promise<MrCluster> {
  const c = await startMiniCluster({
    datanodes: options.datanodes ?? 3,
    tasktrackers: options.tasktrackers ?? 2,
    conf: { ...MR_SHORT_INTERVALS, ...(options.conf ?? {}) },
  });
  const address = c.jobTrackerAddress!;
  const jt = new JobTrackerClient(address, 30000);
  const mr: MrCluster = Object.assign(c, { jobTrackerAddress: address, jt });
  try {
    // every TaskTracker has registered before a test submits anything
    await waitFor(async () => (await jt.call('getClusterStatus', {})).status.trackers === (options.tasktrackers ?? 2), 30000, 'the TaskTrackers to register');
  } catch (e) {
    await c.stop();
    throw e;
  }
  return mr;
}

/**
 * `bin/hadoop jar PROGRAM... [generic] ARGS...` where PROGRAM is the jar and its program or main
 * class (`['examples', 'wordcount']`, `[module, 'SlowWordCount']`): the generic options go after
 * it, as ToolRunner reads them.
 */
export function jarArgs(program: string[], args: string[], generic: string[] = []): string[] {
  return ['jar', ...program, ...generic, ...args];
}

/** Runs a job in local mode on the local filesystem (the sequential oracle), with the cluster's conf dir otherwise. */
export function runLocal(c: MiniCluster, program: string[], args: string[], generic: string[] = []): Promise<RunResult> {
  return runHadoop(jarArgs(program, args, ['-D', 'mapred.job.tracker=local', '-fs', 'file:///', ...generic]), {
    env: { HADOOP_CONF_DIR: c.confDir },
    timeoutMs: 120000,
  });
}

/** The part files of an output directory on the DFS, by name, as bytes. */
export async function dfsParts(c: MiniCluster, dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const list = await c.fs.listStatus(dir);
  for (const st of list.map((s) => s.path).sort((a, b) => (a.getName() < b.getName() ? -1 : 1))) {
    if (st.getName().startsWith('part-')) out.set(st.getName(), await readFully(c.fs, new Path(st.toString())));
  }
  return out;
}

/** The part files of a local output directory, by name, as bytes. */
export function localParts(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('part-')).sort()) out.set(f, fs.readFileSync(path.join(dir, f)));
  return out;
}

/** Names of the entries of a DFS directory, sorted. */
export async function dfsNames(c: MiniCluster, dir: string): Promise<string[]> {
  return (await c.fs.listStatus(dir)).map((s) => s.path.getName()).sort();
}

/** A counter as the JobClient printed it (`    Display Name=value`), or null. */
export function printedCounter(stderr: string, displayName: string): number | null {
  const m = new RegExp(`INFO mapred\\.JobClient: {5}${displayName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=(\\d+)\\n`).exec(stderr);
  return m ? Number(m[1]) : null;
}

/** The job the JobClient printed as `Running job: ID` (or the last one in stderr). */
export function jobIdOf(stderr: string): string {
  const m = [...stderr.matchAll(/Running job: (job_\w+)/g)];
  if (m.length === 0) throw new Error(`No 'Running job' line in:\n${stderr}`);
  return m[m.length - 1][1];
}

export async function jobStatus(c: MrCluster, jobId: string): Promise<JobStatusJSON> {
  return (await c.jt.call('getJobStatus', { jobId })).status;
}

export async function taskReports(c: MrCluster, jobId: string): Promise<TaskReport[]> {
  return (await c.jt.call('getTaskReports', { jobId })).tasks;
}

/** Waits for the JobTracker to have a job (submitted by a client running in the background). */
export async function waitForJob(c: MrCluster, timeoutMs = 60000): Promise<string> {
  let id = '';
  await waitFor(
    async () => {
      const { jobs } = await c.jt.call('getAllJobs', {});
      const running = jobs.filter((j) => j.state === 'RUNNING');
      if (running.length > 0) id = running[running.length - 1].jobId;
      return id !== '';
    },
    timeoutMs,
    'a running job',
  );
  return id;
}

/** A deterministic corpus of several DFS blocks (1 MB each in the test cluster): tabs, CRLF, a file without a final newline. */
export function writeCorpus(dir: string, sizes: number[]): void {
  fs.mkdirSync(dir, { recursive: true });
  let s = 4242;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const vocab = ['the', 'quick', 'brown', 'fox', 'jumps', 'über', 'lazy', 'dog', '日本', 'a', 'I', 'x-y', "don't", 'hadoop', 'tracker'];
  sizes.forEach((size, f) => {
    const lines: string[] = [];
    let n = 0;
    while (n < size) {
      const words: string[] = [];
      const len = rnd(12);
      for (let j = 0; j < len; j++) words.push(vocab[rnd(vocab.length)] + (rnd(40) === 0 ? String(rnd(5000)) : ''));
      const line = words.join(rnd(9) === 0 ? '\t' : ' ');
      lines.push(line);
      n += Buffer.byteLength(line) + 1;
    }
    const eol = f === 1 ? '\r\n' : '\n';
    fs.writeFileSync(path.join(dir, `part${f}.txt`), lines.join(eol) + (f === 2 ? '' : eol));
  });
}
