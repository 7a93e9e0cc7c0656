import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Block, DatanodeCommand, LocatedBlock } from '../dfs/protocol/types';
import { errorOf, FakeDataNode, NameNodeHarness, quietLogs, startDataNodes, waitFor } from './namenode.fixtures';

/** Writes a one-block file: create, addBlock, the replicas reported by `holders`, complete. */
async function writeFile(h: NameNodeHarness, p: string, replication: number, holders: (lb: LocatedBlock) => FakeDataNode[], numBytes = 1000): Promise<Block> {
  const clientName = 'DFSClient_w';
  await h.call('create', { path: p, clientName, overwrite: false, replication, blockSize: 1048576, permission: 0o644 });
  const { block } = await h.call('addBlock', { path: p, clientName, previous: null, excludeNodes: [] });
  const done = { ...block.block, numBytes };
  for (const dn of holders(block)) await dn.receive(done);
  expect(await h.call('complete', { path: p, clientName, last: done })).to.deep.equal({ complete: true });
  return done;
}

describe('NameNode blocks: placement, dead DataNodes, re-replication and excess replicas', function () {
  this.timeout(30000);
  let h: NameNodeHarness;
  let dns: FakeDataNode[] = [];
  let dir: string;

  before(() => quietLogs.before());
  after(() => quietLogs.after());

  afterEach(async function () {
    for (const d of dns) await d.stop();
    dns = [];
    await h?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('places replicas on distinct live DataNodes and refuses a block when none is left', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 3);
    for (const d of dns) {
      await d.register();
      await d.heartbeat();
    }
    const clientName = 'DFSClient_p';
    await h.call('create', { path: '/f', clientName, overwrite: false, replication: 3, blockSize: 1048576, permission: 0o644 });
    const { block } = await h.call('addBlock', { path: '/f', clientName, previous: null, excludeNodes: [] });
    expect(block.offset).to.equal(0);
    expect(block.block).to.deep.equal({ blockId: 1, genStamp: 1000, numBytes: 0 });
    expect(block.locations.map((l) => l.name).sort()).to.deep.equal(dns.map((d) => d.name).sort());
    // excluded by the client: fewer targets; all excluded: the error names why
    await h.call('abandonBlock', { path: '/f', clientName, block: block.block });
    const two = await h.call('addBlock', { path: '/f', clientName, previous: null, excludeNodes: [dns[0].name] });
    expect(two.block.locations.map((l) => l.name).sort()).to.deep.equal([dns[1].name, dns[2].name].sort());
    await h.call('abandonBlock', { path: '/f', clientName, block: two.block.block });
    const all = dns.map((d) => d.name);
    expect(await errorOf(h.call('addBlock', { path: '/f', clientName, previous: null, excludeNodes: all }))).to.deep.equal({
      code: 'DFS_NOT_ENOUGH_REPLICAS',
      message:
        'File /f could only be replicated to 0 nodes instead of minReplication (=1). There are 3 datanode(s) running and 3 node(s) are excluded in this operation: ' +
        [...dns].sort((a, b) => (a.name < b.name ? -1 : 1)).map((d) => `${d.name} (excluded by the client)`).join(', ') +
        '.',
    });
  });

  it('is rack-aware with a topology table: second replica off the first rack, third beside the second', async function () {
    dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'nn-topology-'));
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 4);
    const table = path.join(dir, 'topology.table');
    fs.writeFileSync(table, dns.map((d, i) => `${d.name} /rack${i < 2 ? 1 : 2}`).join('\n') + '\n');
    await h.restart({ 'net.topology.table.file.name': table });
    for (const d of dns) {
      await d.register();
      await d.heartbeat();
    }
    const racks = new Map(dns.map((d, i) => [d.name, i < 2 ? '/rack1' : '/rack2']));
    const clientName = 'DFSClient_r';
    await h.call('create', { path: '/r', clientName, overwrite: false, replication: 3, blockSize: 1048576, permission: 0o644 });
    for (let i = 0; i < 20; i++) {
      const { block } = await h.call('addBlock', { path: '/r', clientName, previous: null, excludeNodes: [] });
      const locs = block.locations;
      expect(locs.map((l) => l.rack)).to.deep.equal(locs.map((l) => racks.get(l.name)));
      expect(new Set(locs.map((l) => l.name)).size).to.equal(3);
      // two racks, two replicas on one of them, and the pipeline keeps those two together
      const count = (r: string) => locs.filter((l) => l.rack === r).length;
      expect([count('/rack1'), count('/rack2')].sort()).to.deep.equal([1, 2]);
      expect(locs[1].rack === locs[2].rack || locs[0].rack === locs[1].rack).to.equal(true);
      await h.call('abandonBlock', { path: '/r', clientName, block: block.block });
    }
    const report = (await h.call('datanodeReport', { type: 'live' })).datanodes;
    expect(report.map((d) => [d.name, d.rack])).to.deep.equal([...racks].sort());
  });

  it('closes a file only once its last block has dfs.replication.min replicas', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 2);
    for (const d of dns) await d.run(dns);
    const clientName = 'DFSClient_c';
    await h.call('create', { path: '/c', clientName, overwrite: false, replication: 2, blockSize: 1048576, permission: 0o644 });
    const { block } = await h.call('addBlock', { path: '/c', clientName, previous: null, excludeNodes: [] });
    const last = { ...block.block, numBytes: 300 };
    expect(await h.call('complete', { path: '/c', clientName, last })).to.deep.equal({ complete: false });
    expect((await h.call('getFileInfo', { path: '/c' })).status!.length).to.equal(300);
    await dns[0].receive(last);
    expect(await h.call('complete', { path: '/c', clientName, last })).to.deep.equal({ complete: true });
    const { located } = await h.call('getBlockLocations', { path: '/c', offset: 0, length: 300 });
    expect([located.fileLength, located.underConstruction, located.blocks.length]).to.deep.equal([300, false, 1]);
    expect(located.blocks[0].locations.map((l) => l.name)).to.include(dns[0].name);
    // the second replica is copied by the replication monitor
    await waitFor('a second replica', () => dns[1].replicas.has(last.blockId));
    await waitFor('two locations', async () => (await h.call('getBlockLocations', { path: '/c', offset: 0, length: 300 })).located.blocks[0].locations.length === 2);
  });

  it('allocates the next block only once the previous one has a reported replica', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 1);
    await dns[0].run(dns);
    const clientName = 'DFSClient_n';
    await h.call('create', { path: '/n', clientName, overwrite: false, replication: 1, blockSize: 1024, permission: 0o644 });
    const first = (await h.call('addBlock', { path: '/n', clientName, previous: null, excludeNodes: [] })).block.block;
    // a retried call gets the same block back
    expect((await h.call('addBlock', { path: '/n', clientName, previous: null, excludeNodes: [] })).block.block).to.deep.equal(first);
    const full = { ...first, numBytes: 1024 };
    expect(await errorOf(h.call('addBlock', { path: '/n', clientName, previous: full, excludeNodes: [] }))).to.deep.equal({
      code: 'DFS_NOT_COMPLETE',
      message: `Not replicated yet: blk_${first.blockId} of /n has no reported replica; retry`,
    });
    await dns[0].receive(full);
    const second = await h.call('addBlock', { path: '/n', clientName, previous: full, excludeNodes: [] });
    expect([second.block.offset, second.block.block]).to.deep.equal([1024, { blockId: first.blockId + 1, genStamp: 1000, numBytes: 0 }]);
    // retried: the same second block again
    expect((await h.call('addBlock', { path: '/n', clientName, previous: full, excludeNodes: [] })).block.block).to.deep.equal(second.block.block);
    expect(await errorOf(h.call('addBlock', { path: '/n', clientName, previous: { ...full, blockId: 77 }, excludeNodes: [] }))).to.deep.equal({
      code: 'FS_INVALID_ARGUMENT',
      message: `addBlock /n: the previous block blk_77 is not the last block (blk_${first.blockId + 1}) of the file`,
    });
  });

  it('declares a silent DataNode dead after 2 x recheck + 10 x heartbeat and orders its blocks copied', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 3);
    for (const d of dns) await d.run(dns);
    const [a, b, c] = dns;
    const block = await writeFile(h, '/k', 2, () => [a, b]);
    const silencedAt = Date.now();
    a.silence();
    await waitFor('the DataNode to be dead', async () => (await h.call('datanodeReport', { type: 'dead' })).datanodes.length === 1);
    const deadAfter = Date.now() - silencedAt;
    // 2 x 100 ms + 10 x 100 ms, checked every 100 ms
    expect(deadAfter).to.be.within(1100, 2500);
    expect((await h.call('datanodeReport', { type: 'dead' })).datanodes.map((d) => d.name)).to.deep.equal([a.name]);
    await waitFor('the copy to C', () => c.replicas.has(block.blockId));
    const transfer: DatanodeCommand = { type: 'transfer', blocks: [block], targets: [[c.id()]] };
    expect(b.commands.filter((x) => x.type === 'transfer')).to.deep.equal([transfer]);
    const { located } = await h.call('getBlockLocations', { path: '/k', offset: 0, length: 1 });
    expect(located.blocks[0].locations.map((l) => l.name).sort()).to.deep.equal([b.name, c.name].sort());
    expect((await h.call('getStats', {})).stats).to.include({ underReplicatedBlocks: 0, missingBlocks: 0, corruptBlocks: 0 });
  });

  it('orders a copy again at once when the source of a pending copy dies', async function () {
    h = await NameNodeHarness.start({ 'dfs.replication.pending.timeout.sec': '60' });
    dns = await startDataNodes(h, 4);
    const [a, b, c, d] = dns;
    a.ignoreTransfers = b.ignoreTransfers = true;
    for (const x of dns) await x.run(dns);
    const block = await writeFile(h, '/p', 3, () => [a, b]);
    await waitFor('a copy ordered', () => a.commands.length + b.commands.length > 0);
    const [source, other] = a.commands.length > 0 ? [a, b] : [b, a];
    expect(source.commands).to.have.length(1);
    source.silence();
    await waitFor('the copy ordered from the other replica', () => other.commands.length > 0, 5000);
    expect(other.commands).to.have.length(1);
    const cmd = other.commands[0] as Extract<DatanodeCommand, { type: 'transfer' }>;
    expect([cmd.type, cmd.blocks, cmd.targets[0].map((t) => t.name).sort()]).to.deep.equal(['transfer', [block], [c.name, d.name].sort()]);
  });

  it('asks a heartbeat after the NameNode declared the node dead to register again', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 1);
    const [a] = dns;
    await a.register();
    await waitFor('the DataNode to be dead', async () => (await h.call('datanodeReport', { type: 'dead' })).datanodes.length === 1);
    expect(await a.heartbeat()).to.deep.equal([{ type: 'register' }]);
    expect(await a.blockReport()).to.deep.equal([{ type: 'register' }]);
    await a.register();
    expect(await a.heartbeat()).to.deep.equal([]);
    expect((await h.call('datanodeReport', { type: 'live' })).datanodes.map((d) => d.name)).to.deep.equal([a.name]);
  });

  it('trims an over-replicated block by deleting the replica on the fullest node', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 3);
    dns.forEach((d, i) => (d.remaining = (3 - i) * 1e10));
    for (const d of dns) await d.run(dns);
    const block = await writeFile(h, '/o', 3, () => dns);
    await h.call('setReplication', { path: '/o', replication: 2 });
    await waitFor('the excess replica deleted', () => !dns[2].replicas.has(block.blockId));
    expect(dns[2].commands).to.deep.equal([{ type: 'invalidate', blocks: [block] }]);
    expect(dns[0].commands.concat(dns[1].commands)).to.deep.equal([]);
    const { located } = await h.call('getBlockLocations', { path: '/o', offset: 0, length: 1 });
    expect(located.blocks[0].locations.map((l) => l.name).sort()).to.deep.equal([dns[0].name, dns[1].name].sort());
  });

  it('deletes the replicas of a deleted file and of blocks no file owns', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 2);
    for (const d of dns) await d.run(dns);
    const block = await writeFile(h, '/del', 2, () => dns);
    const stray = { blockId: 999, genStamp: 1000, numBytes: 10 };
    dns[0].replicas.set(stray.blockId, stray);
    await dns[0].blockReport();
    await h.call('delete', { path: '/del', recursive: false });
    await waitFor('both replicas deleted', () => !dns[0].replicas.has(block.blockId) && !dns[1].replicas.has(block.blockId));
    await waitFor('the stray replica deleted', () => !dns[0].replicas.has(stray.blockId));
    expect(dns[1].commands).to.deep.equal([{ type: 'invalidate', blocks: [block] }]);
  });

  it('replaces a replica reported corrupt, then deletes the corrupt one', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 3);
    for (const d of dns) await d.run(dns);
    const [a, b, c] = dns;
    const block = await writeFile(h, '/bad', 2, () => [a, b]);
    await h.call('reportBadBlocks', { blocks: [{ block, datanode: a.name }] });
    const { located } = await h.call('getBlockLocations', { path: '/bad', offset: 0, length: 1 });
    expect(located.blocks[0].locations.map((l) => l.name)).to.deep.equal([b.name]);
    await waitFor('a copy on C', () => c.replicas.has(block.blockId));
    await waitFor('the corrupt replica deleted', () => !a.replicas.has(block.blockId));
    expect(b.commands).to.deep.equal([{ type: 'transfer', blocks: [block], targets: [[c.id()]] }]);
    expect(a.commands).to.deep.equal([{ type: 'invalidate', blocks: [block] }]);
  });

  it('marks a replica with the wrong length corrupt and reports a block with no good replica as corrupt', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 1);
    const [a] = dns;
    await a.register();
    await a.heartbeat();
    const block = await writeFile(h, '/short', 1, () => [a]);
    a.replicas.set(block.blockId, { ...block, numBytes: 10 });
    await a.blockReport();
    const { located } = await h.call('getBlockLocations', { path: '/short', offset: 0, length: 1 });
    expect([located.blocks[0].corrupt, located.blocks[0].locations.map((l) => l.name)]).to.deep.equal([true, [a.name]]);
    expect((await h.call('getStats', {})).stats).to.include({ corruptBlocks: 1, missingBlocks: 1, underReplicatedBlocks: 1 });
  });

  it('decommissions a node listed in dfs.hosts.exclude after copying its blocks away', async function () {
    dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'nn-exclude-'));
    const exclude = path.join(dir, 'exclude');
    fs.writeFileSync(exclude, '');
    h = await NameNodeHarness.start({ 'dfs.hosts.exclude': exclude });
    dns = await startDataNodes(h, 3);
    for (const d of dns) await d.run(dns);
    const [a, b, c] = dns;
    const block = await writeFile(h, '/dec', 2, () => [a, b]);
    fs.writeFileSync(exclude, `${a.name}\n`);
    await h.call('refreshNodes', {});
    const state = async () => (await h.call('datanodeReport', { type: 'all' })).datanodes.find((d) => d.name === a.name)!.adminState;
    await waitFor('Decommissioned', async () => (await state()) === 'Decommissioned');
    expect(c.replicas.has(block.blockId)).to.equal(true);
    // a decommissioned node is never a target
    const clientName = 'DFSClient_d';
    await h.call('create', { path: '/after', clientName, overwrite: false, replication: 3, blockSize: 1048576, permission: 0o644 });
    const { block: lb } = await h.call('addBlock', { path: '/after', clientName, previous: null, excludeNodes: [] });
    expect(lb.locations.map((l) => l.name).sort()).to.deep.equal([b.name, c.name].sort());
    fs.writeFileSync(exclude, '');
    await h.call('refreshNodes', {});
    expect(await state()).to.equal('Normal');
  });
});
