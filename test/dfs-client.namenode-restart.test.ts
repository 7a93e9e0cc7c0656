import { expect } from 'chai';
import { readFully, writeFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';

/**
 * The NameNode SIGKILLed in the middle of a workload of creates, renames and deletes through
 * the client: after a restart every acknowledged operation is there (LevelDB batches written
 * before the client is answered); only the one operation in flight may have gone either way.
 */
describe('DFS NameNode killed mid-workload (minicluster of 2 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 2, conf: { 'dfs.replication': '2' } });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  it('keeps every acknowledged create, rename and delete across a SIGKILL and restart', async function () {
    const fs = cluster.fs;
    await fs.mkdirs('/w');
    const expected = new Map<string, string>();
    const uncertain = new Set<string>();
    let acked = 0;
    let stop = false;
    const workload = (async () => {
      for (let i = 0; !stop; i++) {
        const touched: string[] = [];
        try {
          const name = `/w/f${i}`;
          touched.push(name);
          await writeFully(fs, name, `content ${i}`, false);
          expected.set(name, `content ${i}`);
          if (i % 3 === 2) {
            const from = `/w/f${i - 1}`;
            const to = `/w/r${i - 1}`;
            touched.push(from, to);
            await fs.rename(from, to);
            expected.set(to, expected.get(from)!);
            expected.delete(from);
          }
          if (i % 5 === 4) {
            const gone = `/w/f${i - 2}`;
            touched.push(gone);
            if (expected.has(gone)) {
              expect(await fs.delete(gone, false)).to.equal(true);
              expected.delete(gone);
            }
          }
          await fs.mkdirs(`/w/d${i}`);
          expected.set(`/w/d${i}`, '<dir>');
          acked++;
        } catch (e) {
          for (const t of touched) uncertain.add(t);
          uncertain.add(`/w/d${i}`);
          return e as Error;
        }
      }
      return null;
    })();
    await cluster.waitFor(() => acked >= 40, 30000, '40 acknowledged rounds');
    await cluster.killNameNode();
    const failure = await workload;
    stop = true;
    expect(failure?.message).to.match(/NameNode|ECONNREFUSED|socket|pipeline/i);
    await cluster.startNameNode();
    await cluster.waitFor(async () => !(await fs.setSafeMode('get')).on, 30000, 'the restarted NameNode to leave safe mode');
    const listed = (await fs.listStatus('/w')).map((s) => s.path.path);
    const want = [...expected.keys()].filter((p) => !uncertain.has(p)).sort();
    expect(listed.filter((p) => !uncertain.has(p)).sort()).to.deep.equal(want);
    for (const [p, content] of expected) {
      if (uncertain.has(p)) continue;
      if (content === '<dir>') expect((await fs.getFileStatus(p)).isDirectory, p).to.equal(true);
      else expect((await readFully(fs, p)).toString(), p).to.equal(content);
    }
  });
});
