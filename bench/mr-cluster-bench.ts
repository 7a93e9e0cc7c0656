import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBenchCluster, stopBenchCluster } from './bench-cluster';

/**
 * The MapReduce cluster against the local runner, in one run, on a minicluster of 3 DataNodes
 * and 2 TaskTrackers with one map slot each:
 *  - wordcount on a CORPUS MB randomtextwriter corpus stored in the DFS, against the local runner
 *    on the same corpus on the local disk (target: cluster throughput >= 0.7x local); the cluster
 *    runs it twice, with Hadoop's default of a fresh child process per task and with children
 *    reused within the job (mapred.job.reuse.jvm.num.tasks=-1, what the local runner does);
 *  - a tiny job (wordcount of 1 KB, 1 reduce) submitted to the running cluster, timed from command
 *    start to exit, against `node -e 0` (target <= 10x).
 * Every run is a fresh `bin/hadoop` process; the outputs of both sides are compared.
 * Usage: node dist/bench/mr-cluster-bench.js [corpusMB=200] [runs=3] [tinyRuns=7]
 */
const HOME = path.resolve(__dirname, '..', '..');
const HADOOP = path.join(HOME, 'bin', 'hadoop');
const DATA = path.join(HOME, 'bench', 'data');

function run(label: string, args: string[], env: NodeJS.ProcessEnv = {}, quiet = false): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr?.toString().slice(-3000)}`);
  if (!quiet) console.log(`${label.padEnd(44)} ${secs.toFixed(3)} s`);
  return secs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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

function same(a: string, b: Buffer, what: string): void {
  if (!fs.readFileSync(a).equals(b)) throw new Error(`${what}: the cluster's output differs from the local runner's`);
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 200);
  const runs = Number(process.argv[3] ?? 3);
  const tinyRuns = Number(process.argv[4] ?? 7);
  fs.mkdirSync(DATA, { recursive: true });
  console.log(`# MapReduce cluster benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}`);
  const dir = corpus(mb);
  const parts = fs.readdirSync(dir).filter((f) => f.startsWith('part-')).map((f) => path.join(dir, f));
  const bytes = parts.reduce((a, f) => a + fs.statSync(f).size, 0);
  console.log(`corpus: ${(bytes / 1048576).toFixed(0)} MB in ${parts.length} files; minicluster: 3 DataNodes, 2 TaskTrackers with 1 map slot each`);

  const base = path.join(DATA, 'mr-cluster');
  const running = await startBenchCluster(base, ['-datanodes', '3', '-tasktrackers', '2', '-D', 'mapred.tasktracker.map.tasks.maximum=1']);
  const { confDir } = running;
  const cluster = { HADOOP_CONF_DIR: confDir };
  const stock = { HADOOP_CONF_DIR: path.join(HOME, 'hadoop-conf') };
  try {
    run('hadoop fs -put corpus (replication 3)', [process.execPath, HADOOP, 'fs', '-put', ...parts, '/'], cluster);
    const inputs = parts.map((p) => `/${path.basename(p)}`);

    // the cluster with Hadoop's default of a fresh child per task, and with children reused
    // within the job (mapred.job.reuse.jvm.num.tasks=-1), as the local runner always does
    const clusterTimes: number[] = [];
    const reuseTimes: number[] = [];
    const localTimes: number[] = [];
    const wordcount = (out: string, extra: string[] = []) => [process.execPath, HADOOP, 'jar', 'examples', 'wordcount', ...extra, ...inputs, out];
    for (let i = 0; i < runs; i++) {
      const localOut = path.join(DATA, 'mr-cluster-local-out');
      fs.rmSync(localOut, { recursive: true, force: true });
      clusterTimes.push(run(`wordcount on the cluster (run ${i + 1})`, wordcount(`/wc-${i}`), cluster));
      reuseTimes.push(run(`  the same, children reused (run ${i + 1})`, wordcount(`/wc-reuse-${i}`, ['-D', 'mapred.job.reuse.jvm.num.tasks=-1']), cluster));
      localTimes.push(run(`wordcount, local runner (run ${i + 1})`, [process.execPath, HADOOP, 'jar', 'examples', 'wordcount', dir, localOut], stock));
      for (const out of [`/wc-${i}`, `/wc-reuse-${i}`]) {
        const got = spawnSync(process.execPath, [HADOOP, 'fs', '-cat', `${out}/part-r-00000`], { env: { ...process.env, ...cluster }, maxBuffer: 1 << 28 }).stdout;
        same(path.join(localOut, 'part-r-00000'), got, `wordcount ${out}`);
      }
    }
    const mbps = (s: number) => (bytes / 1048576 / s).toFixed(1);
    const [c, r, l] = [median(clusterTimes), median(reuseTimes), median(localTimes)];
    console.log(`wordcount median: cluster ${c.toFixed(2)} s (${mbps(c)} MB/s), children reused ${r.toFixed(2)} s (${mbps(r)} MB/s), local ${l.toFixed(2)} s (${mbps(l)} MB/s)`);
    console.log(`cluster throughput / local throughput: ${(l / c).toFixed(2)}x, children reused ${(l / r).toFixed(2)}x (target >= 0.7)`);

    const tiny = path.join(DATA, 'tiny-1k.txt');
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    let text = '';
    for (let i = 0; text.length < 1024; i++) text += words[(i * 7) % 5] + (i % 9 === 8 ? '\n' : ' ');
    fs.writeFileSync(tiny, text.slice(0, 1023) + '\n');
    run('hadoop fs -put 1 KB', [process.execPath, HADOOP, 'fs', '-put', tiny, '/tiny.txt'], cluster);
    const tinyTimes: number[] = [];
    const nodeTimes: number[] = [];
    for (let i = 0; i < tinyRuns; i++) {
      tinyTimes.push(run(`tiny job on the cluster (run ${i + 1})`, [process.execPath, HADOOP, 'jar', 'examples', 'wordcount', '/tiny.txt', `/tiny-${i}`], cluster, true));
      nodeTimes.push(run('node -e 0', [process.execPath, '-e', '0'], {}, true));
    }
    console.log(`tiny job, start to exit (ms): ${tinyTimes.map((t) => Math.round(t * 1000)).join(' ')}`);
    console.log(`node -e 0 (ms):               ${nodeTimes.map((t) => Math.round(t * 1000)).join(' ')}`);
    const [t, n] = [median(tinyTimes), median(nodeTimes)];
    console.log(`tiny job median ${(t * 1000).toFixed(0)} ms, node -e 0 median ${(n * 1000).toFixed(0)} ms: ${(t / n).toFixed(1)}x (target <= 10)`);
  } finally {
    await stopBenchCluster(running);
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
