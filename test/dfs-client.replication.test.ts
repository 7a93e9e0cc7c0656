import { expect } from 'chai';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readFully } from '../common/fs/filesystem';
import { readBlockRange } from '../dfs/client/block-reader';
import type { DatanodeID, LocatedBlock } from '../dfs/protocol/types';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { findFileUnder, pseudoRandom } from './helpers';

/**
 * DataNode failures on a real cluster: a DataNode killed in the middle of a write, a DataNode
 * holding replicas killed, a replica corrupted on disk. The data stays right and the NameNode
 * brings replication back to its target.
 */
describe('DFS replication and DataNode failures (minicluster of 4 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  const MB = 1048576;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 4, conf: { 'dfs.replication': '2' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  const located = (p: string) => cluster.locatedBlocks(p);

  const indexOf = (name: string) => cluster.details.daemons.filter((d) => d.role === 'datanode').findIndex((d) => d.rpcAddress === name);
  const liveNames = () =>
    new Set(
      cluster.details.daemons
        .filter((d) => d.role === 'datanode')
        .filter((d) => {
          try {
            process.kill(d.pid, 0);
            return true;
          } catch {
            return false;
          }
        })
        .map((d) => d.rpcAddress),
    );

  /** Every block has `want` replicas, all on live DataNodes, and fsck says HEALTHY. */
  async function fullyReplicated(p: string, want: number): Promise<boolean> {
    const live = liveNames();
    const blocks = await located(p);
    if (!blocks.every((b) => b.locations.length === want && b.locations.every((l) => live.has(l.name)))) return false;
    const fsck = await cluster.hadoop(['fsck', p]);
    return fsck.code === 0 && /Status: HEALTHY/.test(fsck.stdout) && /Under-replicated blocks:\s+0 /.test(fsck.stdout);
  }

  it('reads the right bytes past a corrupt replica, which the NameNode then replaces', async function () {
    const data = pseudoRandom(MB + 4096, 3);
    await pipeline(Readable.from([data]), await cluster.fs.create('/c/f'));
    const [first] = await located('/c/f');
    const bad = first.locations[0];
    const storage = cluster.datanode(indexOf(bad.name)).storageDirs;
    const file = findFileUnder(storage, `blk_${first.block.blockId}`);
    expect(file, `replica file of blk_${first.block.blockId} under ${storage}`).to.be.a('string');
    const fd = fs.openSync(file!, 'r+');
    fs.writeSync(fd, Buffer.from([data[1000] ^ 0xff]), 0, 1, 1000);
    fs.closeSync(fd);
    // the NameNode lists replicas in its own order: read until a read has met the corrupt one
    let reads = 0;
    let wrongReads = 0;
    await cluster.waitFor(
      async () => {
        reads++;
        if (!(await readFully(cluster.fs, '/c/f')).equals(data)) wrongReads++;
        const [b] = await located('/c/f');
        if (b.locations.some((l) => l.name === bad.name)) return false;
        if (b.locations.length !== 2 || b.corrupt) return false;
        for (const n of b.locations) await readReplica(n, b);
        return true;
      },
      30000,
      'the corrupt replica to be replaced by a good one',
    );
    expect([reads > 0, wrongReads]).to.deep.equal([true, 0]);
    const [after] = await located('/c/f');
    expect(after.locations.map((l) => l.name)).to.not.include(bad.name);
    for (const n of after.locations) expect((await readReplica(n, after)).equals(data.subarray(0, MB))).to.equal(true);
    const fsck = await cluster.hadoop(['fsck', '/c/f']);
    expect(fsck.code).to.equal(0);
  });

  it('completes a multi-block write when a pipeline DataNode is SIGKILLed, and re-replicates', async function () {
    const data = pseudoRandom(6 * MB + 777, 1);
    let killed = '';
    async function* chunks() {
      for (let off = 0; off < data.length; off += 64 * 1024) {
        if (off === 2 * MB + 512 * 1024 && !killed) {
          const current = (await located('/w/f')).pop()!;
          killed = current.locations[1].name;
          await cluster.killDatanode(indexOf(killed));
        }
        yield data.subarray(off, off + 64 * 1024);
      }
    }
    await pipeline(Readable.from(chunks()), await cluster.fs.create('/w/f'));
    expect(killed).to.not.equal('');
    expect((await readFully(cluster.fs, '/w/f')).equals(data)).to.equal(true);
    expect((await cluster.fs.getFileStatus('/w/f')).length).to.equal(data.length);
    await cluster.waitFor(() => fullyReplicated('/w/f', 2), 30000, 'two live replicas of every block of /w/f');
    expect((await located('/w/f')).flatMap((b) => b.locations.map((l) => l.name))).to.not.include(killed);
  });

  it('brings a file back to its replication after a DataNode holding replicas is SIGKILLed', async function () {
    const data = pseudoRandom(3 * MB + 5, 2);
    await pipeline(Readable.from([data]), await cluster.fs.create('/k/f'));
    const victim = (await located('/k/f'))[0].locations[0].name;
    await cluster.killDatanode(indexOf(victim));
    await cluster.waitFor(() => fullyReplicated('/k/f', 2), 30000, 'two live replicas of every block of /k/f');
    expect((await located('/k/f')).flatMap((b) => b.locations.map((l) => l.name))).to.not.include(victim);
    expect((await readFully(cluster.fs, '/k/f')).equals(data)).to.equal(true);
  });

});

async function readReplica(node: DatanodeID, b: LocatedBlock): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of readBlockRange(node, b.block, 0, b.block.numBytes, 512, 10000)) parts.push(c);
  return Buffer.concat(parts);
}
