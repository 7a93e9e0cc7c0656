import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Configuration } from '../common/conf/configuration';
import { userName } from '../common/fs/filesystem';
import { DistributedFileSystem } from '../dfs/client/distributed-file-system';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { findFileUnder, pseudoRandom, tempDir } from './helpers';

const MB = 1048576;

async function readRange(fs: DistributedFileSystem, p: string, start?: number, end?: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await fs.open(p, { start, end })) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

interface Metrics {
  blocksRead: number;
  blockLocalPathInfos: number;
}

/**
 * Short-circuit local reads on a real cluster: a client on the DataNodes' host, allowed by
 * dfs.block.local-path-access.user, reads replicas from their files; a user not listed reads
 * over HTTP; a replica still being written is never given out; a corrupt replica read locally is
 * reported and replaced as one read over HTTP would be. The DataNodes' counters tell which way
 * each block went.
 */
describe('DFS short-circuit local reads (dfs.client.read.shortcircuit, minicluster of 3 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let local: DistributedFileSystem;
  const data = pseudoRandom(3 * MB + MB / 2, 11);

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 3, conf: { 'dfs.replication': '2', 'dfs.block.local-path-access.user': `someone,${userName()}` } });
    const conf = new Configuration({ confDir: cluster.confDir });
    conf.set('dfs.client.read.shortcircuit', 'true');
    local = new DistributedFileSystem(`hdfs://${cluster.nameNodeAddress}/`, conf);
    await pipeline(Readable.from([data]), await cluster.fs.create('/sc/f'));
  });

  after(async function () {
    await local?.close();
    if (cluster) await cluster.stop();
  });

  const datanodes = () => cluster.details.daemons.filter((d) => d.role === 'datanode');

  async function metrics(): Promise<Metrics> {
    const sum: Metrics = { blocksRead: 0, blockLocalPathInfos: 0 };
    for (const d of datanodes()) {
      const m = ((await (await fetch(`http://${d.httpAddress}/status`)).json()) as { metrics: Metrics }).metrics;
      sum.blocksRead += m.blocksRead;
      sum.blockLocalPathInfos += m.blockLocalPathInfos;
    }
    return sum;
  }

  async function since(before: Metrics): Promise<Metrics> {
    const now = await metrics();
    return { blocksRead: now.blocksRead - before.blocksRead, blockLocalPathInfos: now.blockLocalPathInfos - before.blockLocalPathInfos };
  }

  const located = (p: string) => cluster.locatedBlocks(p);

  it('reads a multi-block file and ranges of it from the replicas files, byte for byte, with no block sent over HTTP', async () => {
    const before = await metrics();
    expect((await readRange(local, '/sc/f')).equals(data)).to.equal(true);
    // [start, end) and the number of 1 MB blocks each spans
    const ranges: Array<[number, number, number]> = [
      [0, 1, 1],
      [511, 513, 1],
      [MB - 100, MB + 100, 2],
      [1234567, 2345678, 2],
      [3 * MB + 5, data.length, 1],
    ];
    for (const [start, end] of ranges) {
      expect((await readRange(local, '/sc/f', start, end)).equals(data.subarray(start, end)), `bytes [${start}, ${end})`).to.equal(true);
    }
    const blocks = 4 + ranges.reduce((n, r) => n + r[2], 0);
    expect(await since(before)).to.deep.equal({ blocksRead: 0, blockLocalPathInfos: blocks });
  });

  it('reads over HTTP when the DataNodes do not list the user, and `hadoop fs -get` writes the same bytes', async () => {
    const before = await metrics();
    const out = path.join(tempDir('sc-get-'), 'f');
    const r = await cluster.hadoop(['fs', '-D', 'dfs.client.read.shortcircuit=true', '-get', '/sc/f', out], { env: { HADOOP_USER_NAME: 'mallory' } });
    expect(r.code, r.stderr).to.equal(0);
    expect(fs.readFileSync(out).equals(data)).to.equal(true);
    expect(await since(before)).to.deep.equal({ blocksRead: 4, blockLocalPathInfos: 0 });
  });

  it('answers a refused user, a missing replica and a hostile block id with a 4xx JSON error', async () => {
    const [first] = await located('/sc/f');
    const dn = first.locations[0].name;
    const ask = async (query: string) => {
      const res = await fetch(`http://${dn}/data/blockLocalPathInfo?${query}`);
      return [res.status, ((await res.json()) as { error?: { code: string } }).error?.code];
    };
    expect(await ask(`blockId=${first.block.blockId}&user=mallory`)).to.deep.equal([403, 'FS_PERMISSION_DENIED']);
    expect(await ask(`blockId=${first.block.blockId}`)).to.deep.equal([403, 'FS_PERMISSION_DENIED']);
    expect(await ask(`blockId=987654321&user=${userName()}`)).to.deep.equal([404, 'DFS_REPLICA_NOT_FOUND']);
    expect(await ask(`blockId=..%2F..%2Fetc%2Fpasswd&user=${userName()}`)).to.deep.equal([400, 'RPC_BAD_REQUEST']);
    const ok = await fetch(`http://${dn}/data/blockLocalPathInfo?blockId=${first.block.blockId}&user=${userName()}`);
    const info = (await ok.json()) as { block: { numBytes: number }; blockPath: string };
    expect([ok.status, info.block.numBytes, path.basename(info.blockPath)]).to.deep.equal([200, MB, `blk_${first.block.blockId}`]);
  });

  it('does not give out the files of a replica still being written', async () => {
    const out = await cluster.fs.create('/sc/open');
    try {
      out.write(data.subarray(0, 100000));
      await (out as unknown as { hflush(): Promise<void> }).hflush();
      const { located } = await cluster.fs.client.call('getBlockLocations', { path: '/sc/open', offset: 0, length: 2 ** 40 });
      const rbw = located.lastBlock!;
      const answers = [];
      for (const l of rbw.locations) {
        const res = await fetch(`http://${l.name}/data/blockLocalPathInfo?blockId=${rbw.block.blockId}&user=${userName()}`);
        answers.push([res.status, ((await res.json()) as { error: { code: string } }).error.code]);
      }
      expect(answers).to.deep.equal(rbw.locations.map(() => [400, 'DFS_REPLICA_NOT_FINALIZED']));
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
  });

  it('reads the right bytes past a corrupt replica read locally, which the NameNode then replaces', async function () {
    const file = pseudoRandom(MB + 4096, 5);
    await pipeline(Readable.from([file]), await cluster.fs.create('/sc/c'));
    const [first] = await located('/sc/c');
    const bad = first.locations[0];
    const storage = datanodes().find((d) => d.rpcAddress === bad.name)!.storageDirs;
    const replica = findFileUnder(storage, `blk_${first.block.blockId}`);
    expect(replica, `replica file of blk_${first.block.blockId}`).to.be.a('string');
    const fd = fs.openSync(replica!, 'r+');
    fs.writeSync(fd, Buffer.from([file[1000] ^ 0xff]), 0, 1, 1000);
    fs.closeSync(fd);
    const before = await metrics();
    // the NameNode lists replicas in random order: read until a read has met the corrupt one
    let reads = 0;
    let wrongReads = 0;
    await cluster.waitFor(
      async () => {
        reads++;
        if (!(await readRange(local, '/sc/c')).equals(file)) wrongReads++;
        const [b] = await located('/sc/c');
        return b.locations.length === 2 && !b.locations.some((l) => l.name === bad.name);
      },
      30000,
      'the corrupt replica to be reported and replaced',
    );
    expect([reads > 0, wrongReads, (await since(before)).blocksRead]).to.deep.equal([true, 0, 0]);
    expect((await readRange(local, '/sc/c')).equals(file)).to.equal(true);
  });
});
