import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataNode } from '../dfs/datanode/datanode';
import { computeChecksums, encodeMetaHeader } from '../dfs/protocol/data-transfer';
import { rmrf, tempDir } from './helpers';
import {
  FakeNameNode,
  bytes,
  dataNodeSettings,
  dataOf,
  findFile,
  inProcessDataNode,
  killProcess,
  quietLogs,
  packetsOf,
  readBlock,
  spawnDataNode,
  waitFor,
  writeBlock,
} from './datanode.fixtures';

async function post(address: string, p: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://${address}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

function metaOf(dn: DataNode, blockId: number, genStamp: number): Buffer {
  return fs.readFileSync(findFile(dn.storageDirs[0], `blk_${blockId}_${genStamp}.meta`)!);
}

describe('DataNode storage: layout, VERSION, restart and replica recovery', function () {
  this.timeout(30000);
  quietLogs();
  let dir: string;
  let nn: FakeNameNode;
  let dn: DataNode | undefined;

  beforeEach(async () => {
    dir = tempDir('datanode-storage-');
    nn = await new FakeNameNode().start();
  });

  afterEach(async () => {
    await dn?.stop();
    dn = undefined;
    await nn.stop();
    rmrf(dir);
  });

  it('refuses to join a NameNode of another namespace with one line naming the dir and both ids (bin/hadoop datanode exits 1)', async () => {
    const data = path.join(dir, 'dn', 'data');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'VERSION'), 'namespaceID=111\nstorageID=DS-1-127.0.0.1-50010-1\ncTime=0\nstorageType=DATA_NODE\nlayoutVersion=-32\n');
    const p = await spawnDataNode(dataNodeSettings(nn.port, path.join(dir, 'dn')), path.join(dir, 'ready'));
    try {
      const code = await p.exited;
      expect(code).to.equal(1);
      expect(p.stderr()).to.equal(`hadoop datanode: Incompatible namespaceIDs in ${data}: namenode namespaceID = ${nn.namespaceId}; datanode namespaceID = 111\n`);
      expect(nn.registrations).to.deep.equal([]);
      expect(fs.readFileSync(path.join(data, 'VERSION'), 'utf8')).to.contain('namespaceID=111\n');
    } finally {
      await killProcess(p);
    }
  });

  it('stops cleanly on SIGTERM: exit 0, storage unlocked, the log file tells the story', async () => {
    const p = await spawnDataNode(dataNodeSettings(nn.port, path.join(dir, 'dn')), path.join(dir, 'ready'));
    try {
      await waitFor('registration', () => nn.lastReport(p.address));
      expect(fs.existsSync(path.join(p.storageDirs[0], 'in_use.lock'))).to.equal(true);
      p.child.kill('SIGTERM');
      expect(await p.exited).to.equal(0);
      expect(fs.existsSync(path.join(p.storageDirs[0], 'in_use.lock'))).to.equal(false);
      const log = fs.readFileSync(path.join(dir, 'dn', 'datanode.log'), 'utf8');
      expect(log).to.match(/INFO datanode\.DataNode: STARTUP_MSG: Starting DataNode/);
      expect(log).to.contain(`Registered with the NameNode at 127.0.0.1:${nn.port} as ${p.address}`);
      expect(log).to.contain(`SHUTDOWN_MSG: Shutting down DataNode ${p.address}`);
      expect(p.stderr()).to.equal('');
    } finally {
      await killProcess(p);
    }
  });

  it('refuses a second DataNode on locked storage', async () => {
    const settings = dataNodeSettings(nn.port, dir);
    dn = await inProcessDataNode(settings);
    let err: Error | undefined;
    await inProcessDataNode(settings).catch((e: Error) => (err = e));
    expect(err?.message).to.equal(`Cannot lock storage ${path.join(dir, 'data')}. The directory is already locked by process ${process.pid}.`);
  });

  it('keeps finalized blocks and blocks being written across a restart; the block report lists the finalized ones', async () => {
    const settings = dataNodeSettings(nn.port, dir);
    dn = await inProcessDataNode(settings);
    await waitFor('registration', () => nn.lastReport(dn!.address));
    const a = bytes(100000, 1);
    expect((await writeBlock(dn.address, { blockId: 11, genStamp: 5 }, packetsOf(a, { packetSize: 8192 }))).acks.length).to.equal(14);
    // the writer goes away after three packets: the replica stays being written
    const b = bytes(3 * 8192, 2);
    const unfinished = packetsOf(b, { packetSize: 8192 }).slice(0, 3);
    const r = await writeBlock(dn.address, { blockId: 12, genStamp: 5 }, unfinished);
    expect(r.acks.map((x) => x.statuses)).to.deep.equal([[0], [0], [0]]);
    await dn.stop();
    // bytes past the last checksum (a crash between the two writes) are dropped at restart
    const rbw = path.join(dir, 'data', 'blocksBeingWritten');
    fs.appendFileSync(path.join(rbw, 'blk_12'), Buffer.alloc(700, 1));
    const before = nn.blockReports.length;
    dn = await inProcessDataNode(settings);
    const report = await waitFor('a block report after the restart', () => nn.blockReports.length > before && nn.lastReport(dn!.address));
    expect(report).to.deep.equal([{ blockId: 11, genStamp: 5, numBytes: 100000 }]);
    const info = (await (await fetch(`http://${dn.address}/data/blockInfo?blockId=12`)).json()) as unknown;
    expect(info).to.deep.equal({ block: { blockId: 12, genStamp: 5, numBytes: b.length }, finalized: false });
    expect(fs.statSync(path.join(rbw, 'blk_12')).size).to.equal(b.length);
    expect(dataOf((await readBlock(dn.address, { blockId: 11, genStamp: 5 })).packets).equals(a)).to.equal(true);
    expect(dataOf((await readBlock(dn.address, { blockId: 12, genStamp: 5 })).packets).equals(b)).to.equal(true);
  });

  it('puts at most dfs.datanode.numblocks blocks in a directory, then nests subdir<N>, and finds them again at restart', async () => {
    const settings = dataNodeSettings(nn.port, dir, { 'dfs.datanode.numblocks': '2' });
    dn = await inProcessDataNode(settings);
    for (let id = 1; id <= 5; id++) await writeBlock(dn.address, { blockId: id, genStamp: 1 }, packetsOf(bytes(600, id)));
    const current = path.join(dir, 'data', 'current');
    const names = (d: string) => fs.readdirSync(d).filter((n) => /^blk_\d+$/.test(n)).sort();
    expect(names(current)).to.deep.equal(['blk_1', 'blk_2']);
    expect(names(path.join(current, 'subdir0'))).to.deep.equal(['blk_3', 'blk_4']);
    expect(names(path.join(current, 'subdir1'))).to.deep.equal(['blk_5']);
    await dn.stop();
    const before = nn.blockReports.length;
    dn = await inProcessDataNode(settings);
    const report = await waitFor('a block report', () => nn.blockReports.length > before && nn.lastReport(dn!.address));
    expect(report.map((b) => b.blockId).sort()).to.deep.equal([1, 2, 3, 4, 5]);
    await writeBlock(dn.address, { blockId: 6, genStamp: 1 }, packetsOf(bytes(600, 6)));
    expect(names(path.join(current, 'subdir1'))).to.deep.equal(['blk_5', 'blk_6']);
    expect(dataOf((await readBlock(dn.address, { blockId: 4 })).packets).equals(bytes(600, 4))).to.equal(true);
  });

  it('spreads new blocks round robin over the data dirs, skips a dir it cannot use, and refuses a block when none has room', async () => {
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const dirs = [path.join(dir, 'd1'), path.join(dir, 'a-file', 'd2'), path.join(dir, 'd3')];
    dn = await inProcessDataNode({ ...dataNodeSettings(nn.port, dir), 'dfs.data.dir': dirs.join(',') });
    expect(dn.storageDirs).to.deep.equal([dirs[0], dirs[2]]);
    for (let id = 1; id <= 3; id++) await writeBlock(dn.address, { blockId: id, genStamp: 1 }, packetsOf(bytes(100, id)));
    expect(fs.readdirSync(path.join(dirs[0], 'current')).sort()).to.deep.equal(['blk_1', 'blk_1_1.meta', 'blk_3', 'blk_3_1.meta']);
    expect(fs.readdirSync(path.join(dirs[2], 'current')).sort()).to.deep.equal(['blk_2', 'blk_2_1.meta']);
    await dn.stop();
    dn = await inProcessDataNode({ ...dataNodeSettings(nn.port, dir), 'dfs.data.dir': dirs.join(','), 'dfs.datanode.du.reserved': String(2 ** 52) });
    const full = await writeBlock(dn.address, { blockId: 4, genStamp: 1 }, packetsOf(bytes(100, 4)));
    expect(full.error).to.deep.equal({
      code: 'DFS_DISK_OUT_OF_SPACE',
      message: `Insufficient space for an additional block: no data dir of ${dirs[0]},${dirs[2]} has 67108864 bytes free`,
    });
  });

  it('updateReplica truncates, re-checksums the partial last chunk, re-stamps and finalizes; a recovery write continues from there', async () => {
    dn = await inProcessDataNode(dataNodeSettings(nn.port, dir));
    await waitFor('registration', () => nn.lastReport(dn!.address));
    const data = bytes(2200, 3);
    // 1000 bytes written, no last packet
    await writeBlock(dn.address, { blockId: 21, genStamp: 1 }, packetsOf(data.subarray(0, 1000)).slice(0, -1));
    const res = await post(dn.address, '/rpc/updateReplica', { block: { blockId: 21, genStamp: 1, numBytes: 1000 }, newGenStamp: 2, newLength: 700 });
    expect(res).to.deep.equal({ status: 200, body: { block: { blockId: 21, genStamp: 2, numBytes: 700 } } });
    const current = path.join(dir, 'data', 'current');
    expect(fs.readFileSync(path.join(current, 'blk_21')).equals(data.subarray(0, 700))).to.equal(true);
    expect(fs.readFileSync(path.join(current, 'blk_21_2.meta')).equals(Buffer.concat([encodeMetaHeader(512), computeChecksums(data.subarray(0, 700), 512)]))).to.equal(true);
    expect(fs.readdirSync(path.join(dir, 'data', 'blocksBeingWritten'))).to.deep.equal([]);
    await waitFor('the re-stamped replica reported', () => nn.received.find((r) => r.block.blockId === 21 && r.block.genStamp === 2));
    // the same call again changes nothing
    expect(await post(dn.address, '/rpc/updateReplica', { block: { blockId: 21, genStamp: 1, numBytes: 1000 }, newGenStamp: 2, newLength: 700 })).to.deep.equal(res);
    // a pipeline recovery resumes mid-chunk: the client's packet chunks start at 700
    const w = await writeBlock(dn.address, { blockId: 21, genStamp: 3, offset: 700, stage: 'recovery' }, packetsOf(data.subarray(700), { offset: 700 }));
    expect(w.acks.map((a) => a.statuses)).to.deep.equal([[0], [0]]);
    expect(fs.readFileSync(path.join(current, 'blk_21')).equals(data)).to.equal(true);
    expect(metaOf(dn, 21, 3).equals(Buffer.concat([encodeMetaHeader(512), computeChecksums(data, 512)]))).to.equal(true);
    expect(fs.existsSync(path.join(current, 'blk_21_2.meta'))).to.equal(false);
    expect(dataOf((await readBlock(dn.address, { blockId: 21, genStamp: 3, offset: 0, length: 2200 })).packets).equals(data)).to.equal(true);
  });

  it('refuses updateReplica beyond the replica, to an older stamp, of an unknown block, or malformed', async () => {
    dn = await inProcessDataNode(dataNodeSettings(nn.port, dir));
    await writeBlock(dn.address, { blockId: 31, genStamp: 4 }, packetsOf(bytes(1000, 4)));
    const longer = await post(dn.address, '/rpc/updateReplica', { block: { blockId: 31, genStamp: 4, numBytes: 1000 }, newGenStamp: 5, newLength: 1001 });
    expect(longer.status).to.equal(400);
    expect(longer.body.error).to.deep.equal({ code: 'DFS_BAD_LENGTH', message: 'Cannot update blk_31_4 to blk_31_5 (1001 bytes): the replica has only 1000 bytes' });
    const older = await post(dn.address, '/rpc/updateReplica', { block: { blockId: 31, genStamp: 4, numBytes: 1000 }, newGenStamp: 3, newLength: 10 });
    expect(older.status).to.equal(400);
    expect(older.body.error.code).to.equal('RPC_BAD_REQUEST');
    const unknown = await post(dn.address, '/rpc/updateReplica', { block: { blockId: 32, genStamp: 4, numBytes: 1000 }, newGenStamp: 5, newLength: 10 });
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('DFS_REPLICA_NOT_FOUND');
    const evil = await post(dn.address, '/rpc/updateReplica', { block: { blockId: '../../etc/passwd', genStamp: 4 }, newGenStamp: 5, newLength: 10 });
    expect(evil.status).to.equal(400);
    const negative = await post(dn.address, '/rpc/updateReplica', { block: { blockId: 31, genStamp: 4 }, newGenStamp: 5, newLength: -1 });
    expect(negative.body.error).to.deep.equal({ code: 'RPC_BAD_REQUEST', message: "Field 'newLength' must be an integer of at least 0" });
    const garbage = await fetch(`http://${dn.address}/rpc/updateReplica`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"block":' });
    expect(garbage.status).to.equal(400);
    expect(fs.readFileSync(path.join(dir, 'data', 'current', 'blk_31')).equals(bytes(1000, 4))).to.equal(true);
  });

  it('appends to a finalized replica from its length, continuing the partial chunk, and refuses another offset', async () => {
    dn = await inProcessDataNode(dataNodeSettings(nn.port, dir));
    const data = bytes(5000, 5);
    await writeBlock(dn.address, { blockId: 41, genStamp: 1 }, packetsOf(data.subarray(0, 1000)));
    const wrong = await writeBlock(dn.address, { blockId: 41, genStamp: 2, offset: 512, stage: 'append' }, packetsOf(data.subarray(512), { offset: 512 }));
    expect(wrong.status).to.equal(400);
    expect(wrong.error).to.deep.equal({ code: 'DFS_BAD_OFFSET', message: 'Cannot append blk_41_2 from offset 512: the replica has 1000 bytes' });
    const w = await writeBlock(dn.address, { blockId: 41, genStamp: 2, offset: 1000, stage: 'append' }, packetsOf(data.subarray(1000), { offset: 1000, packetSize: 1500 }));
    expect(w.acks.map((a) => a.statuses)).to.deep.equal([[0], [0], [0], [0]]);
    expect(metaOf(dn, 41, 2).equals(Buffer.concat([encodeMetaHeader(512), computeChecksums(data, 512)]))).to.equal(true);
    expect(fs.readFileSync(path.join(dir, 'data', 'current', 'blk_41')).equals(data)).to.equal(true);
    expect(nn.received.filter((r) => r.block.blockId === 41).map((r) => r.block)).to.deep.equal([
      { blockId: 41, genStamp: 1, numBytes: 1000 },
      { blockId: 41, genStamp: 2, numBytes: 5000 },
    ]);
  });
});
