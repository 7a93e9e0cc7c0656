import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { withLastBlock } from '../dfs/client/dfs-input-stream';
import { DistributedFileSystem } from '../dfs/client/distributed-file-system';
import type { LocatedBlock } from '../dfs/protocol/types';
import {
  ClusterDetails,
  DaemonDetails,
  dataNodeSettings,
  HADOOP_BIN,
  jobTrackerSettings,
  nameNodeSettings,
  spawnDaemon,
  taskTrackerSettings,
  waitForReady,
} from '../dfs/tools/cluster-processes';
import { rmrf, runHadoop, RunResult, tempDir } from './helpers';

/**
 * A real DFS for integration tests: `bin/hadoop minicluster` (a NameNode and DataNodes as OS
 * processes on free ports, and with `tasktrackers` a JobTracker and TaskTrackers) with short
 * intervals, a client for it, and ways to kill and restart its daemons. Always
 * `await cluster.stop()` in an after/afterEach hook.
 */
export interface MiniCluster {
  confDir: string;
  baseDir: string;
  details: ClusterDetails;
  /** The settings every daemon got (the short defaults and the test's own). */
  settings: Record<string, string>;
  /** A client configuration (the written conf dir). */
  conf: Configuration;
  fs: DistributedFileSystem;
  nameNodeAddress: string;
  /** Runs `bin/hadoop ARGS` with HADOOP_CONF_DIR pointing at the cluster's conf dir. */
  hadoop(args: string[], opts?: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult>;
  datanode(i: number): DaemonDetails;
  killDatanode(i: number): Promise<void>;
  startDatanode(i: number): Promise<DaemonDetails>;
  killNameNode(): Promise<void>;
  startNameNode(): Promise<DaemonDetails>;
  /** host:port of the JobTracker (null without tasktrackers). */
  jobTrackerAddress: string | null;
  /** Stops the JobTracker: SIGKILL by default, or SIGTERM for a clean stop. */
  stopJobTracker(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the JobTracker again on its RPC port (its web port is a new free one). */
  startJobTracker(): Promise<DaemonDetails>;
  /** TaskTracker i as it runs now (after a restart, the new process). */
  taskTracker(i: number): DaemonDetails;
  /** SIGKILLs TaskTracker i (its task children exit when it does). */
  killTaskTracker(i: number): Promise<void>;
  /** Starts TaskTracker i again on its local dir (a new HTTP port, so a new tracker name). */
  startTaskTracker(i: number): Promise<DaemonDetails>;
  waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs?: number, what?: string): Promise<void>;
  /** Every block of a file with its replicas as the NameNode gives them now (the one being written included). */
  locatedBlocks(p: string): Promise<LocatedBlock[]>;
  stop(): Promise<void>;
}

/**
 * Whether the NameNode and DataNode are built (dist/dfs/{namenode,datanode}/*-main.js): they
 * were written in parallel with the client, so the cluster tests skip until both exist.
 */
export function daemonsAvailable(): boolean {
  const dist = path.resolve(__dirname, '..', 'dfs');
  return fs.existsSync(path.join(dist, 'namenode', 'namenode-main.js')) && fs.existsSync(path.join(dist, 'datanode', 'datanode-main.js'));
}

export const SHORT_INTERVALS: Record<string, string> = {
  'dfs.heartbeat.interval': '0.2',
  'heartbeat.recheck.interval': '500',
  'dfs.replication.interval': '0.2',
  'dfs.safemode.extension': '0',
  'dfs.blockreport.intervalMsec': '2000',
  'dfs.block.size': '1048576',
  'dfs.namenode.decommission.interval': '0.5',
  'dfs.replication.pending.timeout.sec': '5',
  // the block scanner only where a test turns it on: it would race tests that corrupt replicas
  'dfs.datanode.scan.period.hours': '-1',
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killAndWait(pid: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  // a daemon told SIGTERM finishes what it holds (a JobTracker its jobs' history) first
  const deadline = Date.now() + (signal === 'SIGKILL' ? 5000 : 15000);
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 20000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await predicate()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startMiniCluster(options: { datanodes?: number; tasktrackers?: number; conf?: Record<string, string> } = {}): Promise<MiniCluster> {
  const datanodes = options.datanodes ?? 3;
  const tasktrackers = options.tasktrackers ?? 0;
  const settings = { ...SHORT_INTERVALS, ...(options.conf ?? {}) };
  const baseDir = tempDir('dfs-mini-');
  const confDir = path.join(baseDir, 'conf');
  const detailsFile = path.join(baseDir, 'details.json');
  const defines = Object.entries(settings).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
  const cluster = spawn(
    process.execPath,
    [HADOOP_BIN, 'minicluster', '-datanodes', String(datanodes), '-tasktrackers', String(tasktrackers), '-writeConfig', confDir, '-writeDetails', detailsFile, '-dir', baseDir, ...defines],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  cluster.stdout!.on('data', (d) => (output += d));
  cluster.stderr!.on('data', (d) => (output += d));
  const restarted: ChildProcess[] = [];
  let details: ClusterDetails | null = null;

  const stopEverything = async () => {
    const pids = [...(details?.daemons.map((d) => d.pid) ?? []), ...restarted.map((c) => c.pid!)];
    await Promise.all(pids.map((pid) => killAndWait(pid)));
    if (cluster.exitCode === null && cluster.signalCode === null) {
      cluster.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          cluster.kill('SIGKILL');
          resolve();
        }, 5000);
        cluster.once('close', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    rmrf(baseDir);
  };

  try {
    await waitFor(
      () => {
        if (cluster.exitCode !== null) throw new Error(`minicluster exited with ${cluster.exitCode}: ${output.trim()}`);
        return fs.existsSync(detailsFile);
      },
      60000,
      'the minicluster to start',
    );
    details = JSON.parse(fs.readFileSync(detailsFile, 'utf8')) as ClusterDetails;
  } catch (e) {
    await stopEverything();
    throw e;
  }
  const d = details;
  const nameNodeAddress = d.daemons[0].rpcAddress;
  const conf = new Configuration({ confDir });
  const dfs = new DistributedFileSystem(`hdfs://${nameNodeAddress}/`, conf);
  const dataNodes = () => d.daemons.filter((x) => x.role === 'datanode');
  const taskTrackers = () => d.daemons.filter((x) => x.role === 'tasktracker');
  const jobTrackerAddress = d.daemons.find((x) => x.role === 'jobtracker')?.rpcAddress ?? null;
  const portOf = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));

  return {
    confDir,
    baseDir,
    details: d,
    settings,
    conf,
    fs: dfs,
    nameNodeAddress,
    hadoop: (args, opts = {}) => runHadoop(args, { ...opts, env: { HADOOP_CONF_DIR: confDir, ...(opts.env ?? {}) } }),
    datanode: (i) => dataNodes()[i],
    async killDatanode(i) {
      await killAndWait(dataNodes()[i].pid);
    },
    async startDatanode(i) {
      const old = dataNodes()[i];
      const s = dataNodeSettings(baseDir, i, nameNodeAddress, portOf(old.rpcAddress));
      const child = spawnDaemon('datanode', s, settings);
      restarted.push(child);
      const now = await waitForReady(child, 'datanode', s);
      d.daemons[d.daemons.indexOf(old)] = now;
      return now;
    },
    async killNameNode() {
      await killAndWait(d.daemons[0].pid);
    },
    async startNameNode() {
      const s = nameNodeSettings(baseDir, portOf(nameNodeAddress));
      const child = spawnDaemon('namenode', s, settings);
      restarted.push(child);
      d.daemons[0] = await waitForReady(child, 'namenode', s);
      return d.daemons[0];
    },
    jobTrackerAddress,
    async stopJobTracker(signal = 'SIGKILL') {
      const jt = d.daemons.find((x) => x.role === 'jobtracker');
      if (!jt) throw new Error('This minicluster has no JobTracker');
      await killAndWait(jt.pid, signal);
    },
    async startJobTracker() {
      const old = d.daemons.find((x) => x.role === 'jobtracker');
      if (!old) throw new Error('This minicluster has no JobTracker');
      const s = jobTrackerSettings(baseDir, nameNodeAddress, portOf(old.rpcAddress));
      const child = spawnDaemon('jobtracker', s, settings);
      restarted.push(child);
      const now = await waitForReady(child, 'jobtracker', s);
      d.daemons[d.daemons.indexOf(old)] = now;
      return now;
    },
    taskTracker: (i) => taskTrackers()[i],
    async killTaskTracker(i) {
      await killAndWait(taskTrackers()[i].pid);
    },
    async startTaskTracker(i) {
      if (jobTrackerAddress === null) throw new Error('This minicluster has no JobTracker');
      const old = taskTrackers()[i];
      const s = taskTrackerSettings(baseDir, i, nameNodeAddress, jobTrackerAddress);
      const child = spawnDaemon('tasktracker', s, settings);
      restarted.push(child);
      const now = await waitForReady(child, 'tasktracker', s);
      d.daemons[d.daemons.indexOf(old)] = now;
      return now;
    },
    waitFor,
    async locatedBlocks(p) {
      const { located } = await dfs.client.call('getBlockLocations', { path: p, offset: 0, length: 2 ** 40 });
      return withLastBlock(located);
    },
    async stop() {
      await dfs.close();
      await stopEverything();
    },
  };
}
