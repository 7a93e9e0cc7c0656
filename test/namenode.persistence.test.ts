import { expect } from 'chai';
import { Configuration } from '../common/conf/configuration';
import { NameNode } from '../dfs/namenode/namenode';
import type { HdfsFileStatus } from '../dfs/protocol/types';
import { errorOf, FakeDataNode, NameNodeHarness, quietLogs, startDataNodes, waitFor } from './namenode.fixtures';

describe('NameNode persistence across a restart (in-process)', function () {
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

  /** Every path with its status, depth first. */
  async function tree(): Promise<HdfsFileStatus[]> {
    const out: HdfsFileStatus[] = [];
    const walk = async (p: string) => {
      for (const s of (await h.call('getListing', { path: p })).statuses) {
        out.push(s);
        if (s.isDirectory) await walk(s.path);
      }
    };
    await walk('/');
    return out;
  }

  it('refuses a second NameNode on a name dir in use', async function () {
    h = await NameNodeHarness.start();
    const conf = new Configuration(h.conf);
    conf.set('fs.default.name', 'hdfs://127.0.0.1:0');
    expect(await errorOf(NameNode.start(conf))).to.deep.equal({
      code: 'DFS_NAME_DIR_LOCKED',
      message: `Cannot lock name directory ${h.nameDir}: another NameNode is using it`,
    });
    await h.touch('/still-serving');
  });

  it('keeps every acknowledged change, the namespace id and the id counters', async function () {
    h = await NameNodeHarness.start();
    dns = await startDataNodes(h, 2);
    for (const d of dns) await d.run(dns);
    const namespaceId = h.nn.namespaceId;
    await h.call('mkdirs', { path: '/a/b', permission: 0o700, owner: 'alice' });
    await h.touch('/a/b/empty');
    await h.touch('/gone/f');
    await h.call('delete', { path: '/gone', recursive: true });
    await h.call('rename', { src: '/a/b', dst: '/moved' });
    await h.call('setPermission', { path: '/moved/empty', permission: 0o600 });
    await h.call('setOwner', { path: '/moved/empty', owner: 'bob', group: 'staff' });
    await h.call('setTimes', { path: '/moved/empty', mtime: 1234567890000, atime: 1234567891000 });
    const clientName = 'DFSClient_p';
    await h.call('create', { path: '/data', clientName, overwrite: false, replication: 2, blockSize: 1024, permission: 0o644 });
    const b1 = (await h.call('addBlock', { path: '/data', clientName, previous: null, excludeNodes: [] })).block.block;
    const full = { ...b1, numBytes: 1024 };
    for (const d of dns) await d.receive(full);
    const b2 = (await h.call('addBlock', { path: '/data', clientName, previous: full, excludeNodes: [] })).block.block;
    const { genStamp } = await h.call('updateBlockForPipeline', { block: b2, clientName });
    const last = { ...b2, genStamp, numBytes: 100 };
    await h.call('updatePipeline', { clientName, oldBlock: b2, newBlock: { ...last, numBytes: 0 }, newNodes: dns.map((d) => d.name) });
    for (const d of dns) await d.receive(last);
    expect(await h.call('complete', { path: '/data', clientName, last })).to.deep.equal({ complete: true });
    await h.call('setReplication', { path: '/data', replication: 1 });
    await waitFor('the excess replicas deleted', () => dns[0].replicas.size + dns[1].replicas.size === 2);
    const before = await tree();

    await h.restart();
    expect(h.nn.namespaceId).to.equal(namespaceId);
    expect(await tree()).to.deep.equal(before);
    expect(before.map((s) => [s.path, s.isDirectory, s.length, s.permission, s.owner, s.group])).to.deep.equal([
      ['/a', true, 0, 0o755, 'alice', 'supergroup'],
      ['/data', false, 1124, 0o644, process.env.HADOOP_USER_NAME || require('node:os').userInfo().username, 'supergroup'],
      ['/moved', true, 0, 0o700, 'alice', 'supergroup'],
      ['/moved/empty', false, 0, 0o600, 'bob', 'staff'],
    ]);
    expect(before[3]).to.include({ modificationTime: 1234567890000, accessTime: 1234567891000 });
    // the DataNodes come back with register, report, and the blocks have locations again
    await waitFor('both blocks located', async () => {
      const { located } = await h.call('getBlockLocations', { path: '/data', offset: 0, length: 2000 });
      return located.blocks.length === 2 && located.blocks.every((b) => b.locations.length === 1);
    });
    const { located } = await h.call('getBlockLocations', { path: '/data', offset: 0, length: 2000 });
    expect(located.blocks.map((b) => [b.offset, b.block])).to.deep.equal([
      [0, full],
      [1024, last],
    ]);
    // ids and stamps continue where they were
    await h.call('create', { path: '/next', clientName, overwrite: false, replication: 1, blockSize: 1024, permission: 0o644 });
    const b3 = (await h.call('addBlock', { path: '/next', clientName, previous: null, excludeNodes: [] })).block.block;
    expect(b3).to.deep.equal({ blockId: b2.blockId + 1, genStamp, numBytes: 0 });
    expect((await h.call('updateBlockForPipeline', { block: b3, clientName })).genStamp).to.equal(genStamp + 1);
  });
});
