import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeConfigurationXml } from '../../common/conf/xml';
import { HadoopError } from '../../common/errors';
import { HADOOP_HOME } from '../../common/home';

/**
 * Starting cluster daemons as separate OS processes (`node bin/hadoop namenode|datanode|jobtracker|tasktracker -D ...`)
 * and learning their bound ports from their ready files: shared by `hadoop minicluster` and the
 * test harness, which restarts daemons of a running minicluster the same way.
 */
export type DaemonRole = 'namenode' | 'datanode' | 'jobtracker' | 'tasktracker';

export interface DaemonDetails {
  role: DaemonRole;
  pid: number;
  rpcAddress: string;
  httpAddress: string;
  /** Where a person points a browser: the daemon's web UI on its HTTP address. */
  webAddress: string;
  /** dfs.name.dir / dfs.data.dir of a DFS daemon (empty for the MapReduce daemons). */
  storageDirs: string[];
  /** mapred.local.dir of a JobTracker or TaskTracker. */
  localDirs?: string[];
  /** A TaskTracker's name as the JobTracker knows it (tracker_<host>:<port>). */
  trackerName?: string;
  logFile: string;
}

export interface ClusterDetails {
  daemons: DaemonDetails[];
  confDir: string;
  baseDir: string;
}

export const HADOOP_BIN = path.join(HADOOP_HOME, 'bin', 'hadoop');

/** The per-daemon settings of the NameNode; port 0 picks a free port (a restart passes the old one). */
export function nameNodeSettings(baseDir: string, port = 0): Record<string, string> {
  return {
    'hadoop.tmp.dir': baseDir,
    'fs.default.name': `hdfs://127.0.0.1:${port}`,
    'dfs.name.dir': path.join(baseDir, 'name'),
    'dfs.http.address': '127.0.0.1:0',
    'daemon.ready.file': path.join(baseDir, 'namenode.ready'),
    'hadoop.log.file': path.join(baseDir, 'logs', 'namenode.log'),
  };
}

/** The per-daemon settings of DataNode i (0-based): its own storage, log and address. */
export function dataNodeSettings(baseDir: string, i: number, nameNodeRpc: string, port = 0): Record<string, string> {
  return {
    'hadoop.tmp.dir': baseDir,
    'fs.default.name': `hdfs://${nameNodeRpc}`,
    'dfs.data.dir': path.join(baseDir, `data${i + 1}`),
    'dfs.datanode.address': `127.0.0.1:${port}`,
    'dfs.datanode.http.address': '127.0.0.1:0',
    'daemon.ready.file': path.join(baseDir, `datanode${i + 1}.ready`),
    'hadoop.log.file': path.join(baseDir, 'logs', `datanode${i + 1}.log`),
  };
}

/**
 * The per-daemon settings of the JobTracker: port 0 picks a free port (a restart passes the old
 * one); its local dir and history stay under baseDir, its staging dir is on the DFS.
 */
export function jobTrackerSettings(baseDir: string, nameNodeRpc: string, port = 0): Record<string, string> {
  return {
    'hadoop.tmp.dir': baseDir,
    'fs.default.name': `hdfs://${nameNodeRpc}`,
    'mapred.job.tracker': `127.0.0.1:${port}`,
    'mapred.job.tracker.http.address': '127.0.0.1:0',
    'mapred.local.dir': path.join(baseDir, 'mapred', 'jobtracker'),
    'hadoop.job.history.location': path.join(baseDir, 'logs', 'history'),
    'daemon.ready.file': path.join(baseDir, 'jobtracker.ready'),
    'hadoop.log.file': path.join(baseDir, 'logs', 'jobtracker.log'),
  };
}

/** The per-daemon settings of TaskTracker i (0-based): its own mapred.local.dir, log and a free HTTP port. */
export function taskTrackerSettings(baseDir: string, i: number, nameNodeRpc: string, jobTracker: string): Record<string, string> {
  return {
    'hadoop.tmp.dir': baseDir,
    'fs.default.name': `hdfs://${nameNodeRpc}`,
    'mapred.job.tracker': jobTracker,
    'mapred.local.dir': path.join(baseDir, 'mapred', `tasktracker${i + 1}`),
    'mapred.task.tracker.http.address': '127.0.0.1:0',
    'daemon.ready.file': path.join(baseDir, `tasktracker${i + 1}.ready`),
    'hadoop.log.file': path.join(baseDir, 'logs', `tasktracker${i + 1}.log`),
  };
}

/** -D arguments: the user's settings first, the daemon's own last (they must win). */
export function defineArgs(user: Record<string, string>, own: Record<string, string>): string[] {
  const merged = { ...user, ...own };
  return Object.entries(merged).flatMap(([k, v]) => ['-D', `${k}=${v}`]);
}

/** Runs `hadoop namenode -format` on a fresh name dir and waits for it. */
export async function formatNameNode(settings: Record<string, string>, user: Record<string, string>): Promise<void> {
  const logFile = settings['hadoop.log.file'];
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile.replace(/\.log$/, '-format.out'), 'a');
  const child = spawn(process.execPath, [HADOOP_BIN, 'namenode', ...defineArgs(user, settings), '-format'], {
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  if (code !== 0) {
    throw new HadoopError('DFS_MINICLUSTER', `hadoop namenode -format failed (exit ${code}); see ${logFile.replace(/\.log$/, '-format.out')}`);
  }
}

/** Starts one daemon; its stdout and stderr go to `<log>.out` beside its log. */
export function spawnDaemon(role: DaemonRole, settings: Record<string, string>, user: Record<string, string>): ChildProcess {
  const logFile = settings['hadoop.log.file'];
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.rmSync(settings['daemon.ready.file'], { force: true });
  const out = fs.openSync(logFile.replace(/\.log$/, '.out'), 'a');
  const child = spawn(process.execPath, [HADOOP_BIN, role, ...defineArgs(user, settings)], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

/** Waits for the daemon's ready file; fails with the end of its output if it exits first. */
export async function waitForReady(child: ChildProcess, role: DaemonRole, settings: Record<string, string>, timeoutMs = 60000): Promise<DaemonDetails> {
  const file = settings['daemon.ready.file'];
  const logFile = settings['hadoop.log.file'];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new HadoopError('DFS_MINICLUSTER', `The ${role} exited (${child.exitCode ?? child.signalCode}) before it was ready: ${tail(logFile)}`);
    }
    try {
      const ready = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<DaemonDetails, 'logFile'>;
      return {
        role,
        pid: child.pid!,
        rpcAddress: ready.rpcAddress,
        httpAddress: ready.httpAddress,
        webAddress: `http://${ready.httpAddress}/`,
        storageDirs: ready.storageDirs ?? [],
        ...(ready.localDirs ? { localDirs: ready.localDirs } : {}),
        ...(ready.trackerName ? { trackerName: ready.trackerName } : {}),
        logFile,
      };
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new HadoopError('DFS_MINICLUSTER', `The ${role} was not ready after ${timeoutMs} ms: ${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The last lines a daemon wrote (its .out, then its log), for an error message. */
function tail(logFile: string): string {
  for (const f of [logFile.replace(/\.log$/, '.out'), logFile]) {
    try {
      const lines = fs.readFileSync(f, 'utf8').trim().split('\n');
      const last = lines.slice(-5).join(' | ');
      if (last) return `${last} (${f})`;
    } catch {
      // try the next
    }
  }
  return `see ${logFile}`;
}

/** Writes a file whole or not at all (tmp + rename). */
export function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * core-site.xml, hdfs-site.xml and mapred-site.xml for clients of the cluster; with a JobTracker,
 * mapred.job.tracker is its real address.
 */
export function writeClientConf(dir: string, nameNodeRpc: string, user: Record<string, string>, jobTracker?: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const core: Array<[string, string]> = [['fs.default.name', `hdfs://${nameNodeRpc}`]];
  const hdfs: Array<[string, string]> = [];
  const mapred: Array<[string, string]> = jobTracker ? [['mapred.job.tracker', jobTracker]] : [];
  for (const [k, v] of Object.entries(user).sort()) {
    if (k === 'fs.default.name' || (jobTracker && k === 'mapred.job.tracker')) continue;
    (k.startsWith('dfs.') ? hdfs : k.startsWith('mapred.') || k.startsWith('mapreduce.') ? mapred : core).push([k, v]);
  }
  writeAtomically(path.join(dir, 'core-site.xml'), writeConfigurationXml(core));
  writeAtomically(path.join(dir, 'hdfs-site.xml'), writeConfigurationXml(hdfs));
  writeAtomically(path.join(dir, 'mapred-site.xml'), writeConfigurationXml(mapred));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM every pid, then SIGKILL those still alive after the grace period. */
export async function stopProcesses(pids: number[], graceMs = 5000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
