import { expect } from 'chai';
import { errorOf, FakeDataNode, NameNodeHarness, quietLogs, startDataNodes, waitFor } from './namenode.fixtures';

describe('NameNode safe mode', function () {
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

  const status = async () => (await h.call('setSafeMode', { action: 'get' })).status;

  /** A one-block file whose replica is on dn, then a NameNode restart with dn quiet. */
  async function restartWithOneBlock(settings: Record<string, string>): Promise<FakeDataNode> {
    dns = await startDataNodes(h, 1);
    const [dn] = dns;
    await dn.register();
    await dn.heartbeat();
    const clientName = 'DFSClient_s';
    await h.call('create', { path: '/s', clientName, overwrite: false, replication: 1, blockSize: 1048576, permission: 0o644 });
    const { block } = await h.call('addBlock', { path: '/s', clientName, previous: null, excludeNodes: [] });
    const last = { ...block.block, numBytes: 5 };
    await dn.receive(last);
    await h.call('complete', { path: '/s', clientName, last });
    await h.restart(settings);
    return dn;
  }

  it('is off at start on an empty namespace', async function () {
    h = await NameNodeHarness.start({ 'dfs.safemode.extension': '30000' });
    expect(await status()).to.deep.equal({ on: false, tip: 'Safe mode is OFF.' });
  });

  it('is on after a restart until the blocks are reported, refusing every change with the tip', async function () {
    h = await NameNodeHarness.start();
    const dn = await restartWithOneBlock({});
    const tip = 'The reported blocks is only 0 but the threshold is 0.9990 and the total blocks 1. Safe mode will be turned off automatically.';
    expect(await status()).to.deep.equal({ on: true, tip });
    expect(await errorOf(h.call('mkdirs', { path: '/x', permission: 0o755 }))).to.deep.equal({
      code: 'DFS_SAFE_MODE',
      message: `Cannot create directory /x. Name node is in safe mode. ${tip}`,
    });
    expect((await errorOf(h.call('delete', { path: '/s', recursive: false }))).message).to.equal(`Cannot delete /s. Name node is in safe mode. ${tip}`);
    expect((await errorOf(h.call('rename', { src: '/s', dst: '/t' }))).code).to.equal('DFS_SAFE_MODE');
    expect((await errorOf(h.call('setReplication', { path: '/s', replication: 2 }))).code).to.equal('DFS_SAFE_MODE');
    // reads are served
    expect((await h.call('getListing', { path: '/' })).statuses.map((s) => s.path)).to.deep.equal(['/s']);
    expect(await dn.heartbeat()).to.deep.equal([{ type: 'register' }]);
    await dn.register();
    await dn.blockReport();
    await waitFor('safe mode off', async () => !(await status()).on);
    await h.call('mkdirs', { path: '/x', permission: 0o755 });
    const { located } = await h.call('getBlockLocations', { path: '/s', offset: 0, length: 5 });
    expect(located.blocks[0].locations.map((l) => l.name)).to.deep.equal([dn.name]);
  });

  it('stays on dfs.safemode.extension ms after the threshold is reached, saying so', async function () {
    h = await NameNodeHarness.start();
    const dn = await restartWithOneBlock({ 'dfs.safemode.extension': '1500' });
    // heartbeats keep it alive through the extension
    await dn.run([dn]);
    const reported = Date.now();
    await waitFor('the extension to start', async () => (await status()).tip.startsWith('The reported blocks 1 has'));
    expect(await status()).to.deep.equal({
      on: true,
      tip: 'The reported blocks 1 has reached the threshold 0.9990 of total blocks 1. Safe mode will be turned off automatically in 1 seconds.',
    });
    await waitFor('safe mode off', async () => !(await status()).on);
    expect(Date.now() - reported).to.be.within(1400, 3000);
  });

  it('waits for dfs.namenode.safemode.min.datanodes live DataNodes', async function () {
    h = await NameNodeHarness.start({ 'dfs.namenode.safemode.min.datanodes': '2' });
    expect(await status()).to.deep.equal({
      on: true,
      tip: 'The number of live datanodes 0 needs an additional 2 live datanodes to reach the minimum number 2. Safe mode will be turned off automatically.',
    });
    dns = await startDataNodes(h, 2);
    await dns[0].run(dns);
    expect((await status()).tip).to.equal(
      'The number of live datanodes 1 needs an additional 1 live datanodes to reach the minimum number 2. Safe mode will be turned off automatically.',
    );
    await dns[1].run(dns);
    await waitFor('safe mode off', async () => !(await status()).on);
  });

  it('is entered and left by hand, and then only by hand', async function () {
    h = await NameNodeHarness.start();
    const manual = 'Use "hadoop dfsadmin -safemode leave" to turn safe mode off.';
    expect((await h.call('setSafeMode', { action: 'enter' })).status).to.deep.equal({ on: true, tip: manual });
    expect(await errorOf(h.call('create', { path: '/f', clientName: 'c', overwrite: false, replication: 1, blockSize: 1024, permission: 0o644 }))).to.deep.equal({
      code: 'DFS_SAFE_MODE',
      message: `Cannot create file /f. Name node is in safe mode. ${manual}`,
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await status()).to.deep.equal({ on: true, tip: manual });
    expect((await h.call('setSafeMode', { action: 'leave' })).status).to.deep.equal({ on: false, tip: 'Safe mode is OFF.' });
    await h.touch('/f');
  });
});
