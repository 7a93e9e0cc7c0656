import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBenchCluster, stopBenchCluster } from './bench-cluster';

/**
 * HDFS on a minicluster of 3 DataNodes (64 MB blocks), in one run:
 *  - `hadoop fs -put` of a SIZE MB file at replication 1 and 3 against `cp` of the same file,
 *  - `hadoop fs -get` (and `-cat > /dev/null`) against `cat FILE > /dev/null`,
 *  - both against one bare Node HTTP stream between two processes (bench/http-copy-peer.ts),
 *  - NameNode metadata: OPS mkdirs, then OPS creates of empty files, from 4 concurrent client
 *    processes, in operations per second.
 * Usage: node dist/bench/dfs-bench.js [sizeMB=1024] [ops=10000]
 */
const HOME = path.resolve(__dirname, '..', '..');
const HADOOP = path.join(HOME, 'bin', 'hadoop');
const DATA = path.join(HOME, 'bench', 'data');
const CLIENTS = 4;
const PEER = path.join(__dirname, 'http-copy-peer.js');

function time(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  console.log(`${label.padEnd(40)} ${secs.toFixed(2)} s`);
  return secs;
}

function makeInput(file: string, mb: number): void {
  if (fs.existsSync(file) && fs.statSync(file).size === mb * 1048576) return;
  const fd = fs.openSync(file, 'w');
  const chunk = randomBytes(16 * 1048576);
  for (let written = 0; written < mb; written += 16) {
    chunk.writeUInt32BE(written, 0);
    fs.writeSync(fd, chunk, 0, Math.min(16, mb - written) * 1048576);
  }
  fs.closeSync(fd);
}

const WORKER = `
const { DistributedFileSystem } = require(${JSON.stringify(path.join(HOME, 'dist', 'dfs', 'client', 'distributed-file-system.js'))});
const { Configuration } = require(${JSON.stringify(path.join(HOME, 'dist', 'common', 'conf', 'configuration.js'))});
const { closeStream } = require(${JSON.stringify(path.join(HOME, 'dist', 'common', 'fs', 'filesystem.js'))});
(async () => {
  const [confDir, op, id, n] = process.argv.slice(2);
  const conf = new Configuration({ confDir });
  const fs = new DistributedFileSystem(conf.get('fs.default.name'), conf);
  for (let i = 0; i < Number(n); i++) {
    if (op === 'mkdirs') await fs.mkdirs('/meta/c' + id + '/d' + i);
    else await closeStream(await fs.create('/meta/c' + id + '/d' + i + '/f'));
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
`;

async function metadata(confDir: string, op: string, total: number, worker: string): Promise<number> {
  const per = Math.ceil(total / CLIENTS);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, (_v, id) =>
      new Promise<void>((resolve, reject) => {
        const c = spawn(process.execPath, [worker, confDir, op, String(id), String(per)], { stdio: ['ignore', 'ignore', 'inherit'] });
        c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${op} client ${id} failed (${code})`))));
      }),
    ),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = (per * CLIENTS) / secs;
  console.log(`${`${per * CLIENTS} ${op} (${CLIENTS} clients)`.padEnd(40)} ${secs.toFixed(2)} s  ${rate.toFixed(0)} ops/s`);
  return rate;
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 1024);
  const ops = Number(process.argv[3] ?? 10000);
  fs.mkdirSync(DATA, { recursive: true });
  console.log(`# dfs benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}, ${mb} MB file`);
  const input = path.join(DATA, `dfs-input-${mb}m.bin`);
  makeInput(input, mb);
  const base = path.join(DATA, 'dfs-bench');
  const cluster = await startBenchCluster(base, ['-datanodes', '3', '-D', 'dfs.heartbeat.interval=1']);
  const env = { HADOOP_CONF_DIR: cluster.confDir };
  const out = path.join(base, 'out.bin');
  try {
    const cp = time('cp', 'cp', [input, out]);
    fs.rmSync(out);
    const put1 = time('hadoop fs -put (replication 1)', process.execPath, [HADOOP, 'fs', '-D', 'dfs.replication=1', '-put', input, '/r1'], env);
    const peerPut = time('node HTTP stream, file to file (peer)', process.execPath, [PEER, 'put', input, out]);
    fs.rmSync(out);
    const put3 = time('hadoop fs -put (replication 3)', process.execPath, [HADOOP, 'fs', '-D', 'dfs.replication=3', '-put', input, '/r3'], env);
    const cat = time('cat > /dev/null', 'sh', ['-c', `cat '${input}' > /dev/null`]);
    const peerGet = time('node HTTP stream, file to nothing (peer)', process.execPath, [PEER, 'get', input]);
    const get = time('hadoop fs -get (replication 3 file)', process.execPath, [HADOOP, 'fs', '-get', '/r3', out], env);
    if (fs.statSync(out).size !== mb * 1048576) throw new Error('-get wrote the wrong number of bytes');
    fs.rmSync(out);
    // -get writes a local file as cp does; -cat goes to the same sink as the cat it is measured against
    const dfsCat = time('hadoop fs -cat > /dev/null (same file)', 'sh', ['-c', `'${process.execPath}' '${HADOOP}' fs -cat /r3 > /dev/null`], env);
    console.log(`put r1 speed / cp speed: ${(cp / put1).toFixed(2)} (target >= 0.5)`);
    console.log(`put r3 speed / cp speed: ${(cp / put3).toFixed(2)} (target >= 0.25)`);
    console.log(`get speed / cat speed:   ${(cat / get).toFixed(2)} (target >= 0.5); -cat speed / cat speed: ${(cat / dfsCat).toFixed(2)}`);
    // how close the DFS comes to one bare HTTP stream between two Node processes
    console.log(`peer put speed / cp speed: ${(cp / peerPut).toFixed(2)}; put r1 speed / peer put speed: ${(peerPut / put1).toFixed(2)}`);
    console.log(`peer get speed / cat speed: ${(cat / peerGet).toFixed(2)}; get speed / peer get speed: ${(peerGet / get).toFixed(2)}`);
    time('hadoop fs -rm -r (both files)', process.execPath, [HADOOP, 'fs', '-rm', '-r', '-skipTrash', '/r1', '/r3'], env);
    const worker = path.join(base, 'meta-worker.js');
    fs.writeFileSync(worker, WORKER);
    await metadata(cluster.confDir, 'mkdirs', ops, worker);
    await metadata(cluster.confDir, 'creates', ops, worker);
  } finally {
    await stopBenchCluster(cluster);
    fs.rmSync(base, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
