import { expect } from 'chai';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { findFileUnder, pseudoRandom } from './helpers';

interface ScannerStatus {
  periodHours: number;
  verified: number;
  corrupt: number;
}

/**
 * The DataNodes' block scanner on a real cluster, its period shortened to 2 s through
 * configuration: every replica is verified in the background, and a replica corrupted on disk
 * that no client reads is found, reported and replaced from a good copy.
 */
describe('DataNode block scanner (dfs.datanode.scan.period.hours, minicluster of 3 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  const PERIOD_S = 2;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 3, conf: { 'dfs.replication': '2', 'dfs.datanode.scan.period.hours': String(PERIOD_S / 3600) } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  const datanodes = () => cluster.details.daemons.filter((d) => d.role === 'datanode');

  async function scanner(httpAddress: string): Promise<ScannerStatus> {
    return ((await (await fetch(`http://${httpAddress}/status`)).json()) as { blockScanner: ScannerStatus }).blockScanner;
  }

  const located = (p: string) => cluster.locatedBlocks(p);

  it('finds a replica corrupted on disk without any read, reports it, and the NameNode replaces it', async function () {
    const data = pseudoRandom(2 * 1048576 + 777, 21);
    await pipeline(Readable.from([data]), await cluster.fs.create('/scan/f'));
    const blocks = await located('/scan/f');
    const victim = blocks[1];
    const bad = datanodes().find((d) => d.rpcAddress === victim.locations[0].name)!;
    const replica = findFileUnder(bad.storageDirs, `blk_${victim.block.blockId}`)!;
    const fd = fs.openSync(replica, 'r+');
    fs.writeSync(fd, Buffer.from([data[1048576 + 70000] ^ 0x55]), 0, 1, 70000);
    fs.closeSync(fd);

    await cluster.waitFor(
      async () => {
        const b = (await located('/scan/f'))[1];
        return b.locations.length === 2 && !b.locations.some((l) => l.name === bad.rpcAddress);
      },
      30000,
      'the scanner to report the corrupt replica and the NameNode to replace it',
    );
    const fsck = await cluster.hadoop(['fsck', '/scan/f']);
    expect([fsck.code, /Status: HEALTHY/.test(fsck.stdout)], fsck.stdout).to.deep.equal([0, true]);
    const statuses = await Promise.all(datanodes().map((d) => scanner(d.httpAddress)));
    expect(statuses.map((s) => s.corrupt)).to.deep.equal(datanodes().map((d) => (d === bad ? 1 : 0)));
    expect(statuses.every((s) => s.periodHours === PERIOD_S / 3600)).to.equal(true);
    // every DataNode holding a replica now verifies them in the background
    const holders = new Set((await located('/scan/f')).flatMap((b) => b.locations.map((l) => l.name)));
    await cluster.waitFor(
      async () => {
        const now = await Promise.all(datanodes().map((d) => scanner(d.httpAddress)));
        return datanodes().every((d, i) => !holders.has(d.rpcAddress) || now[i].verified > 0);
      },
      20000,
      'every DataNode holding a replica to verify one',
    );
    // no read went to the DataNodes: the scanner alone found it
    const reads = await Promise.all(datanodes().map(async (d) => ((await (await fetch(`http://${d.httpAddress}/status`)).json()) as { metrics: { blocksRead: number } }).metrics.blocksRead));
    expect(reads).to.deep.equal([0, 0, 0]);
    const back = await readFully(cluster.fs, '/scan/f');
    expect(back.equals(data)).to.equal(true);
  });
});
