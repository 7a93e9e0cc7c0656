import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Local-mode wordcount against two peers on the same corpus, in the same run:
 *   (a) a minimal single-process Node word counter (bench/peers/node-wordcount.js),
 *   (b) LC_ALL=C tr -s ' \t' '\n' | sort | uniq -c.
 * Then every task's peak RSS on a 1 GB input with io.sort.mb=100.
 * Usage: node dist/bench/wordcount-bench.js [corpusMB=200] [rssInputMB=1024]
 */
const HOME = path.resolve(__dirname, '..', '..');
const HADOOP = path.join(HOME, 'bin', 'hadoop');
const DATA = path.join(HOME, 'bench', 'data');

function time(label: string, cmd: string, args: string[], opts: { shell?: boolean } = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], shell: opts.shell ?? false, maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  console.log(`${label.padEnd(28)} ${secs.toFixed(2)} s`);
  return secs;
}

function corpus(mb: number): string {
  const dir = path.join(DATA, `corpus-${mb}mb`);
  if (!fs.existsSync(path.join(dir, '_SUCCESS'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync(process.execPath, [HADOOP, 'jar', 'examples', 'randomtextwriter', '-seed', '1', '-bytes', String(mb * 1024 * 1024), '-maps', '2', dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return dir;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('part-')).map((f) => path.join(dir, f));
}

function wordcount(label: string, input: string, extra: string[] = []): { secs: number; out: string } {
  const out = path.join(DATA, `out-${label.replace(/\W+/g, '-')}`);
  fs.rmSync(out, { recursive: true, force: true });
  const secs = time(label, process.execPath, [HADOOP, 'jar', 'examples', 'wordcount', ...extra, input, out]);
  return { secs, out };
}

/** Each task attempt's peak RSS, from the PEAK_RSS field the local runner writes to job history. */
function peakRss(out: string): number[] {
  const dir = path.join(out, '_logs', 'history');
  const log = fs.readdirSync(dir).find((f) => !f.endsWith('.xml'))!;
  return [...fs.readFileSync(path.join(dir, log), 'utf8').matchAll(/PEAK_RSS="(\d+)"/g)].map((m) => Number(m[1]));
}

function main(): void {
  const mb = Number(process.argv[2] ?? 200);
  const rssMb = Number(process.argv[3] ?? 1024);
  fs.mkdirSync(DATA, { recursive: true });
  console.log(`# wordcount benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}`);
  const dir = corpus(mb);
  const inputs = files(dir);
  const bytes = inputs.reduce((a, f) => a + fs.statSync(f).size, 0);
  console.log(`corpus: ${(bytes / 1048576).toFixed(0)} MB in ${inputs.length} files`);
  const ours = wordcount('hadoop wordcount (local)', dir);
  const node = time('minimal node counter', process.execPath, [path.join(HOME, 'bench', 'peers', 'node-wordcount.js'), ...inputs]);
  const sort = time("tr | sort | uniq -c", 'bash', ['-c', `cat ${inputs.join(' ')} | LC_ALL=C tr -s ' \\t' '\\n' | LC_ALL=C sort | uniq -c > /dev/null`]);
  const mbps = (s: number) => (bytes / 1048576 / s).toFixed(1);
  console.log(`throughput MB/s: ours ${mbps(ours.secs)}, node ${mbps(node)}, sort pipeline ${mbps(sort)}`);
  console.log(`ratio vs minimal node counter: ${(node / ours.secs).toFixed(2)}x (target >= 1.0)`);
  console.log(`ratio vs sort pipeline:        ${(sort / ours.secs).toFixed(2)}x (target >= 1.5)`);

  // 1 GB of input: the corpus repeated, read by many maps
  const big = path.join(DATA, `rss-${rssMb}mb`);
  if (!fs.existsSync(big)) {
    fs.mkdirSync(big);
    let written = 0;
    for (let i = 0; written < rssMb * 1048576; i++) {
      const src = inputs[i % inputs.length];
      fs.copyFileSync(src, path.join(big, `part-${i}`));
      written += fs.statSync(src).size;
    }
  }
  const run = wordcount('wordcount 1 GB io.sort.mb=100', big, ['-D', 'io.sort.mb=100']);
  const rss = peakRss(run.out);
  const max = Math.max(...rss);
  console.log(`task peak RSS: max ${(max / 1048576).toFixed(0)} MB over ${rss.length} attempts (target < ${100 + 150} MB)`);
}

main();
