import { expect } from 'chai';
import type { Block } from '../dfs/protocol/types';
import { errorOf, FakeDataNode, NameNodeHarness, quietLogs, startDataNodes, waitFor } from './namenode.fixtures';

describe('NameNode leases: one writer per file, recovery after the soft and hard limits', function () {
  this.timeout(20000);
  let h: NameNodeHarness;
  let dns: FakeDataNode[] = [];

  before(() => quietLogs.before());
  after(() => quietLogs.after());

  afterEach(async function () {
    for (const d of dns) await d.stop();
    dns = [];
    await h?.stop();
  });

  const create = (path: string, clientName: string, overwrite = false, replication = 1) =>
    h.call('create', { path, clientName, overwrite, replication, blockSize: 1048576, permission: 0o644 });
  const underConstruction = async (path: string) => (await h.call('getBlockLocations', { path, offset: 0, length: 1 })).located.underConstruction;

  /** A file being written by `writer` whose only block has partial replicas of these lengths. */
  async function halfWritten(path: string, writer: string, lengths: number[]): Promise<Block> {
    const mine = await startDataNodes(h, lengths.length);
    dns.push(...mine);
    for (const d of mine) await d.run(mine);
    await create(path, writer, false, lengths.length);
    const excludeNodes = dns.filter((d) => !mine.includes(d)).map((d) => d.name);
    const { block } = await h.call('addBlock', { path, clientName: writer, previous: null, excludeNodes });
    for (const loc of block.locations) {
      const dn = mine.find((d) => d.name === loc.name)!;
      // a replica being written: on the DataNode, not yet reported
      dn.replicas.set(block.block.blockId, { ...block.block, numBytes: lengths[mine.indexOf(dn)] });
    }
    return block.block;
  }

  it('refuses a second writer, naming the one holding the file', async function () {
    h = await NameNodeHarness.start();
    await create('/f', 'DFSClient_a');
    expect(await errorOf(create('/f', 'DFSClient_b', true))).to.deep.equal({
      code: 'DFS_LEASE',
      message: 'failed to create file /f for DFSClient_b: the file is being written by DFSClient_a',
    });
    expect(await errorOf(h.call('append', { path: '/f', clientName: 'DFSClient_b' }))).to.deep.equal({
      code: 'DFS_LEASE',
      message: 'failed to append to file /f for DFSClient_b: the file is being written by DFSClient_a',
    });
    expect(await errorOf(h.call('addBlock', { path: '/f', clientName: 'DFSClient_b', previous: null, excludeNodes: [] }))).to.deep.equal({
      code: 'DFS_LEASE',
      message: 'Lease mismatch on /f owned by DFSClient_a but is accessed by DFSClient_b',
    });
    expect(await h.call('recoverLease', { path: '/f', clientName: 'DFSClient_b' })).to.deep.equal({ closed: false });
    expect(await h.call('complete', { path: '/f', clientName: 'DFSClient_a', last: null })).to.deep.equal({ complete: true });
    expect(await errorOf(h.call('complete', { path: '/f', clientName: 'DFSClient_b', last: { blockId: 7, genStamp: 1000, numBytes: 0 } }))).to.deep.equal({
      code: 'DFS_LEASE',
      message: 'No lease on /f: File is not open for writing. Holder DFSClient_b does not have any open files.',
    });
    // closed: anyone may append now
    expect((await h.call('append', { path: '/f', clientName: 'DFSClient_b' })).lastBlock).to.equal(null);
  });

  it('keeps a renewed lease past the soft limit', async function () {
    h = await NameNodeHarness.start({ 'dfs.lease.softlimit.ms': '200' });
    await create('/r', 'DFSClient_a');
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 80));
      await h.call('renewLease', { clientName: 'DFSClient_a' });
    }
    expect((await errorOf(create('/r', 'DFSClient_b', true))).message).to.equal('failed to create file /r for DFSClient_b: the file is being written by DFSClient_a');
  });

  it('recovers the file of a writer silent past the soft limit: shortest replica, new stamp, closed', async function () {
    h = await NameNodeHarness.start({ 'dfs.lease.softlimit.ms': '200' });
    const block = await halfWritten('/g', 'DFSClient_dead', [700, 300]);
    expect(await h.call('recoverLease', { path: '/g', clientName: 'DFSClient_b' })).to.deep.equal({ closed: false });
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.call('recoverLease', { path: '/g', clientName: 'DFSClient_b' })).to.deep.equal({ closed: true });
    const recovered = { blockId: block.blockId, genStamp: block.genStamp + 1, numBytes: 300 };
    for (const d of dns) {
      expect(d.updates).to.deep.equal([{ block: { ...block, numBytes: d === dns[0] ? 700 : 300 }, newGenStamp: block.genStamp + 1, newLength: 300 }]);
      expect(d.replicas.get(block.blockId)).to.deep.equal(recovered);
    }
    const { located } = await h.call('getBlockLocations', { path: '/g', offset: 0, length: 1000 });
    expect([located.underConstruction, located.fileLength, located.blocks.map((b) => b.block)]).to.deep.equal([false, 300, [recovered]]);
    expect(located.blocks[0].locations.map((l) => l.name).sort()).to.deep.equal(dns.map((d) => d.name).sort());
    // the file is closed: the other client may now overwrite it
    await create('/g', 'DFSClient_b', true);
  });

  it('starts recovery when another client creates the file after the soft limit', async function () {
    h = await NameNodeHarness.start({ 'dfs.lease.softlimit.ms': '200' });
    await halfWritten('/c', 'DFSClient_dead', [100]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await errorOf(create('/c', 'DFSClient_b', true))).to.deep.equal({
      code: 'DFS_LEASE',
      message: 'failed to create file /c for DFSClient_b: the lease of DFSClient_dead has expired; lease recovery has started, try again later',
    });
    await waitFor('the file to be closed', async () => !(await underConstruction('/c')));
    expect((await h.call('getFileInfo', { path: '/c' })).status!.length).to.equal(100);
    await create('/c', 'DFSClient_b', true);
  });

  it('closes by itself a file whose writer is silent past the hard limit', async function () {
    h = await NameNodeHarness.start({ 'dfs.lease.softlimit.ms': '100', 'dfs.lease.hardlimit.ms': '400' });
    await halfWritten('/h', 'DFSClient_dead', [50, 80]);
    await create('/empty', 'DFSClient_dead');
    const started = Date.now();
    await waitFor('both files closed', async () => !(await underConstruction('/h')) && !(await underConstruction('/empty')));
    expect(Date.now() - started).to.be.within(300, 3000);
    expect((await h.call('getFileInfo', { path: '/h' })).status!.length).to.equal(50);
    expect((await h.call('getFileInfo', { path: '/empty' })).status!.length).to.equal(0);
  });

  it('drops a last block no DataNode received, and keeps retrying while none answers', async function () {
    h = await NameNodeHarness.start({ 'dfs.lease.softlimit.ms': '100' });
    const block = await halfWritten('/n', 'DFSClient_dead', [10]);
    dns[0].replicas.delete(block.blockId);
    await new Promise((r) => setTimeout(r, 150));
    expect(await h.call('recoverLease', { path: '/n', clientName: 'DFSClient_b' })).to.deep.equal({ closed: true });
    expect((await h.call('getBlockLocations', { path: '/n', offset: 0, length: 1 })).located).to.deep.equal({
      fileLength: 0,
      underConstruction: false,
      blocks: [],
      lastBlock: null,
    });
    await halfWritten('/u', 'DFSClient_dead2', [10]);
    await dns[1].stop();
    await new Promise((r) => setTimeout(r, 150));
    expect(await h.call('recoverLease', { path: '/u', clientName: 'DFSClient_b' })).to.deep.equal({ closed: false });
    expect(await underConstruction('/u')).to.equal(true);
  });

  it('keeps open files and their writers across a restart', async function () {
    h = await NameNodeHarness.start();
    await create('/open', 'DFSClient_a');
    await h.restart();
    expect(await underConstruction('/open')).to.equal(true);
    expect((await errorOf(create('/open', 'DFSClient_b', true))).message).to.equal('failed to create file /open for DFSClient_b: the file is being written by DFSClient_a');
    expect(await h.call('complete', { path: '/open', clientName: 'DFSClient_a', last: null })).to.deep.equal({ complete: true });
  });
});
