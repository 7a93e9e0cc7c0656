import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A minicluster for a benchmark: `hadoop minicluster` in base (wiped first) with the given
 * arguments, ready once its details file appears; stopped with SIGTERM, and anything left of
 * its daemons after a grace period with SIGKILL.
 */
export interface BenchCluster {
  child: ChildProcess;
  confDir: string;
  pids: number[];
}

const HADOOP = path.join(path.resolve(__dirname, '..', '..'), 'bin', 'hadoop');

export async function startBenchCluster(base: string, args: string[], timeoutMs = 120000): Promise<BenchCluster> {
  fs.rmSync(base, { recursive: true, force: true });
  fs.mkdirSync(base, { recursive: true });
  const confDir = path.join(base, 'conf');
  const details = path.join(base, 'details.json');
  const child = spawn(
    process.execPath,
    [HADOOP, 'minicluster', ...args, '-writeConfig', confDir, '-writeDetails', details, '-dir', path.join(base, 'cluster'), '-D', 'dfs.safemode.extension=0'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(details)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the minicluster did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const pids = (JSON.parse(fs.readFileSync(details, 'utf8')) as { daemons: Array<{ pid: number }> }).daemons.map((d) => d.pid);
  return { child, confDir, pids };
}

export async function stopBenchCluster(c: BenchCluster, graceMs = 20000): Promise<void> {
  const exited = new Promise((r) => c.child.once('exit', r));
  c.child.kill('SIGTERM');
  const t = setTimeout(() => {
    for (const pid of c.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    c.child.kill('SIGKILL');
  }, graceMs);
  await exited;
  clearTimeout(t);
}
