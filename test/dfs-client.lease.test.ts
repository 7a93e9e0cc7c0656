import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { readFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { HADOOP_BIN, rmrf, tempDir } from './helpers';

const CLIENT_MODULE = path.resolve(__dirname, '..', 'dfs', 'client', 'distributed-file-system.js');
const CONF_MODULE = path.resolve(__dirname, '..', 'common', 'conf', 'configuration.js');

/**
 * A writer process that writes `bytes`, hflushes (every DataNode of the pipeline acked them),
 * prints `acked N` and then hangs with the file still open, until it is SIGKILLed.
 */
const WRITER = `
const { DistributedFileSystem } = require(${JSON.stringify(CLIENT_MODULE)});
const { Configuration } = require(${JSON.stringify(CONF_MODULE)});
(async () => {
  const [confDir, file, bytes] = process.argv.slice(2);
  const conf = new Configuration({ confDir });
  const fs = new DistributedFileSystem(conf.get('fs.default.name'), conf);
  const out = await fs.create(file);
  const data = Buffer.alloc(Number(bytes));
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 255;
  out.write(data);
  await out.hflush();
  process.stdout.write('acked ' + data.length + '\\n');
  setInterval(() => undefined, 1000);
})().catch((e) => { console.error(e); process.exit(3); });
`;

describe('DFS files open for write: what readers see, and lease recovery when the writer was SIGKILLed', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let dir: string;
  const writers: ChildProcess[] = [];

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    dir = tempDir('dfs-lease-');
    fs.writeFileSync(path.join(dir, 'writer.js'), WRITER);
    cluster = await startMiniCluster({ datanodes: 2, conf: { 'dfs.replication': '2', 'dfs.lease.softlimit.ms': '1000', 'dfs.lease.hardlimit.ms': '4000' } });
  });

  after(async function () {
    for (const w of writers) if (w.exitCode === null) w.kill('SIGKILL');
    if (cluster) await cluster.stop();
    if (dir) rmrf(dir);
  });

  /** Starts a writer and resolves with the bytes it had acked when it was killed. */
  async function writeAndDie(file: string, bytes: number): Promise<Buffer> {
    const child = spawn(process.execPath, [path.join(dir, 'writer.js'), cluster.confDir, file, String(bytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    writers.push(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited with ${code}: ${err}`)));
    });
    expect(out).to.equal(`acked ${bytes}\n`);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const data = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) data[i] = (i * 31) & 255;
    return data;
  }

  it('closes the file with the acked bytes once the hard limit passes', async function () {
    const data = await writeAndDie('/lease/hard', 1048576 + 64 * 1024);
    await cluster.waitFor(
      async () => {
        const st = await cluster.fs.getFileStatus('/lease/hard');
        return st.length === data.length && (await readFully(cluster.fs, '/lease/hard')).equals(data);
      },
      30000,
      'the hard limit to recover /lease/hard',
    );
    // closed: another writer may append now
    const out = await cluster.fs.append('/lease/hard');
    out.end(Buffer.from('more'));
    await new Promise((r, j) => out.on('finish', r).on('error', j));
    expect((await cluster.fs.getFileStatus('/lease/hard')).length).to.equal(data.length + 4);
  });

  it('lets another client recover the lease after the soft limit', async function () {
    const data = await writeAndDie('/lease/soft', 200 * 1024);
    // before any recovery, a reader already sees what the dead writer had hflushed
    expect((await readFully(cluster.fs, '/lease/soft')).equals(data)).to.equal(true);
    await cluster.waitFor(() => cluster.fs.recoverLease('/lease/soft'), 20000, 'recoverLease to close /lease/soft');
    expect((await readFully(cluster.fs, '/lease/soft')).equals(data)).to.equal(true);
  });

  it('lets readers see what a live writer has hflushed, before the file is closed', async function () {
    const text = (n: number, from: number) => Buffer.from(Array.from({ length: n }, (_v, i) => 97 + ((from + i) % 26)));
    const first = text(1048576 + 300 * 1024, 0);
    const second = text(70000, first.length);
    const out = (await cluster.fs.create('/lease/visible')) as Writable & { hflush(): Promise<void> };
    const seen: number[] = [];
    try {
      out.write(first);
      await out.hflush();
      // another process, and this one
      const cat = await cluster.hadoop(['fs', '-cat', '/lease/visible']);
      expect([cat.code, cat.stdout === first.toString()]).to.deep.equal([0, true]);
      seen.push((await readFully(cluster.fs, '/lease/visible')).length);
      out.write(second);
      await out.hflush();
      const both = Buffer.concat([first, second]);
      const read = await readFully(cluster.fs, '/lease/visible');
      expect(read.equals(both)).to.equal(true);
      seen.push(read.length);
    } finally {
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
    seen.push((await cluster.fs.getFileStatus('/lease/visible')).length);
    expect(seen).to.deep.equal([first.length, first.length + second.length, first.length + second.length]);
  });

  it('hadoop fs -tail -f follows a file while its writer hflushes more', async function () {
    const first = Buffer.from('first line\n'.repeat(30));
    const second = Buffer.from('second line\n'.repeat(5));
    const out = (await cluster.fs.create('/lease/tail')) as Writable & { hflush(): Promise<void> };
    let printed = '';
    const tail = spawn(process.execPath, [HADOOP_BIN, 'fs', '-tail', '-f', '-s', '100', '/lease/tail'], {
      env: { ...process.env, HADOOP_CONF_DIR: cluster.confDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    writers.push(tail);
    tail.stdout!.on('data', (d) => (printed += d));
    try {
      out.write(first);
      await out.hflush();
      await cluster.waitFor(() => printed.length >= first.length, 20000, 'tail to print the first hflush');
      out.write(second);
      await out.hflush();
      await cluster.waitFor(() => printed.length >= first.length + second.length, 20000, 'tail to print the second hflush');
      expect(printed).to.equal(first.toString() + second.toString());
    } finally {
      tail.kill('SIGKILL');
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
  });
});
