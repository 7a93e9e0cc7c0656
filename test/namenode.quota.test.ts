import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { pseudoRandom, tempDir } from './helpers';

const MB = 1048576;

/**
 * Directory quotas on a real cluster through `hadoop dfsadmin` and `hadoop fs`: a namespace
 * quota caps names, a diskspace quota caps bytes times replication (a block being written
 * counted at full size); refused operations change nothing, and quotas survive a NameNode
 * SIGKILL and restart.
 */
describe('DFS quotas (dfsadmin -setQuota / -setSpaceQuota, minicluster of 2 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let local: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 2, conf: { 'dfs.replication': '1' } });
    local = path.join(tempDir('quota-'), 'f');
    fs.writeFileSync(local, pseudoRandom(MB + MB / 2, 9));
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  async function ok(args: string[]): Promise<string> {
    const r = await cluster.hadoop(args);
    expect([r.code, r.stderr], args.join(' ')).to.deep.equal([0, '']);
    return r.stdout;
  }

  async function refused(args: string[], stderr: string): Promise<void> {
    const r = await cluster.hadoop(args);
    expect([r.code !== 0, r.stderr], args.join(' ')).to.deep.equal([true, stderr]);
  }

  const countLine = (quota: string, rem: string, space: string, spaceRem: string, dirs: number, files: number, bytes: number, p: string) =>
    `${quota.padStart(12)} ${rem.padStart(15)} ${space.padStart(15)} ${spaceRem.padStart(15)} ${String(dirs).padStart(12)} ${String(files).padStart(12)} ${String(bytes).padStart(18)} ${p}\n`;

  it('refuses names past a namespace quota in mkdir, put and mv, and -count -q shows it', async () => {
    await ok(['fs', '-mkdir', '-p', '/q/a', '/elsewhere']);
    await ok(['dfsadmin', '-setQuota', '3', '/q']);
    await ok(['fs', '-put', local, '/q/a/f']);
    const over = 'The NameSpace quota (directories and files) of directory /q is exceeded: quota=3 file count=4';
    await refused(['fs', '-mkdir', '/q/b'], `mkdir: \`/q/b': ${over}\n`);
    await refused(['fs', '-put', local, '/q/g'], `put: \`/q/g': ${over}\n`);
    await refused(['fs', '-mv', '/elsewhere', '/q/'], `mv: \`/q/elsewhere': ${over}\n`);
    expect(await ok(['fs', '-ls', '-R', '/q'])).to.match(/^drwx.* \/q\/a\n-rw.* \/q\/a\/f\n$/);
    expect(await ok(['fs', '-count', '-q', '/q'])).to.equal(countLine('3', '0', 'none', 'inf', 2, 1, MB + MB / 2, '/q'));
    // a move inside the quota's own tree changes nothing it counts
    await ok(['fs', '-mv', '/q/a/f', '/q/f']);
    await ok(['dfsadmin', '-clrQuota', '/q']);
    await ok(['fs', '-mkdir', '/q/b']);
    expect(await ok(['fs', '-count', '-q', '/q'])).to.equal(countLine('none', 'inf', 'none', 'inf', 3, 1, MB + MB / 2, '/q'));
  });

  it('refuses a block past a diskspace quota, replication counted, and leaves no file behind', async () => {
    await ok(['fs', '-mkdir', '/s']);
    await ok(['dfsadmin', '-setSpaceQuota', '3m', '/s']);
    // 1.5 MB at replication 2: the second 1 MB block would make 4 MB
    await refused(['fs', '-D', 'dfs.replication=2', '-put', local, '/s/r2'], "put: `/s/r2': The DiskSpace quota of /s is exceeded: quota=3145728 diskspace consumed=4.0m\n");
    expect(await ok(['fs', '-ls', '/s'])).to.equal('');
    await ok(['fs', '-put', local, '/s/r1']);
    await ok(['fs', '-setrep', '2', '/s/r1']);
    expect(await ok(['fs', '-count', '-q', '/s'])).to.equal(countLine('none', 'inf', String(3 * MB), '0', 1, 1, MB + MB / 2, '/s'));
    await refused(['fs', '-setrep', '3', '/s/r1'], "setrep: `/s/r1': The DiskSpace quota of /s is exceeded: quota=3145728 diskspace consumed=4.5m\n");
    // appending reopens the half-full last block, charged at its full size
    await refused(['fs', '-appendToFile', local, '/s/r1'], "appendToFile: `/s/r1': The DiskSpace quota of /s is exceeded: quota=3145728 diskspace consumed=4.0m\n");
    expect((await cluster.fs.getFileStatus('/s/r1')).length).to.equal(MB + MB / 2);
  });

  it('keeps quotas across a NameNode SIGKILL and restart', async () => {
    await ok(['fs', '-mkdir', '/k']);
    await ok(['dfsadmin', '-setQuota', '2', '/k']);
    await ok(['dfsadmin', '-setSpaceQuota', '5g', '/k']);
    await cluster.killNameNode();
    await cluster.startNameNode();
    await cluster.waitFor(async () => (await cluster.hadoop(['dfsadmin', '-safemode', 'get'])).stdout === 'Safe mode is OFF\n', 20000, 'safe mode to end');
    expect(await ok(['fs', '-count', '-q', '/k'])).to.equal(countLine('2', '1', String(5 * 1024 * MB), String(5 * 1024 * MB), 1, 0, 0, '/k'));
    await ok(['fs', '-touchz', '/k/one']);
    await refused(['fs', '-touchz', '/k/two'], "touchz: `/k/two': The NameSpace quota (directories and files) of directory /k is exceeded: quota=2 file count=3\n");
  });

  it('answers bad quota commands with one line each and a non-zero exit, going on past a bad directory', async () => {
    const usage = 'Usage: hadoop dfsadmin [-setQuota <quota> <dirname>...<dirname>]\n';
    await refused(['dfsadmin', '-setQuota', '0', '/q'], `setQuota: Invalid values for quota : 0\n${usage}`);
    await refused(['dfsadmin', '-setQuota', '-5', '/q'], `setQuota: Invalid values for quota : -5\n${usage}`);
    await refused(['dfsadmin', '-setSpaceQuota', '12x', '/q'], 'setSpaceQuota: Invalid values for quota : 12x\nUsage: hadoop dfsadmin [-setSpaceQuota <quota> <dirname>...<dirname>]\n');
    await refused(['dfsadmin', '-setQuota', '7', '/nope', '/q/f', '/q'], 'setQuota: Directory does not exist: /nope\nsetQuota: Cannot set quota on a file: /q/f\n');
    expect(await ok(['fs', '-count', '-q', '/q'])).to.equal(countLine('7', '3', 'none', 'inf', 3, 1, MB + MB / 2, '/q'));
    await refused(['dfsadmin', '-clrQuota'], 'Usage: hadoop dfsadmin [-clrQuota <dirname>...<dirname>]\n');
  });
});
