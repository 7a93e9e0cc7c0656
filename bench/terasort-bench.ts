import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * teragen ROWS (default 10,000,000 = 1 GB), then terasort in local mode, against
 * `LC_ALL=C sort -S 2G --parallel=2` of the same records written as lines, in the same run.
 * Usage: node dist/bench/terasort-bench.js [rows] [reduces]
 */
const HOME = path.resolve(__dirname, '..', '..');
const HADOOP = path.join(HOME, 'bin', 'hadoop');
const DATA = path.join(HOME, 'bench', 'data');

function time(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  console.log(`${label.padEnd(34)} ${secs.toFixed(2)} s`);
  return secs;
}

function main(): void {
  const rows = Number(process.argv[2] ?? 10_000_000);
  const reduces = Number(process.argv[3] ?? 2);
  fs.mkdirSync(DATA, { recursive: true });
  console.log(`# terasort benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}`);
  const input = path.join(DATA, `tera-in-${rows}`);
  if (!fs.existsSync(path.join(input, '_SUCCESS'))) {
    fs.rmSync(input, { recursive: true, force: true });
    time('teragen', process.execPath, [HADOOP, 'jar', 'examples', 'teragen', '-D', 'mapred.map.tasks=4', String(rows), input]);
  }
  const lines = path.join(DATA, `tera-lines-${rows}.txt`);
  if (!fs.existsSync(lines)) execFileSync(process.execPath, [path.join(HOME, 'bench', 'peers', 'tera-lines.js'), input, lines]);
  const out = path.join(DATA, 'tera-out');
  fs.rmSync(out, { recursive: true, force: true });
  const ours = time(`terasort (local, ${reduces} reduces)`, process.execPath, [
    HADOOP, 'jar', 'examples', 'terasort', '-D', `mapred.reduce.tasks=${reduces}`, '-D', 'io.sort.factor=100', input, out,
  ]);
  const sorted = path.join(DATA, 'tera-sorted.txt');
  const gnu = time('LC_ALL=C sort -S 2G --parallel=2', 'sort', ['-S', '2G', '--parallel=2', '-o', sorted, lines], { LC_ALL: 'C' });
  fs.rmSync(sorted, { force: true });
  console.log(`terasort / GNU sort time: ${(ours / gnu).toFixed(2)} (target <= 1.0)`);
  const report = path.join(DATA, 'tera-report');
  fs.rmSync(report, { recursive: true, force: true });
  time('teravalidate', process.execPath, [HADOOP, 'jar', 'examples', 'teravalidate', out, report]);
  console.log(`teravalidate: ${fs.readFileSync(path.join(report, 'part-r-00000'), 'utf8').trim().replace(/\n/g, '; ')}`);
}

main();
