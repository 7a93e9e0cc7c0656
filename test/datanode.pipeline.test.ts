import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeChecksums, encodeMetaHeader } from '../dfs/protocol/data-transfer';
import { rmrf, tempDir } from './helpers';
import {
  DataNodeProcess,
  FakeNameNode,
  bytes,
  dataNodeSettings,
  dataOf,
  findFile,
  killProcess,
  packetsOf,
  readBlock,
  spawnDataNode,
  waitFor,
  writeBlock,
} from './datanode.fixtures';

describe('DataNode write pipeline: three bin/hadoop datanode processes and a fake NameNode', function () {
  this.timeout(60000);
  let dir: string;
  let nn: FakeNameNode;
  let dns: DataNodeProcess[] = [];
  const data = bytes(3 * 1024 * 1024 + 1234, 7);
  const blockId = 1001;
  const genStamp = 7;

  before(async () => {
    dir = tempDir('datanode-pipeline-');
    nn = await new FakeNameNode().start();
    const settings = (i: number) => dataNodeSettings(nn.port, path.join(dir, `dn${i}`), { 'dfs.socket.timeout': '1500' });
    dns = await Promise.all([0, 1, 2].map((i) => spawnDataNode(settings(i), path.join(dir, `dn${i}.ready`))));
    await waitFor('three block reports', () => dns.every((d) => nn.lastReport(d.address)));
  });

  after(async () => {
    await Promise.all(dns.map((d) => killProcess(d)));
    await nn?.stop();
    rmrf(dir);
  });

  it('registers each DataNode with its bound address and a fresh storage id, and reports an empty block list', () => {
    for (const d of dns) {
      const reg = nn.registrations.find((r) => r.name === d.address)!;
      expect(reg).to.include({ host: '127.0.0.1', port: d.port, namespaceId: 0, rack: '/default-rack' });
      expect(reg.storageId).to.match(/^DS-\d+-/);
      expect(nn.lastReport(d.address)).to.deep.equal([]);
      const version = fs.readFileSync(path.join(d.storageDirs[0], 'VERSION'), 'utf8');
      expect(version).to.contain(`namespaceID=${nn.namespaceId}\n`);
      expect(version).to.contain(`storageID=${reg.storageId}\n`);
    }
  });

  it('acks every packet with three SUCCESS statuses, in order, after all three reported the finished replica', async () => {
    const packets = packetsOf(data);
    let reportedAtLastAck: string[] = [];
    const res = await writeBlock(dns[0].address, { blockId, genStamp, targets: [dns[1].address, dns[2].address] }, packets, {
      onAck: (a) => {
        if (a.seqno === packets.length - 1) reportedAtLastAck = nn.received.filter((r) => r.block.blockId === blockId).map((r) => r.datanode);
      },
    });
    expect(res.status).to.equal(200);
    expect(res.broken).to.equal(undefined);
    expect(res.acks.map((a) => a.seqno)).to.deep.equal(packets.map((p) => p.seqno));
    for (const a of res.acks) expect(a.statuses).to.deep.equal([0, 0, 0]);
    expect(reportedAtLastAck.sort()).to.deep.equal(dns.map((d) => d.address).sort());
    for (const r of nn.received.filter((x) => x.block.blockId === blockId)) {
      expect(r.block).to.deep.equal({ blockId, genStamp, numBytes: data.length });
    }
  });

  it('stores blk_<id> and blk_<id>_<gs>.meta (7-byte header, one CRC per 512 bytes) under current/ on each DataNode', () => {
    for (const d of dns) {
      const current = path.join(d.storageDirs[0], 'current');
      const blockFile = findFile(current, `blk_${blockId}`)!;
      const metaFile = findFile(current, `blk_${blockId}_${genStamp}.meta`)!;
      expect(path.dirname(blockFile)).to.equal(current);
      expect(path.dirname(metaFile)).to.equal(current);
      expect(fs.readFileSync(blockFile).equals(data)).to.equal(true);
      const meta = fs.readFileSync(metaFile);
      expect(meta.subarray(0, 7).equals(encodeMetaHeader(512))).to.equal(true);
      expect(meta.length).to.equal(7 + Math.ceil(data.length / 512) * 4);
      expect(meta.subarray(7).equals(computeChecksums(data, 512))).to.equal(true);
      expect(fs.readdirSync(path.join(d.storageDirs[0], 'blocksBeingWritten'))).to.deep.equal([]);
    }
  });

  it('reads the block back from each DataNode byte for byte, ending with an empty last packet', async () => {
    for (const d of dns) {
      const r = await readBlock(d.address, { blockId, genStamp, offset: 0, length: data.length });
      expect(r.status).to.equal(200);
      expect(r.broken).to.equal(undefined);
      expect(dataOf(r.packets).equals(data)).to.equal(true);
      const last = r.packets[r.packets.length - 1];
      expect(last).to.deep.include({ last: true, offsetInBlock: data.length });
      expect(last.data.length).to.equal(0);
      expect(r.packets.map((p) => p.seqno)).to.deep.equal(r.packets.map((_p, i) => i));
    }
  });

  it('starts a read at the chunk boundary at or before the offset and ends at the chunk holding the last byte', async () => {
    const r = await readBlock(dns[1].address, { blockId, genStamp, offset: 1000, length: 3000 });
    expect(r.packets[0].offsetInBlock).to.equal(512);
    expect(dataOf(r.packets).equals(data.subarray(512, 4096))).to.equal(true);
    expect(r.packets[r.packets.length - 1]).to.deep.include({ last: true, offsetInBlock: 4096 });
    const tail = await readBlock(dns[1].address, { blockId, genStamp, offset: data.length - 10, length: 100 });
    const lastChunk = data.length - (data.length % 512);
    expect(tail.packets[0].offsetInBlock).to.equal(lastChunk);
    expect(dataOf(tail.packets).equals(data.subarray(lastChunk))).to.equal(true);
    const empty = await readBlock(dns[1].address, { blockId, genStamp, offset: data.length, length: 0 });
    expect(empty.packets.map((p) => [p.offsetInBlock, p.last])).to.deep.equal([[data.length, true]]);
  });

  it('answers blockInfo with the replica and 404 for a block it does not have', async () => {
    const info = (await (await fetch(`http://${dns[2].address}/data/blockInfo?blockId=${blockId}`)).json()) as unknown;
    expect(info).to.deep.equal({ block: { blockId, genStamp, numBytes: data.length }, finalized: true });
    const missing = await fetch(`http://${dns[2].address}/data/blockInfo?blockId=999999`);
    expect(missing.status).to.equal(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).to.equal('DFS_REPLICA_NOT_FOUND');
  });

  it('fails a read of a corrupted replica with a checksum error and reports the replica to the NameNode', async () => {
    const file = findFile(dns[2].storageDirs[0], `blk_${blockId}`)!;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([data[2 * 1024 * 1024 + 5] ^ 0xff]), 0, 1, 2 * 1024 * 1024 + 5);
    fs.closeSync(fd);
    // past the first batch the stream is cut: everything before the bad chunk arrived verified
    const cut = await readBlock(dns[2].address, { blockId, genStamp, offset: 0, length: data.length });
    expect(cut.status).to.equal(200);
    expect(cut.broken).to.be.a('string');
    expect(dataOf(cut.packets).equals(data.subarray(0, dataOf(cut.packets).length))).to.equal(true);
    expect(dataOf(cut.packets).length).to.be.at.most(2 * 1024 * 1024);
    const report = await waitFor('reportBadBlocks', () => nn.badBlocks.find((b) => b.datanode === dns[2].address));
    expect(report.block).to.deep.equal({ blockId, genStamp, numBytes: data.length });
    // in the first batch it is a JSON error before any packet
    const fd2 = fs.openSync(file, 'r+');
    fs.writeSync(fd2, Buffer.from([data[100] ^ 0xff]), 0, 1, 100);
    fs.closeSync(fd2);
    const refused = await readBlock(dns[2].address, { blockId, genStamp, offset: 0, length: 1000 });
    expect(refused.status).to.equal(400);
    expect(refused.error!.code).to.equal('DFS_CHECKSUM_ERROR');
    expect(refused.error!.message).to.equal(`Checksum error in blk_${blockId}_${genStamp} at offset 0 on ${dns[2].address}`);
    await waitFor('a second reportBadBlocks', () => nn.badBlocks.filter((b) => b.datanode === dns[2].address).length === 2);
    // the other replicas are fine
    expect(dataOf((await readBlock(dns[0].address, { blockId, genStamp })).packets).equals(data)).to.equal(true);
  });

  it('refuses a packet whose data does not match its checksums: ERROR_CHECKSUM for it, nothing after, no replica reported', async () => {
    const corruptId = 1009;
    const packets = packetsOf(bytes(5 * 64 * 1024, 11));
    // packet 2 arrives with a flipped byte in its 3rd chunk and the checksums of the right data
    const bad = Buffer.from(packets[2].data);
    bad[2 * 512 + 17] ^= 0x40;
    packets[2] = { ...packets[2], data: bad };
    const res = await writeBlock(dns[0].address, { blockId: corruptId, genStamp, targets: [dns[1].address, dns[2].address] }, packets);
    expect(res.status).to.equal(200);
    expect(res.acks.slice(0, 2)).to.deep.equal([0, 1].map((seqno) => ({ seqno, statuses: [0, 0, 0] })));
    expect(res.acks.slice(2)).to.have.length(1);
    expect(res.acks[2].seqno).to.equal(2);
    expect(res.acks[2].statuses[0]).to.equal(2);
    // the first DataNode checked it: it kept the two good packets as a replica being written
    const info = (await (await fetch(`http://${dns[0].address}/data/blockInfo?blockId=${corruptId}`)).json()) as { finalized: boolean; block: { numBytes: number } };
    expect([info.finalized, info.block.numBytes]).to.deep.equal([false, 2 * 64 * 1024]);
    expect(nn.received.filter((x) => x.block.blockId === corruptId)).to.deep.equal([]);
  });

  it('answers ERROR for a last DataNode that stalls (SIGSTOP) once the DataNode before it times out, and the others finish the block', async () => {
    const id = 1003;
    const packets = packetsOf(bytes(32 * 1024 * 1024, 3));
    let stopped = false;
    const t0 = Date.now();
    try {
      const res = await writeBlock(dns[0].address, { blockId: id, genStamp: 1, targets: [dns[1].address, dns[2].address] }, packets, {
        window: 80,
        onAck: (a) => {
          if (a.seqno === 5 && !stopped) {
            stopped = true;
            dns[2].child.kill('SIGSTOP');
          }
        },
      });
      expect(Date.now() - t0).to.be.below(20000);
      const firstError = res.acks.find((a) => a.statuses.join() !== '0,0,0')!;
      expect(firstError.statuses).to.deep.equal([0, 0, 1]);
      expect(res.acks[res.acks.length - 1]).to.deep.equal({ seqno: packets.length - 1, statuses: [0, 0, 1] });
      const done = nn.received.filter((r) => r.block.blockId === id).map((r) => r.datanode);
      expect(done.sort()).to.deep.equal([dns[0].address, dns[1].address].sort());
    } finally {
      dns[2].child.kill('SIGCONT');
    }
  });

  it('answers ERROR for the downstream when the middle DataNode is SIGKILLed during a write, without hanging', async () => {
    const id = 1002;
    const big = bytes(4 * 1024 * 1024, 9);
    const packets = packetsOf(big);
    let killed = false;
    const t0 = Date.now();
    const res = await writeBlock(dns[0].address, { blockId: id, genStamp: 1, targets: [dns[1].address, dns[2].address] }, packets, {
      window: 4,
      onAck: (a) => {
        if (a.seqno === 10 && !killed) {
          killed = true;
          dns[1].child.kill('SIGKILL');
        }
      },
    });
    expect(Date.now() - t0).to.be.below(15000);
    expect(killed).to.equal(true);
    expect(res.acks.slice(0, 11).every((a) => a.statuses.join() === '0,0,0')).to.equal(true);
    const firstError = res.acks.find((a) => a.statuses.join() !== '0,0,0')!;
    expect(firstError.statuses).to.deep.equal([0, 1]);
    // the first DataNode kept writing, the third keeps what it had as a replica being written
    const info0 = (await (await fetch(`http://${dns[0].address}/data/blockInfo?blockId=${id}`)).json()) as { block: { numBytes: number } };
    expect(info0.block.numBytes).to.equal(big.length);
    const info2 = (await (await fetch(`http://${dns[2].address}/data/blockInfo?blockId=${id}`)).json()) as { finalized: boolean; block: { numBytes: number } };
    expect(info2.finalized).to.equal(false);
    expect(info2.block.numBytes % 65536).to.equal(0);
    expect(info2.block.numBytes).to.be.at.least(11 * 65536);
  });
});
