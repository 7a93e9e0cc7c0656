import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataNode } from '../dfs/datanode/datanode';
import { computeChecksums, encodePacket } from '../dfs/protocol/data-transfer';
import { rmrf, tempDir } from './helpers';
import { FakeNameNode, bytes, dataNodeSettings, dataOf, inProcessDataNode, packetsOf, quietLogs, readBlock, writeBlock } from './datanode.fixtures';

describe('DataNode against hostile requests: 4xx JSON or a closed stream, and it keeps serving', function () {
  this.timeout(30000);
  quietLogs();
  let dir: string;
  let nn: FakeNameNode;
  let dn: DataNode;
  const data = bytes(5000, 1);

  before(async () => {
    dir = tempDir('datanode-hostile-');
    nn = await new FakeNameNode().start();
    dn = await inProcessDataNode(dataNodeSettings(nn.port, dir, { 'dfs.socket.timeout': '1000' }));
    await writeBlock(dn.address, { blockId: 1, genStamp: 1 }, packetsOf(data));
  });

  after(async () => {
    await dn?.stop();
    await nn?.stop();
    rmrf(dir);
  });

  afterEach(async () => {
    // whatever came before, the DataNode still reads and writes
    expect(dataOf((await readBlock(dn.address, { blockId: 1, genStamp: 1 })).packets).equals(data)).to.equal(true);
  });

  async function get(p: string): Promise<{ status: number; error: { code: string; message: string } }> {
    const res = await fetch(`http://${dn.address}${p}`);
    return { status: res.status, error: ((await res.json()) as { error: { code: string; message: string } }).error };
  }

  it('refuses block ids that are not positive integers, on every endpoint', async () => {
    for (const id of ['../../etc/passwd', '0', '-5', '1e3', '0x10', '1.5', '9007199254740993', '', '%00']) {
      const q = encodeURIComponent(id);
      for (const p of [`/data/readBlock?blockId=${q}&genStamp=1`, `/data/blockInfo?blockId=${q}`]) {
        const r = await get(p);
        expect(r.status, p).to.equal(400);
        expect(r.error.code).to.equal('RPC_BAD_REQUEST');
        expect(r.error.message).to.match(/^Invalid block id '.*': block ids are positive integers$/);
      }
      const w = await writeBlock(dn.address, { blockId: id, genStamp: 1 }, packetsOf(data));
      expect(w.status).to.equal(400);
      expect(w.error!.message).to.match(/^Invalid block id/);
    }
    const twice = await get('/data/blockInfo?blockId=1&blockId=2');
    expect(twice.error.message).to.equal("Parameter 'blockId' must be given once");
  });

  it('refuses negative, non-numeric and out-of-range offsets and lengths', async () => {
    expect((await get('/data/readBlock?blockId=1&offset=-1')).error.message).to.equal("Parameter 'offset' must be an integer of at least 0, not '-1'");
    expect((await get('/data/readBlock?blockId=1&length=abc')).error.message).to.equal("Parameter 'length' must be an integer of at least 0, not 'abc'");
    expect((await get('/data/readBlock?blockId=1&offset=5001')).error).to.deep.equal({
      code: 'DFS_BAD_OFFSET',
      message: 'Offset 5001 is past the end of blk_1_1 (5000 bytes)',
    });
    const huge = await readBlock(dn.address, { blockId: 1, offset: 4999, length: '9007199254740991' as unknown as number });
    expect(dataOf(huge.packets).equals(data.subarray(4608))).to.equal(true);
    const w = await writeBlock(dn.address, { blockId: 2, genStamp: 1, offset: -1 }, []);
    expect([w.status, w.error!.message]).to.deep.equal([400, "Parameter 'offset' must be an integer of at least 0, not '-1'"]);
    const late = await writeBlock(dn.address, { blockId: 2, genStamp: 1, offset: 10 }, []);
    expect([late.status, late.error!.message]).to.deep.equal([400, 'A create of blk_2_1 starts at offset 0, not 10']);
  });

  it('refuses bad stages, targets and sources, and JSON bodies', async () => {
    const stage = await writeBlock(dn.address, { blockId: 3, genStamp: 1, stage: 'format' }, []);
    expect(stage.error!.message).to.equal("Invalid stage 'format': one of create, append, recovery, transfer");
    const target = await writeBlock(dn.address, { blockId: 3, genStamp: 1, targets: ['evil/../x:1'] }, []);
    expect(target.error!.message).to.equal("Invalid target 'evil/../x:1': expected host:port");
    const port = await writeBlock(dn.address, { blockId: 3, genStamp: 1, targets: ['127.0.0.1:70000'] }, []);
    expect(port.status).to.equal(400);
    const many = await writeBlock(dn.address, { blockId: 3, genStamp: 1, targets: new Array(40).fill('127.0.0.1:9') }, []);
    expect(many.error!.message).to.equal('Too many targets: 40 (at most 32)');
    const source = await writeBlock(dn.address, { blockId: 3, genStamp: 1, stage: 'transfer', source: 'x' }, []);
    expect(source.error!.message).to.equal("Invalid source 'x': expected host:port");
    const json = await writeBlock(dn.address, { blockId: 3, genStamp: 1 }, [Buffer.from('{"a":1}')], { contentType: 'application/json' });
    expect(json.status).to.equal(400);
    const exists = await writeBlock(dn.address, { blockId: 1, genStamp: 1 }, packetsOf(data));
    expect(exists.error).to.deep.equal({ code: 'DFS_REPLICA_EXISTS', message: 'Block blk_1_1 is valid, and cannot be written to.' });
  });

  it('answers a garbage body or an impossible frame length with one ERROR ack and closes the stream', async () => {
    const garbage = await writeBlock(dn.address, { blockId: 4, genStamp: 1 }, [Buffer.from('hello, this is not a packet stream at all')]);
    expect(garbage.status).to.equal(200);
    expect(garbage.acks).to.deep.equal([{ seqno: 0, statuses: [1] }]);
    const head = Buffer.alloc(25);
    head.writeInt32BE(0x7fffffff, 0);
    const huge = await writeBlock(dn.address, { blockId: 5, genStamp: 1 }, [head], { endRequest: false });
    expect(huge.acks).to.deep.equal([{ seqno: 0, statuses: [1] }]);
  });

  it('answers a packet whose data length disagrees with its frame, a gap, a repeated seqno or a truncated packet with an ERROR ack for it', async () => {
    const p0 = packetsOf(bytes(1000, 2))[0];
    const lying = encodePacket(p0);
    lying.writeInt32BE(900, 21);
    expect((await writeBlock(dn.address, { blockId: 6, genStamp: 1 }, [lying])).acks).to.deep.equal([{ seqno: 0, statuses: [1] }]);
    const gap = { offsetInBlock: 2000, seqno: 1, last: false, checksums: computeChecksums(Buffer.alloc(10), 512), data: Buffer.alloc(10) };
    expect((await writeBlock(dn.address, { blockId: 7, genStamp: 1 }, [p0, gap])).acks).to.deep.equal([
      { seqno: 0, statuses: [0] },
      { seqno: 1, statuses: [1] },
    ]);
    const again = { ...gap, offsetInBlock: 1000, seqno: 0 };
    expect((await writeBlock(dn.address, { blockId: 8, genStamp: 1 }, [p0, again])).acks).to.deep.equal([
      { seqno: 0, statuses: [0] },
      { seqno: 1, statuses: [1] },
    ]);
    const cut = encodePacket(p0).subarray(0, 600);
    expect((await writeBlock(dn.address, { blockId: 9, genStamp: 1 }, [cut])).acks).to.deep.equal([{ seqno: 0, statuses: [1] }]);
    // nothing of these became a finalized replica or reached the NameNode
    expect(nn.received.map((r) => r.block.blockId)).to.deep.equal([1]);
  });

  it('drops a writer that goes silent for dfs.socket.timeout, keeping what it sent as a replica being written', async () => {
    const t0 = Date.now();
    const stalled = await writeBlock(dn.address, { blockId: 10, genStamp: 1 }, packetsOf(bytes(1024, 10)).slice(0, 1), { endRequest: false });
    expect(Date.now() - t0).to.be.within(900, 5000);
    expect(stalled.acks).to.deep.equal([{ seqno: 0, statuses: [0] }]);
    const info = (await (await fetch(`http://${dn.address}/data/blockInfo?blockId=10`)).json()) as unknown;
    expect(info).to.deep.equal({ block: { blockId: 10, genStamp: 1, numBytes: 1024 }, finalized: false });
    let xceivers = -1;
    for (let i = 0; i < 50 && xceivers !== 0; i++) {
      xceivers = ((await (await fetch(`http://${dn.address}/status`)).json()) as { xceivers: number }).xceivers;
      if (xceivers !== 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(xceivers).to.equal(0);
  });

  it('answers unknown routes and malformed JSON with 4xx JSON, and never writes outside its data dir', async () => {
    expect((await get('/data/../../etc/passwd')).status).to.equal(404);
    expect((await get('/rpc/shutdown')).status).to.equal(404);
    const bad = await fetch(`http://${dn.address}/rpc/updateReplica`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2' });
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('RPC_BAD_REQUEST');
    const names = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? names(path.join(d, e.name)).map((n) => `${e.name}/${n}`) : [e.name]));
    const files = names(path.join(dir, 'data')).filter((n) => !n.startsWith('blocksBeingWritten/'));
    expect(files.sort()).to.deep.equal(['VERSION', 'current/blk_1', 'current/blk_1_1.meta', 'in_use.lock']);
  });
});
