import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataNode } from '../dfs/datanode/datanode';
import type { Block, DatanodeID } from '../dfs/protocol/types';
import { computeChecksums, encodeMetaHeader } from '../dfs/protocol/data-transfer';
import { rmrf, tempDir } from './helpers';
import {
  FakeNameNode,
  bytes,
  dataNodeSettings,
  dataOf,
  findFile,
  inProcessDataNode,
  packetsOf,
  quietLogs,
  readBlock,
  waitFor,
  writeBlock,
} from './datanode.fixtures';

describe('DataNode and the NameNode: heartbeats, reports and commands (fake NameNode, DataNodes in process)', function () {
  this.timeout(30000);
  quietLogs();
  let dir: string;
  let nn: FakeNameNode;
  let dns: DataNode[] = [];
  const ids = (): DatanodeID[] => dns.map((d) => d.id);

  beforeEach(async () => {
    dir = tempDir('datanode-commands-');
    nn = await new FakeNameNode().start();
    for (let i = 0; i < 3; i++) dns.push(await inProcessDataNode(dataNodeSettings(nn.port, path.join(dir, `dn${i}`))));
    await waitFor('three block reports', () => dns.every((d) => nn.lastReport(d.address)));
  });

  afterEach(async () => {
    await Promise.all(dns.map((d) => d.stop()));
    dns = [];
    await nn.stop();
    rmrf(dir);
  });

  async function put(dn: DataNode, blockId: number, data: Buffer, genStamp = 1): Promise<Block> {
    const w = await writeBlock(dn.address, { blockId, genStamp }, packetsOf(data));
    expect(w.acks.every((a) => a.statuses.join() === '0')).to.equal(true);
    return { blockId, genStamp, numBytes: data.length };
  }

  it('heartbeats every dfs.heartbeat.interval with capacity, dfsUsed (blocks and meta files), remaining and xceivers', async () => {
    const data = bytes(100000, 1);
    await put(dns[0], 1, data);
    const since = nn.heartbeats.length;
    const hb = await waitFor('a heartbeat after the write', () => nn.heartbeats.slice(since).find((h) => h.registration.name === dns[0].address));
    expect(hb.dfsUsed).to.equal(100000 + 7 + Math.ceil(100000 / 512) * 4);
    expect(hb.capacity).to.be.above(hb.remaining);
    expect(hb.remaining).to.be.above(0);
    expect(hb.xceivers).to.equal(0);
    expect(hb.registration).to.deep.include({ name: dns[0].address, namespaceId: nn.namespaceId, storageId: dns[0].id.storageId });
    // 0.1 s heartbeats: about ten a second
    const n0 = nn.heartbeats.filter((h) => h.registration.name === dns[1].address).length;
    await new Promise((r) => setTimeout(r, 500));
    const n1 = nn.heartbeats.filter((h) => h.registration.name === dns[1].address).length;
    expect(n1 - n0).to.be.within(3, 7);
    const status = (await (await fetch(`http://${dns[0].address}/status`)).json()) as Record<string, unknown>;
    expect(status).to.deep.include({ name: dns[0].address, registered: true, blocks: 1, blocksBeingWritten: 0, dfsUsed: hb.dfsUsed, namespaceId: nn.namespaceId });
  });

  it('reports each finished block at once (blockReceivedAndDeleted)', async () => {
    const b = await put(dns[1], 7, bytes(1234, 7), 3);
    expect(nn.received).to.deep.equal([{ datanode: dns[1].address, block: b }]);
  });

  it('carries out a transfer command: streams the replica to the targets as a pipeline, and they report it', async () => {
    const data = bytes(700000, 2);
    const b = await put(dns[0], 2, data, 5);
    nn.commands.set(dns[0].address, [{ type: 'transfer', blocks: [b], targets: [[ids()[1], ids()[2]]] }]);
    await waitFor('both targets to report the copy', () => nn.received.filter((r) => r.block.blockId === 2).length === 3);
    expect(nn.received.filter((r) => r.datanode !== dns[0].address).map((r) => [r.datanode, r.block])).to.have.deep.members([
      [dns[1].address, b],
      [dns[2].address, b],
    ]);
    for (const d of dns.slice(1)) {
      expect(fs.readFileSync(findFile(d.storageDirs[0], 'blk_2')!).equals(data)).to.equal(true);
      expect(fs.readFileSync(findFile(d.storageDirs[0], 'blk_2_5.meta')!).equals(Buffer.concat([encodeMetaHeader(512), computeChecksums(data, 512)]))).to.equal(true);
      expect(path.relative(d.storageDirs[0], findFile(d.storageDirs[0], 'blk_2')!)).to.equal(path.join('current', 'blk_2'));
      expect(dataOf((await readBlock(d.address, { blockId: 2, genStamp: 5 })).packets).equals(data)).to.equal(true);
    }
  });

  it('does not send a corrupt replica on a transfer command, and reports it', async () => {
    const data = bytes(5000, 3);
    const b = await put(dns[0], 3, data);
    const file = findFile(dns[0].storageDirs[0], 'blk_3')!;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([data[4000] ^ 1]), 0, 1, 4000);
    fs.closeSync(fd);
    nn.commands.set(dns[0].address, [{ type: 'transfer', blocks: [b], targets: [[ids()[1]]] }]);
    const bad = await waitFor('reportBadBlocks', () => nn.badBlocks[0]);
    expect(bad).to.deep.equal({ block: b, datanode: dns[0].address });
    await new Promise((r) => setTimeout(r, 200));
    expect(findFile(dns[1].storageDirs[0], 'blk_3')).to.equal(undefined);
  });

  it('fails a transfer whose packet does not match its CRC with ERROR_CHECKSUM and reports the sender', async () => {
    const packets = packetsOf(bytes(3000, 4), { packetSize: 1024 });
    packets[1].data = Buffer.from(packets[1].data);
    packets[1].data[10] ^= 0xff;
    const w = await writeBlock(dns[1].address, { blockId: 4, genStamp: 2, stage: 'transfer', source: '10.0.0.9:50010' }, packets);
    expect(w.acks).to.deep.equal([
      { seqno: 0, statuses: [0] },
      { seqno: 1, statuses: [2] },
    ]);
    const bad = await waitFor('reportBadBlocks', () => nn.badBlocks[0]);
    expect(bad).to.deep.equal({ block: { blockId: 4, genStamp: 2, numBytes: 1024 }, datanode: '10.0.0.9:50010' });
    // a copy is not a replica until complete: nothing was reported received
    expect(nn.received.filter((r) => r.block.blockId === 4)).to.deep.equal([]);
  });

  it('carries out an invalidate command: deletes the files, then reports the block deleted', async () => {
    const b = await put(dns[2], 5, bytes(3000, 5), 2);
    const other = await put(dns[2], 6, bytes(3000, 6), 2);
    nn.commands.set(dns[2].address, [{ type: 'invalidate', blocks: [b, { blockId: 999, genStamp: 1, numBytes: 0 }] }]);
    await waitFor('the deletion report', () => nn.deleted.length > 0);
    expect(nn.deleted).to.deep.equal([{ datanode: dns[2].address, block: b }]);
    expect(findFile(dns[2].storageDirs[0], 'blk_5')).to.equal(undefined);
    expect(findFile(dns[2].storageDirs[0], 'blk_5_2.meta')).to.equal(undefined);
    expect((await fetch(`http://${dns[2].address}/data/blockInfo?blockId=5`)).status).to.equal(404);
    expect(dataOf((await readBlock(dns[2].address, { blockId: 6 })).packets).length).to.equal(other.numBytes);
  });

  it('acks ERROR for a downstream that cannot be reached, and still stores its own replica', async () => {
    const data = bytes(200000, 9);
    const w = await writeBlock(dns[0].address, { blockId: 9, genStamp: 1, targets: ['127.0.0.1:1', dns[1].address] }, packetsOf(data));
    expect(w.acks.length).to.equal(5);
    for (const a of w.acks) expect(a.statuses).to.deep.equal([0, 1]);
    expect(nn.received.filter((r) => r.block.blockId === 9)).to.deep.equal([{ datanode: dns[0].address, block: { blockId: 9, genStamp: 1, numBytes: data.length } }]);
    expect(dataOf((await readBlock(dns[0].address, { blockId: 9 })).packets).equals(data)).to.equal(true);
  });

  it('sends a full block report when told to, and registers again when the NameNode restarts', async () => {
    const b = await put(dns[0], 8, bytes(2000, 8));
    const reports = nn.blockReports.length;
    nn.commands.set(dns[0].address, [{ type: 'blockReport' }]);
    await waitFor('a block report', () => nn.blockReports.length > reports);
    expect(nn.lastReport(dns[0].address)).to.deep.equal([b]);
    // the NameNode goes away; the DataNodes keep trying; a new one on the same port knows nobody
    const port = nn.port;
    await nn.stop();
    await new Promise((r) => setTimeout(r, 400));
    nn = await new FakeNameNode().start(port);
    await waitFor('every DataNode to register again and report', () => dns.every((d) => nn.lastReport(d.address)), 15000);
    expect(nn.registrations.map((r) => r.name).sort()).to.deep.equal(dns.map((d) => d.address).sort());
    expect(nn.lastReport(dns[0].address)).to.deep.equal([b]);
    expect(dns.every((d) => d.bp.registered)).to.equal(true);
  });
});

describe('DataNode registration and block report timing (fake NameNode)', function () {
  this.timeout(30000);
  quietLogs();
  let dir: string;
  let nn: FakeNameNode | undefined;
  let dn: DataNode | undefined;

  beforeEach(() => {
    dir = tempDir('datanode-register-');
  });

  afterEach(async () => {
    await dn?.stop();
    await nn?.stop();
    dn = undefined;
    nn = undefined;
    rmrf(dir);
  });

  it('keeps trying to register until the NameNode comes up', async () => {
    const probe = await new FakeNameNode().start();
    const port = probe.port;
    await probe.stop();
    dn = await inProcessDataNode(dataNodeSettings(port, dir));
    await new Promise((r) => setTimeout(r, 500));
    expect(dn.bp.registered).to.equal(false);
    expect(fs.existsSync(path.join(dir, 'data', 'VERSION'))).to.equal(false);
    nn = await new FakeNameNode().start(port);
    await waitFor('the registration', () => nn!.lastReport(dn!.address), 10000);
    expect(nn.registrations.map((r) => r.namespaceId)).to.deep.equal([0]);
    expect(fs.readFileSync(path.join(dir, 'data', 'VERSION'), 'utf8')).to.contain(`namespaceID=${nn.namespaceId}\n`);
  });

  it('sends a full block report every dfs.blockreport.intervalMsec', async () => {
    nn = await new FakeNameNode().start();
    dn = await inProcessDataNode(dataNodeSettings(nn.port, dir, { 'dfs.blockreport.intervalMsec': '300' }));
    await waitFor('the first report', () => nn!.blockReports.length >= 1);
    const t0 = Date.now();
    await waitFor('three more reports', () => nn!.blockReports.length >= 4, 5000);
    expect(Date.now() - t0).to.be.within(700, 2500);
  });
});
