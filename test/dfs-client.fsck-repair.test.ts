import { expect } from 'chai';
import * as fs from 'node:fs';
import type { Writable } from 'node:stream';
import { readFully, writeFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { findFileUnder, pseudoRandom } from './helpers';

const MB = 1048576;

/**
 * fsck's repairs on a real cluster: a file whose block is lost from every DataNode (its replica
 * deleted from disk, the DataNode restarted) is CORRUPT; `-move` saves its readable runs of
 * blocks under /lost+found and removes it, `-delete` removes it; `-openforwrite` shows files
 * being written. Afterwards the namespace is HEALTHY again.
 */
describe('fsck -move, -delete and -openforwrite (minicluster of 2 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 2, conf: { 'dfs.replication': '1' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  const located = (p: string) => cluster.locatedBlocks(p);

  /** Deletes block `index` of the file from its only DataNode's disk and restarts that DataNode. */
  async function loseBlock(p: string, index: number): Promise<void> {
    const b = (await located(p))[index];
    const i = cluster.details.daemons.filter((d) => d.role === 'datanode').findIndex((d) => d.rpcAddress === b.locations[0].name);
    const dirs = cluster.datanode(i).storageDirs;
    await cluster.killDatanode(i);
    fs.rmSync(findFileUnder(dirs, `blk_${b.block.blockId}`)!);
    fs.rmSync(findFileUnder(dirs, `blk_${b.block.blockId}_${b.block.genStamp}.meta`)!);
    await cluster.startDatanode(i);
    await cluster.waitFor(async () => (await located(p))[index].locations.length === 0, 20000, `blk_${b.block.blockId} to be missing`);
  }

  it('-move saves the readable runs of a corrupt file under /lost+found and removes it', async () => {
    const data = pseudoRandom(4 * MB + 1000, 31);
    await writeFully(cluster.fs, '/d/f', data);
    await loseBlock('/d/f', 1);
    const before = await cluster.hadoop(['fsck', '/d']);
    expect([before.code, /\/d\/f: MISSING 1 blocks of total size 1048576 B/.test(before.stdout), /is CORRUPT\n$/.test(before.stdout)]).to.deep.equal([1, true, true]);
    const move = await cluster.hadoop(['fsck', '/d', '-move']);
    expect([move.code, move.stderr]).to.deep.equal([1, '']);
    expect(await cluster.fs.exists('/d/f')).to.equal(false);
    const saved = (await cluster.fs.listStatus('/lost+found/d/f')).map((s) => s.path.getName()).sort();
    expect(saved).to.deep.equal(['0', '1']);
    expect((await readFully(cluster.fs, '/lost+found/d/f/0')).equals(data.subarray(0, MB))).to.equal(true);
    expect((await readFully(cluster.fs, '/lost+found/d/f/1')).equals(data.subarray(2 * MB))).to.equal(true);
    const after = await cluster.hadoop(['fsck', '/']);
    expect([after.code, /is HEALTHY\n$/.test(after.stdout)]).to.deep.equal([0, true]);
  });

  it('-delete removes a corrupt file and leaves the healthy ones', async () => {
    await writeFully(cluster.fs, '/e/bad', pseudoRandom(2 * MB, 32));
    await writeFully(cluster.fs, '/e/good', pseudoRandom(1000, 33));
    await loseBlock('/e/bad', 0);
    const del = await cluster.hadoop(['fsck', '/e', '-delete']);
    expect([del.code, del.stderr]).to.deep.equal([1, '']);
    expect([await cluster.fs.exists('/e/bad'), await cluster.fs.exists('/e/good')]).to.deep.equal([false, true]);
    const after = await cluster.hadoop(['fsck', '/e']);
    expect([after.code, /is HEALTHY\n$/.test(after.stdout)]).to.deep.equal([0, true]);
  });

  it('-openforwrite checks files being written and shows them as OPENFORWRITE', async () => {
    const out = (await cluster.fs.create('/o/w')) as Writable & { hflush(): Promise<void> };
    try {
      out.write(Buffer.alloc(100, 1));
      await out.hflush();
      const plain = await cluster.hadoop(['fsck', '/o', '-files']);
      expect(plain.stdout).to.include(' Total files:\t0 (Files currently being written: 1)');
      const open = await cluster.hadoop(['fsck', '/o', '-openforwrite', '-files']);
      expect([open.code, open.stdout.includes('/o/w 0 bytes, 1 block(s), OPENFORWRITE:  OK\n'), open.stdout.includes(' Total files:\t1\n')]).to.deep.equal([0, true, true]);
    } finally {
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
  });
});
