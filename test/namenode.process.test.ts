import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RpcClient } from '../common/http/rpc-client';
import type { ClientMethod, ClientProtocol } from '../dfs/protocol/client-protocol';
import { HADOOP_BIN, rmrf, runHadoop, tempDir } from './helpers';

/**
 * `bin/hadoop namenode` as a real process: -format and its refusals, a clean stop on SIGTERM,
 * and a SIGKILL in the middle of a stream of namespace operations that loses nothing the
 * NameNode acknowledged and half-applies nothing.
 */
describe('hadoop namenode as a process', function () {
  this.timeout(60000);
  let dir: string;
  let confDir: string;
  let nameDir: string;
  let child: ChildProcess | null = null;

  beforeEach(function () {
    dir = tempDir('namenode-process-');
    confDir = path.join(dir, 'conf');
    fs.mkdirSync(confDir);
    nameDir = path.join(dir, 'name');
  });

  afterEach(async function () {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    child = null;
    rmrf(dir);
  });

  const env = () => ({ HADOOP_CONF_DIR: confDir });
  const defines = (extra: Record<string, string> = {}) =>
    Object.entries({ 'dfs.name.dir': nameDir, 'hadoop.log.dir': path.join(dir, 'logs'), ...extra }).flatMap(([k, v]) => ['-D', `${k}=${v}`]);

  async function startDaemon(): Promise<RpcClient> {
    const ready = path.join(dir, 'namenode.ready');
    fs.rmSync(ready, { force: true });
    const args = ['namenode', ...defines({ 'fs.default.name': 'hdfs://127.0.0.1:0', 'dfs.http.address': '127.0.0.1:0', 'daemon.ready.file': ready, 'dfs.safemode.extension': '0' })];
    child = spawn(process.execPath, [HADOOP_BIN, ...args], { env: { ...process.env, ...env() }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 20000;
    while (!fs.existsSync(ready)) {
      if (child.exitCode !== null) throw new Error(`namenode exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`namenode not ready: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const info = JSON.parse(fs.readFileSync(ready, 'utf8')) as { role: string; pid: number; rpcAddress: string; httpAddress: string; storageDirs: string[] };
    expect([info.role, info.pid, info.storageDirs]).to.deep.equal(['namenode', child.pid, [nameDir]]);
    expect(info.rpcAddress).to.match(/^127\.0\.0\.1:\d+$/);
    return new RpcClient(info.rpcAddress, 'NameNode', 10000);
  }

  const call = <M extends ClientMethod>(rpc: RpcClient, method: M, req: ClientProtocol[M]['req']) => rpc.call<ClientProtocol[M]['res']>(`/rpc/${method}`, req);

  it('formats a name dir once, refuses to erase it without -force, and starts only when formatted', async function () {
    const unformatted = await runHadoop(['namenode', ...defines({ 'fs.default.name': 'hdfs://127.0.0.1:0' })], { env: env() });
    expect([unformatted.code, unformatted.stderr]).to.deep.equal([1, `NameNode is not formatted: ${nameDir}. Run 'hadoop namenode -format' first.\n`]);
    const first = await runHadoop(['namenode', ...defines(), '-format'], { env: env() });
    expect(first.code).to.equal(0);
    const id = /Storage directory (\S+) has been successfully formatted \(namespace id (\d+)\)\./.exec(first.stderr);
    expect(id?.[1]).to.equal(nameDir);
    const again = await runHadoop(['namenode', ...defines(), '-format'], { env: env() });
    expect([again.code, again.stderr]).to.deep.equal([
      1,
      `Name directory ${nameDir} already holds a formatted namespace (namespace id ${id![2]}); re-run with -format -force to erase it\n`,
    ]);
    const forced = await runHadoop(['namenode', ...defines(), '-format', '-force'], { env: env() });
    expect(forced.code).to.equal(0);
    expect(/namespace id (\d+)/.exec(forced.stderr)![1]).to.not.equal(id![2]);
    const usage = await runHadoop(['namenode', '-bogus'], { env: env() });
    expect([usage.code, usage.stderr]).to.deep.equal([1, 'Usage: hadoop namenode [-format [-force]]\n']);
  });

  it('stops cleanly on SIGTERM, keeping what it acknowledged', async function () {
    expect((await runHadoop(['namenode', ...defines(), '-format'], { env: env() })).code).to.equal(0);
    let rpc = await startDaemon();
    await call(rpc, 'mkdirs', { path: '/kept', permission: 0o755 });
    const c = child!;
    c.kill('SIGTERM');
    const code = await new Promise((r) => c.once('exit', (code) => r(code)));
    expect(code).to.equal(0);
    const log = fs.readdirSync(path.join(dir, 'logs')).map((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8')).join('');
    expect(log).to.match(/INFO namenode\.NameNode: Received SIGTERM, shutting down\n/);
    rpc = await startDaemon();
    expect((await call(rpc, 'getFileInfo', { path: '/kept' })).status!.isDirectory).to.equal(true);
  });

  it('loses no acknowledged operation and half-applies none when SIGKILLed mid-stream', async function () {
    expect((await runHadoop(['namenode', ...defines(), '-format'], { env: env() })).code).to.equal(0);
    let rpc = await startDaemon();
    type Model = Map<string, 'dir' | 'file' | 'open'>;
    interface Worker {
      acked: Model;
      inflight: ((m: Model) => void) | null;
    }
    const clone = (m: Model) => new Map(m);
    const workers: Worker[] = [];
    let acked = 0;
    const run = async (k: number): Promise<void> => {
      const w: Worker = { acked: new Map([[`/w${k}`, 'dir']]), inflight: null };
      workers.push(w);
      const clientName = `DFSClient_w${k}`;
      const step = async (apply: (m: Model) => void, op: () => Promise<unknown>) => {
        w.inflight = apply;
        await op();
        apply(w.acked);
        w.inflight = null;
        acked++;
      };
      try {
        await step((m) => m.set(`/w${k}`, 'dir'), () => call(rpc, 'mkdirs', { path: `/w${k}`, permission: 0o755 }));
        // until the NameNode dies under a call: every worker ends with one call in flight
        for (let i = 0; ; i++) {
          const d = `/w${k}/d${i}`;
          await step((m) => m.set(d, 'dir'), () => call(rpc, 'mkdirs', { path: d, permission: 0o755 }));
          await step(
            (m) => m.set(`${d}/f`, 'open'),
            () => call(rpc, 'create', { path: `${d}/f`, clientName, overwrite: false, replication: 1, blockSize: 1048576, permission: 0o644 }),
          );
          await step((m) => m.set(`${d}/f`, 'file'), () => call(rpc, 'complete', { path: `${d}/f`, clientName, last: null }));
          await step(
            (m) => {
              m.delete(`${d}/f`);
              m.set(`${d}/g`, 'file');
            },
            () => call(rpc, 'rename', { src: `${d}/f`, dst: `${d}/g` }),
          );
          if (i % 3 === 0) {
            await step(
              (m) => {
                for (const p of [...m.keys()]) if (p === d || p.startsWith(d + '/')) m.delete(p);
              },
              () => call(rpc, 'delete', { path: d, recursive: true }),
            );
          }
        }
      } catch {
        // the NameNode was killed under this call
      }
    };
    const running = [0, 1, 2, 3].map(run);
    while (acked < 300) await new Promise((r) => setTimeout(r, 5));
    child!.kill('SIGKILL');
    await Promise.all(running);
    expect(workers.every((w) => w.inflight !== null)).to.equal(true);

    rpc = await startDaemon();
    const actual: Model = new Map();
    const walk = async (p: string): Promise<void> => {
      for (const s of (await call(rpc, 'getListing', { path: p })).statuses) {
        if (s.isDirectory) {
          actual.set(s.path, 'dir');
          await walk(s.path);
        } else {
          const { located } = await call(rpc, 'getBlockLocations', { path: s.path, offset: 0, length: 1 });
          actual.set(s.path, located.underConstruction ? 'open' : 'file');
        }
      }
    };
    await walk('/');
    let total = 0;
    for (const [k, w] of workers.entries()) {
      const mine = new Map([...actual].filter(([p]) => p === `/w${k}` || p.startsWith(`/w${k}/`)));
      const withInflight = clone(w.acked);
      w.inflight!(withInflight);
      const sorted = (m: Model) => [...m].sort();
      expect([sorted(w.acked), sorted(withInflight)], `worker ${k}`).to.deep.include(sorted(mine));
      total += mine.size;
    }
    expect(actual.size).to.equal(total);
  });
});
