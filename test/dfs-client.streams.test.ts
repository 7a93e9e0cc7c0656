import { expect } from 'chai';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Configuration } from '../common/conf/configuration';
import { readFully } from '../common/fs/filesystem';
import { DistributedFileSystem } from '../dfs/client/distributed-file-system';
import { FakeDataNode, FakeNameNode } from './dfs-client.fakes';
import { pseudoRandom } from './helpers';

/** The client's streams against in-process fakes: pipelines, acks, recovery and read fallbacks. */
describe('DFS client streams (against fake daemons)', function () {
  this.timeout(20000);
  let dns: FakeDataNode[] = [];
  let nn: FakeNameNode;
  let fs: DistributedFileSystem;
  const BLOCK = 64 * 1024;

  beforeEach(async function () {
    dns = await Promise.all([1, 2, 3].map(() => new FakeDataNode().start()));
    nn = await new FakeNameNode(dns).start();
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('dfs.block.size', BLOCK);
    conf.set('dfs.write.packet.size', 8192);
    conf.set('dfs.replication', 3);
    fs = new DistributedFileSystem(`hdfs://127.0.0.1:${nn.port}/`, conf);
  });

  afterEach(async function () {
    await fs.close();
    nn.stop();
    for (const d of dns) d.kill();
  });

  const data = pseudoRandom;

  async function write(path: string, bytes: Buffer, pieces = 7): Promise<void> {
    const out = await fs.create(path, { overwrite: true });
    const step = Math.ceil(bytes.length / pieces);
    await pipeline(
      Readable.from((function* () {
        for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
      })()),
      out,
    );
  }

  it('writes a file of several blocks through a three-DataNode pipeline, every replica equal', async function () {
    const bytes = data(3 * BLOCK + 1234);
    await write('/f', bytes);
    const f = nn.files.get('/f')!;
    expect(f.blocks.map((b) => b.block.numBytes)).to.deep.equal([BLOCK, BLOCK, BLOCK, 1234]);
    expect(f.status.length).to.equal(bytes.length);
    for (const [i, lb] of f.blocks.entries()) {
      for (const d of dns) {
        const r = d.replicas.get(lb.block.blockId)!;
        expect(r.finalized).to.equal(true);
        expect(r.data.equals(bytes.subarray(i * BLOCK, i * BLOCK + lb.block.numBytes))).to.equal(true);
      }
    }
    expect((await readFully(fs, '/f')).equals(bytes)).to.equal(true);
    expect(nn.calls.filter((c) => c === 'complete')).to.have.length(1);
  });

  it('writes and reads a 0-byte file without allocating a block', async function () {
    await write('/empty', Buffer.alloc(0));
    expect(nn.files.get('/empty')!.blocks).to.deep.equal([]);
    expect((await readFully(fs, '/empty')).length).to.equal(0);
  });

  it('reads byte ranges that start and end inside blocks', async function () {
    const bytes = data(2 * BLOCK + 100, 7);
    await write('/r', bytes);
    for (const [s, e] of [[0, 1], [511, 513], [BLOCK - 3, BLOCK + 5], [100, 2 * BLOCK + 100], [2 * BLOCK + 99, 2 * BLOCK + 200]]) {
      const parts: Buffer[] = [];
      for await (const c of await fs.open('/r', { start: s, end: e })) parts.push(c as Buffer);
      expect(Buffer.concat(parts).equals(bytes.subarray(s, e)), `[${s}, ${e})`).to.equal(true);
    }
  });

  for (const victim of [0, 1, 2]) {
    it(`completes a write when pipeline DataNode ${victim} dies in the middle of a block`, async function () {
      const bytes = data(3 * BLOCK + 5000, victim + 3);
      // die inside the second block: 8 packets of 8 KB make one 64 KB block, plus its end packet
      dns[victim].dieAfterPackets = 9 + 3;
      await write('/p', bytes);
      const f = nn.files.get('/p')!;
      expect(f.status.length).to.equal(bytes.length);
      const second = f.blocks[1];
      expect(second.locations.map((l) => l.name)).to.deep.equal(dns.filter((_d, i) => i !== victim).map((d) => d.id.name));
      expect(second.block.genStamp).to.be.greaterThan(f.blocks[0].block.genStamp + 1);
      for (const d of dns.filter((x) => !x.dead)) {
        expect(d.replicas.get(second.block.blockId)!.data.equals(bytes.subarray(BLOCK, 2 * BLOCK))).to.equal(true);
      }
      // later blocks are placed without the dead DataNode
      expect(f.blocks[2].locations.map((l) => l.name)).to.not.include(dns[victim].id.name);
      expect((await readFully(fs, '/p')).equals(bytes)).to.equal(true);
    });
  }

  it('drops the DataNode an ERROR ack names and keeps writing on the others', async function () {
    const bytes = data(BLOCK + 10);
    dns[2].errorAcks = true;
    await write('/e', bytes);
    expect((await readFully(fs, '/e')).equals(bytes)).to.equal(true);
    const first = nn.files.get('/e')!.blocks[0];
    expect(first.locations.map((l) => l.name)).to.deep.equal([dns[0].id.name, dns[1].id.name]);
  });

  it('abandons a new block no DataNode acked and asks for another without the dead one', async function () {
    dns[0].kill(false);
    const bytes = data(1000);
    await write('/a', bytes);
    expect(nn.calls).to.include('abandonBlock');
    const f = nn.files.get('/a')!;
    expect(f.blocks).to.have.length(1);
    expect(f.blocks[0].locations.map((l) => l.name)).to.deep.equal([dns[1].id.name, dns[2].id.name]);
    expect((await readFully(fs, '/a')).equals(bytes)).to.equal(true);
  });

  it('fails the write with one clear error when every DataNode is gone', async function () {
    const bytes = data(3 * BLOCK);
    const out = await fs.create('/dead', { overwrite: true });
    out.write(bytes.subarray(0, BLOCK + 100));
    for (const d of dns) d.kill();
    let error: Error | undefined;
    try {
      await pipeline(Readable.from([bytes.subarray(BLOCK + 100)]), out);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/All datanodes .* are bad|no datanodes|No DataNode/);
  });

  it('reads past a corrupt replica from another one and reports the bad one', async function () {
    const bytes = data(BLOCK + 3000, 11);
    await write('/c', bytes);
    const f = nn.files.get('/c')!;
    dns[0].corrupt(f.blocks[1].block.blockId, 2000);
    expect((await readFully(fs, '/c')).equals(bytes)).to.equal(true);
    expect(nn.badReports.map((r) => [r.block.blockId, r.datanode])).to.deep.equal([[f.blocks[1].block.blockId, dns[0].id.name]]);
  });

  it('reads from the next replica when the first DataNode is dead', async function () {
    const bytes = data(2 * BLOCK, 5);
    await write('/d', bytes);
    dns[0].kill();
    expect((await readFully(fs, '/d')).equals(bytes)).to.equal(true);
    expect(nn.badReports).to.deep.equal([]);
  });

  it('fails a read with the block named when no replica can be read', async function () {
    await write('/m', data(1000));
    for (const d of dns) d.kill();
    let error: Error | undefined;
    try {
      await readFully(fs, '/m');
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/^Could not obtain block: blk_1000_\d+ file=\/m$/);
  });

  it('renews the lease while a file is open for write, and stops after close', async function () {
    fs.conf.set('dfs.lease.softlimit.ms', 200);
    const out = await fs.create('/lease', { overwrite: true });
    out.write('x');
    await new Promise((r) => setTimeout(r, 450));
    const during = nn.calls.filter((c) => c === 'renewLease').length;
    out.end();
    await new Promise((r) => out.on('finish', r));
    const after = nn.calls.filter((c) => c === 'renewLease').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(during).to.be.within(3, 5);
    expect(nn.calls.filter((c) => c === 'renewLease').length).to.equal(after);
  });
});
