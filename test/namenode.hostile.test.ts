import axios from 'axios';
import { expect } from 'chai';
import { NameNodeHarness, quietLogs } from './namenode.fixtures';

describe('NameNode under hostile requests', function () {
  this.timeout(20000);
  let h: NameNodeHarness;

  before(async function () {
    quietLogs.before();
    h = await NameNodeHarness.start();
    await h.touch('/f');
  });

  after(async function () {
    await h.stop();
    quietLogs.after();
  });

  async function post(method: string, body: unknown, raw = false): Promise<{ status: number; code: string; message: string }> {
    const res = await axios.post(`http://${h.address}/rpc/${method}`, raw ? (body as string) : JSON.stringify(body), {
      headers: { 'Content-Type': 'application/json' },
      validateStatus: () => true,
      transformResponse: (d) => d,
    });
    const parsed = JSON.parse(res.data as string) as { error?: { code: string; message: string } };
    return { status: res.status, code: parsed.error?.code ?? '', message: parsed.error?.message ?? '' };
  }

  const reg = { storageId: 'DS-x', host: '127.0.0.1', port: 50010, name: '127.0.0.1:50010', rack: '/default-rack', namespaceId: 0 };
  const evil = { blockId: '../../etc/passwd', genStamp: 1000, numBytes: 1 };

  const cases: Array<[string, string, unknown, string]> = [
    ['malformed JSON', 'mkdirs', '{"path": "/x", ', 'Malformed JSON body'],
    ['a JSON array body', 'mkdirs', [1, 2], "Missing field 'path'"],
    ['a missing field', 'mkdirs', { path: '/x' }, "Missing field 'permission'"],
    ['a path of the wrong type', 'getFileInfo', { path: 123 }, "Field 'path' must be a string"],
    ['a permission out of range', 'setPermission', { path: '/f', permission: 0o17777 }, "Field 'permission' must be an integer in [0, 4095], got 8191"],
    ['a block id that is a path', 'abandonBlock', { path: '/f', clientName: 'c', block: evil }, "Field 'block.blockId' must be a positive integer, got \"../../etc/passwd\""],
    ['a block id past 2^53', 'abandonBlock', { path: '/f', clientName: 'c', block: { blockId: 2 ** 60, genStamp: 1, numBytes: 1 } }, "Field 'block.blockId' must be a positive integer, got 1152921504606847000"],
    ['a negative block length', 'complete', { path: '/f', clientName: 'c', last: { blockId: 1, genStamp: 1000, numBytes: -1 } }, "Field 'last.numBytes' must be a non-negative integer"],
    ['a fractional stamp', 'addBlock', { path: '/f', clientName: 'c', previous: { blockId: 1, genStamp: 1.5, numBytes: 0 }, excludeNodes: [] }, "Field 'previous.genStamp' must be a non-negative integer"],
    ['a negative offset', 'getBlockLocations', { path: '/f', offset: -1, length: 5 }, "Field 'offset' must be an integer in [0, 9007199254740991], got -1"],
    ['a negative length', 'getBlockLocations', { path: '/f', offset: 0, length: -5 }, "Field 'length' must be an integer in [0, 9007199254740991], got -5"],
    ['excludeNodes not a list', 'addBlock', { path: '/f', clientName: 'c', previous: null, excludeNodes: 'all' }, "Field 'excludeNodes' must be an array"],
    ['a report with a path for a block id', 'blockReport', { registration: reg, blocks: [evil] }, "Field 'blocks[0].blockId' must be a positive integer, got \"../../etc/passwd\""],
    ['a received block with a negative length', 'blockReceivedAndDeleted', { registration: reg, received: [{ blockId: 5, genStamp: 1, numBytes: -3 }], deleted: [] }, "Field 'received[0].numBytes' must be a non-negative integer"],
    ['a host that is a path', 'registerDatanode', { registration: { ...reg, host: '../../etc' } }, "Field 'registration.host' is not a host name: ../../etc"],
    ['a port out of range', 'registerDatanode', { registration: { ...reg, port: 70000 } }, "Field 'port' must be an integer in [1, 65535], got 70000"],
    ['a negative capacity', 'sendHeartbeat', { registration: reg, capacity: -1, dfsUsed: 0, remaining: 0, xceivers: 0 }, "Field 'capacity' must not be negative, got -1"],
    ['a bad report type', 'datanodeReport', { type: 'everything' }, "Field 'type' must be one of all, live, dead, got 'everything'"],
    ['a bad safe mode action', 'setSafeMode', { action: 'off' }, "Field 'action' must be one of get, enter, leave, got 'off'"],
    ['a bad client report', 'reportBadBlocks', { blocks: [{ block: evil, datanode: 'x:1' }] }, "Field 'blocks[0].block.blockId' must be a positive integer, got \"../../etc/passwd\""],
  ];

  for (const [what, method, body, message] of cases) {
    it(`answers ${what} with 400 RPC_BAD_REQUEST`, async function () {
      const res = await post(method, body, typeof body === 'string');
      expect([res.status, res.code]).to.deep.equal([400, 'RPC_BAD_REQUEST']);
      expect(res.message.startsWith(message), res.message).to.equal(true);
    });
  }

  it('answers paths that climb or are not absolute with 400 FS_INVALID_ARGUMENT', async function () {
    for (const p of ['../../etc/passwd', '/a/../../etc', `/${'x'.repeat(9000)}`]) {
      const res = await post('getFileInfo', { path: p });
      expect([res.status, res.code], p.slice(0, 30)).to.deep.equal([400, p.length > 8000 ? 'RPC_BAD_REQUEST' : 'FS_INVALID_ARGUMENT']);
    }
  });

  it('answers an unknown method with 404, and unknown blocks and nodes with 4xx', async function () {
    expect((await post('formatEverything', {})).status).to.equal(404);
    const unknown = await post('blockReceivedAndDeleted', { registration: reg, received: [], deleted: [] });
    expect([unknown.status, unknown.code]).to.deep.equal([400, 'DFS_UNREGISTERED_DATANODE']);
    const pipeline = await post('updateBlockForPipeline', { block: { blockId: 424242, genStamp: 1, numBytes: 0 }, clientName: 'c' });
    expect([pipeline.status, pipeline.code, pipeline.message]).to.deep.equal([400, 'FS_INVALID_ARGUMENT', 'blk_424242 is not a block of any file']);
  });

  it('refuses a DataNode formatted for another namespace, naming both ids', async function () {
    const res = await post('registerDatanode', { registration: { ...reg, namespaceId: 77 } });
    expect([res.status, res.code, res.message]).to.deep.equal([
      400,
      'DFS_NAMESPACE_MISMATCH',
      `Incompatible namespaceIDs: namenode namespaceID = ${h.nn.namespaceId}; datanode namespaceID = 77 (DataNode 127.0.0.1:50010, storage DS-x). ` +
        'Point it at the NameNode it was formatted for, or empty its dfs.data.dir to join this one.',
    ]);
  });

  it('keeps serving after all of it', async function () {
    expect((await h.call('getFileInfo', { path: '/f' })).status!.path).to.equal('/f');
    const status = (await axios.get(`http://${h.address}/status`)).data as { files: number; directories: number; safeMode: { on: boolean } };
    expect([status.files, status.directories, status.safeMode.on]).to.deep.equal([1, 1, false]);
  });
});
