import { expect } from 'chai';
import { readFully, userName } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';

const home = () => `/user/${userName()}`;

async function trashListing(cluster: MiniCluster): Promise<string[]> {
  if (!(await cluster.fs.exists(`${home()}/.Trash`))) return [];
  return (await cluster.fs.listStatus(`${home()}/.Trash`)).map((s) => s.path.getName()).sort();
}

/**
 * The trash on a real cluster (fs.trash.interval, minutes): `-rm` moves into
 * ~/.Trash/Current, `-expunge` checkpoints it and deletes checkpoints older than the interval,
 * and the NameNode's emptier does both by itself once per interval.
 */
describe('DFS trash: -rm into the trash, -expunge (minicluster, no emptier)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 1, conf: { 'dfs.replication': '1' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  it('-expunge checkpoints the current trash and deletes only checkpoints older than the interval', async () => {
    const trash = ['-D', 'fs.trash.interval=1'];
    await cluster.hadoop(['fs', '-mkdir', '-p', '/t']);
    await cluster.fs.mkdirs(`${home()}/.Trash/000101000000/old`);
    const echo = await cluster.hadoop(['fs', '-put', '-', '/t/x'], { input: 'kept for a while\n' });
    expect(echo.code).to.equal(0);
    const rm = await cluster.hadoop(['fs', ...trash, '-rm', '/t/x']);
    expect([rm.code, rm.stdout]).to.deep.equal([0, `Moved: 'hdfs://${cluster.nameNodeAddress}/t/x' to trash at: hdfs://${cluster.nameNodeAddress}${home()}/.Trash/Current\n`]);
    expect(await trashListing(cluster)).to.deep.equal(['000101000000', 'Current']);
    const ex = await cluster.hadoop(['fs', ...trash, '-expunge']);
    expect(ex.code, ex.stderr).to.equal(0);
    const after = await trashListing(cluster);
    expect(after).to.have.length(1);
    expect(after[0]).to.match(/^\d{12}$/);
    expect((await readFully(cluster.fs, `${home()}/.Trash/${after[0]}/t/x`)).toString()).to.equal('kept for a while\n');
    // nothing current to checkpoint, and the new checkpoint is younger than the interval
    expect((await cluster.hadoop(['fs', ...trash, '-expunge'])).code).to.equal(0);
    expect(await trashListing(cluster)).to.deep.equal(after);
    // what holds the trash cannot go into it
    const rmHome = await cluster.hadoop(['fs', ...trash, '-rm', '-r', `/user/${userName()}`]);
    expect([rmHome.code, rmHome.stderr]).to.deep.equal([
      1,
      `rm: \`/user/${userName()}': Cannot move to the trash, as it contains the trash. Consider using -skipTrash option\n`,
    ]);
  });
});

describe('DFS trash: the NameNode emptier (fs.trash.interval=0.02 minutes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 1, conf: { 'dfs.replication': '1', 'fs.trash.interval': '0.02' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  it('checkpoints the trash within an interval, then deletes the checkpoint after another', async () => {
    const put = await cluster.hadoop(['fs', '-put', '-', '/gone'], { input: 'soon gone\n' });
    expect(put.code).to.equal(0);
    expect((await cluster.hadoop(['fs', '-rm', '/gone'])).code).to.equal(0);
    const seen = new Set<string>();
    await cluster.waitFor(
      async () => {
        for (const name of await trashListing(cluster)) seen.add(name);
        return [...seen].some((n) => /^\d{12}(_\d+)?$/.test(n)) && (await trashListing(cluster)).length === 0;
      },
      20000,
      'the trash to be checkpointed and then emptied',
    );
    expect(await cluster.fs.exists('/gone')).to.equal(false);
  });
});
