import { expect } from 'chai';
import * as dns from 'node:dns/promises';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { readFully, writeFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { rmrf, tempDir } from './helpers';

/** dfsadmin (-report, -safemode, -refreshNodes with decommissioning) and fsck on a real cluster. */
describe('dfsadmin and fsck (minicluster of 3 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let dir: string;
  let exclude: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    dir = tempDir('dfs-admin-');
    exclude = path.join(dir, 'exclude');
    fs.writeFileSync(exclude, '');
    cluster = await startMiniCluster({ datanodes: 3, conf: { 'dfs.replication': '2', 'dfs.hosts.exclude': exclude } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
    if (dir) rmrf(dir);
  });

  const dataNodes = () => cluster.details.daemons.filter((d) => d.role === 'datanode');

  it('-report prints the cluster summary, then every DataNode', async function () {
    await writeFully(cluster.fs, '/report/f', Buffer.alloc(100000, 7));
    const r = await cluster.hadoop(['dfsadmin', '-report']);
    expect([r.code, r.stderr]).to.deep.equal([0, '']);
    const lines = r.stdout.split('\n');
    const size = /^\d+ \(\d+(\.\d{1,2})? (KB|MB|GB|TB|PB)\)$/;
    const head = ['Configured Capacity', 'Present Capacity', 'DFS Remaining', 'DFS Used'];
    head.forEach((k, i) => expect(lines[i].slice(k.length + 2), lines[i]).to.match(size));
    expect(lines[4]).to.match(/^DFS Used%: \d+(\.\d{1,2})?%$/);
    expect(lines.slice(5, 11)).to.deep.equal([
      'Under replicated blocks: 0',
      'Blocks with corrupt replicas: 0',
      'Missing blocks: 0',
      '',
      '-------------------------------------------------',
      'Datanodes available: 3 (3 total, 0 dead)',
    ]);
    const names = lines.filter((l) => l.startsWith('Name: ')).map((l) => l.slice(6));
    expect(names.sort()).to.deep.equal(dataNodes().map((d) => d.rpcAddress).sort());
    const first = lines.indexOf(`Name: ${names[0]}`);
    const keys = lines.slice(first, first + 9).map((l) => l.split(':')[0]);
    expect(keys).to.deep.equal(['Name', 'Decommission Status ', 'Configured Capacity', 'DFS Used', 'Non DFS Used', 'DFS Remaining', 'DFS Used%', 'DFS Remaining%', 'Last contact']);
    expect(lines[first + 1]).to.equal('Decommission Status : Normal');
    expect(lines[first + 8]).to.match(/^Last contact: \w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$/);
  });

  it('-safemode enter makes writes fail with the safe mode message until -safemode leave', async function () {
    const hadoop = cluster.hadoop;
    expect((await hadoop(['dfsadmin', '-safemode', 'get'])).stdout).to.equal('Safe mode is OFF\n');
    const enter = await hadoop(['dfsadmin', '-safemode', 'enter']);
    expect([enter.code, enter.stdout]).to.deep.equal([0, 'Safe mode is ON\n']);
    expect((await hadoop(['dfsadmin', '-safemode', 'get'])).stdout).to.equal('Safe mode is ON\n');
    const mkdir = await hadoop(['fs', '-mkdir', '/safe']);
    expect(mkdir.code).to.equal(1);
    expect(mkdir.stderr.split('\n')).to.have.length(2);
    expect(mkdir.stderr).to.match(/^mkdir: .*[Ss]afe mode/);
    const touch = await hadoop(['fs', '-touchz', '/safe-file']);
    expect(touch.code).to.equal(1);
    expect(touch.stderr).to.match(/^touchz: .*[Ss]afe mode.*\n$/);
    expect(await cluster.fs.exists('/safe')).to.equal(false);
    // reads still work in safe mode
    expect((await hadoop(['fs', '-ls', '/'])).code).to.equal(0);
    const leave = await hadoop(['dfsadmin', '-safemode', 'leave']);
    expect([leave.code, leave.stdout]).to.deep.equal([0, 'Safe mode is OFF\n']);
    const wait = await hadoop(['dfsadmin', '-safemode', 'wait']);
    expect([wait.code, wait.stdout]).to.deep.equal([0, 'Safe mode is OFF\n']);
    expect((await hadoop(['fs', '-mkdir', '/safe'])).code).to.equal(0);
  });

  it('-printTopology lists every live DataNode under its rack', async function () {
    const r = await cluster.hadoop(['dfsadmin', '-printTopology']);
    const names = dataNodes()
      .map((d) => d.rpcAddress)
      .sort();
    expect(r.code).to.equal(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).to.equal('Rack: /default-rack');
    // each with the name getnameinfo gives its address (localhost for 127.0.0.1)
    const host = async (n: string) => (await dns.lookupService(n.split(':')[0], Number(n.split(':')[1]))).hostname;
    expect(lines.slice(1, 4)).to.deep.equal(await Promise.all(names.map(async (n) => `   ${n} (${await host(n)})`)));
    expect(lines.slice(4)).to.deep.equal(['', '']);
  });

  it('answers usage errors like Hadoop, with exit code 255', async function () {
    const none = await cluster.hadoop(['dfsadmin']);
    expect(none.code).to.equal(255);
    expect(none.stderr).to.match(/^Usage: hadoop dfsadmin\n/);
    const bad = await cluster.hadoop(['dfsadmin', '-safemode', 'sideways']);
    expect([bad.code, bad.stderr]).to.deep.equal([255, 'Usage: hadoop dfsadmin [-safemode enter | leave | get | wait]\n']);
    const unknown = await cluster.hadoop(['dfsadmin', '-frobnicate']);
    expect(unknown.code).to.equal(255);
    expect(unknown.stderr).to.match(/^frobnicate: Unknown command\n/);
    const fsckNone = await cluster.hadoop(['fsck']);
    expect(fsckNone.code).to.equal(255);
    expect(fsckNone.stderr).to.match(/^Usage: DFSck <path>/);
  });

  it('fsck reports files, blocks and locations, HEALTHY with exit 0', async function () {
    const data = Buffer.alloc(1048576 + 10, 1);
    await pipeline(Readable.from([data]), await cluster.fs.create('/fsck/f'));
    const r = await cluster.hadoop(['fsck', '/fsck', '-files', '-blocks', '-locations']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/\/fsck\/f 1048586 bytes, 2 block\(s\)/);
    expect(r.stdout).to.match(/blk_\d+/);
    expect(r.stdout).to.match(/Status: HEALTHY/);
    expect(r.stdout).to.match(/The filesystem under path '\/fsck' is HEALTHY/);
    const missing = await cluster.hadoop(['fsck', '/no/such/path']);
    expect(missing.code).to.equal(1);
  });

  it('decommissions a DataNode named in the exclude file: its blocks are copied away first', async function () {
    const data = Buffer.alloc(2 * 1048576 + 99, 9);
    await pipeline(Readable.from([data]), await cluster.fs.create('/decom/f'));
    const { located } = await cluster.fs.client.call('getBlockLocations', { path: '/decom/f', offset: 0, length: data.length });
    const victim = located.blocks[0].locations[0].name;
    fs.writeFileSync(exclude, `${victim}\n`);
    const refresh = await cluster.hadoop(['dfsadmin', '-refreshNodes']);
    expect([refresh.code, refresh.stdout]).to.deep.equal([0, 'Refresh nodes successful\n']);
    await cluster.waitFor(
      async () => {
        const report = (await cluster.hadoop(['dfsadmin', '-report'])).stdout;
        const at = report.indexOf(`Name: ${victim}\n`);
        return at >= 0 && report.slice(at).split('\n')[1] === 'Decommission Status : Decommissioned';
      },
      30000,
      `${victim} to be decommissioned`,
    );
    const after = await cluster.fs.client.call('getBlockLocations', { path: '/decom/f', offset: 0, length: data.length });
    for (const b of after.located.blocks) {
      expect(b.locations.filter((l) => l.name !== victim).length, `blk_${b.block.blockId}`).to.be.at.least(2);
    }
    expect((await readFully(cluster.fs, '/decom/f')).equals(data)).to.equal(true);
  });
});

describe('a write with fewer live DataNodes than dfs.replication.min', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 1, conf: { 'dfs.replication.min': '2', 'dfs.replication': '2' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  it('fails with the NameNode message in one line and exit 1', async function () {
    const r = await cluster.hadoop(['fs', '-put', '-', '/few'], { input: 'some bytes' });
    expect(r.code).to.equal(1);
    expect(r.stderr.split('\n')).to.have.length(2);
    expect(r.stderr).to.match(/^put: .*(replicat|DataNode|datanode)/);
    expect(await cluster.fs.exists('/few')).to.equal(false);
  });
});
