import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { userName } from '../common/fs/index';
import { daemonsAvailable } from './dfs-harness';
import { writeTwoFileJob } from './fixtures/two-file-job';
import { rmrf, runHadoop, tempDir } from './helpers';
import {
  dfsNames,
  dfsParts,
  FIXTURES,
  jarArgs,
  jobIdOf,
  jobStatus,
  localParts,
  MrCluster,
  printedCounter,
  runLocal,
  writeCorpus,
  startMrCluster,
  waitForJob,
} from './mr-harness';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('MapReduce cluster: jobs on a minicluster (3 DataNodes, 2 TaskTrackers) against the local runner', function () {
  this.timeout(180000);
  let c: MrCluster;
  let dir: string;
  let local: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    dir = tempDir('mrcluster-jobs-');
    local = path.join(dir, 'in');
    // 2.5 + 1.5 + 0.3 MB: 3 + 2 + 1 splits of the 1 MB blocks
    writeCorpus(local, [2_600_000, 1_500_000, 300_000]);
    fs.writeFileSync(path.join(dir, 'small.txt'), 'one small file\nwith two lines\n');
    c = await startMrCluster({ tasktrackers: 2 });
    const put = await c.hadoop(['fs', '-put', local, '/in']);
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
    const small = await c.hadoop(['fs', '-put', path.join(dir, 'small.txt'), '/small.txt']);
    expect([small.code, small.stderr]).to.deep.equal([0, '']);
  });

  after(async () => {
    await c?.stop();
    if (dir) rmrf(dir);
  });

  /** Runs the job on the cluster (DFS /in -> out) and locally (the local copy), at the same time. */
  async function bothWays(program: string[], args: (input: string, output: string) => string[], generic: string[] = [], input = '/in', localInput = local) {
    const name = `out-${Math.random().toString(36).slice(2, 8)}`;
    const [cluster, oracle] = await Promise.all([
      c.hadoop(jarArgs(program, args(input, `/${name}`), generic), { timeoutMs: 150000 }),
      // the same splits as the DFS's 1 MB blocks make (the local filesystem's blocks are 32 MB)
      runLocal(c, program, args(localInput, path.join(dir, name)), ['-D', 'mapred.max.split.size=1048576', ...generic]),
    ]);
    expect(oracle.code, oracle.stderr).to.equal(0);
    return { cluster, clusterOut: `/${name}`, localOut: path.join(dir, name) };
  }

  it('wordcount on DFS input: the local runner\'s output byte for byte, node-local maps, _SUCCESS and history', async () => {
    const { cluster, clusterOut, localOut } = await bothWays(['examples', 'wordcount'], (i, o) => [i, o]);
    expect(cluster.code, cluster.stderr).to.equal(0);
    const parts = await dfsParts(c, clusterOut);
    expect([...parts.keys()]).to.deep.equal(['part-r-00000']);
    expect(parts).to.deep.equal(localParts(localOut));
    expect(await dfsNames(c, clusterOut)).to.deep.equal(['_SUCCESS', '_logs', 'part-r-00000']);
    expect(printedCounter(cluster.stderr, 'Launched map tasks')).to.equal(6);
    // every block has a replica on this host (3 DataNodes, replication 3), where both TaskTrackers run
    expect(printedCounter(cluster.stderr, 'Data-local map tasks')).to.equal(6);
    expect(printedCounter(cluster.stderr, 'Launched reduce tasks')).to.equal(1);
    // FileSystemCounters per scheme: the maps read their splits from the DFS (a split's reader
    // reads on to the end of its last line, so a little more than the input), the reduce writes
    // its output there; on the local disk, the maps' spills and the fetched map outputs
    const input = fs.readdirSync(local).reduce((n, f) => n + fs.statSync(path.join(local, f)).size, 0);
    expect(printedCounter(cluster.stderr, 'HDFS_BYTES_READ')).to.be.within(input, input + 6 * 65536);
    expect(printedCounter(cluster.stderr, 'HDFS_BYTES_WRITTEN')).to.equal(parts.get('part-r-00000')!.length);
    expect(printedCounter(cluster.stderr, 'FILE_BYTES_WRITTEN')).to.equal(printedCounter(cluster.stderr, 'Map output materialized bytes'));
    expect(printedCounter(cluster.stderr, 'FILE_BYTES_READ')).to.equal(printedCounter(cluster.stderr, 'Reduce shuffle bytes'));
    expect(cluster.stderr).to.include('INFO mapred.JobClient:  map 100% reduce 100%');
    const id = jobIdOf(cluster.stderr);
    expect(cluster.stderr).to.include(`INFO mapred.JobClient: Job complete: ${id}`);
    expect((await jobStatus(c, id)).state).to.equal('SUCCEEDED');
    expect((await dfsNames(c, `${clusterOut}/_logs/history`)).some((n) => n === `${id}_conf.xml`)).to.equal(true);
  });

  it('grep (a search job, then a sort job through a temporary directory) gives the local runner\'s output', async () => {
    const { cluster, clusterOut, localOut } = await bothWays(['examples', 'grep'], (i, o) => [i, o, '[a-z]+o[a-z]*']);
    expect(cluster.code, cluster.stderr).to.equal(0);
    const parts = await dfsParts(c, clusterOut);
    expect(parts).to.deep.equal(localParts(localOut));
    expect(parts.get('part-r-00000')!.toString()).to.match(/^(\d+\t[a-z]*o[a-z]*\n)+$/);
    // the temporary directory of the search job is gone
    const home = `/user/${userName()}`;
    const left = (await c.fs.exists(home)) ? (await dfsNames(c, home)).filter((n) => n.startsWith('grep-temp-')) : [];
    expect(left).to.deep.equal([]);
  });

  it('a map-only job (zero reduces) writes part-m files, the same as locally', async () => {
    const { cluster, clusterOut, localOut } = await bothWays(['examples', 'wordcount'], (i, o) => [i, o], ['-D', 'mapred.reduce.tasks=0']);
    expect(cluster.code, cluster.stderr).to.equal(0);
    const parts = await dfsParts(c, clusterOut);
    expect([...parts.keys()]).to.deep.equal(['part-m-00000', 'part-m-00001', 'part-m-00002', 'part-m-00003', 'part-m-00004', 'part-m-00005']);
    expect(parts).to.deep.equal(localParts(localOut));
    expect(printedCounter(cluster.stderr, 'Launched reduce tasks')).to.equal(null);
  });

  it('more reduces (7) than reduce slots (4), and an explicit whitespace separator, as locally', async () => {
    const { cluster, clusterOut, localOut } = await bothWays(['examples', 'wordcount'], (i, o) => [i, o], [
      '-D', 'mapred.reduce.tasks=7',
      '-D', 'mapred.textoutputformat.separator= ',
    ]);
    expect(cluster.code, cluster.stderr).to.equal(0);
    const parts = await dfsParts(c, clusterOut);
    expect([...parts.keys()]).to.deep.equal([0, 1, 2, 3, 4, 5, 6].map((i) => `part-r-0000${i}`));
    expect(parts).to.deep.equal(localParts(localOut));
    expect(parts.get('part-r-00000')!.toString()).to.match(/^\S+ \d+\n/);
    expect(printedCounter(cluster.stderr, 'Launched reduce tasks')).to.equal(7);
  });

  it('a mapper that fails in its first attempt only: the job succeeds and counts the failed attempt', async () => {
    const { cluster, clusterOut, localOut } = await bothWays([path.join(FIXTURES, 'faulty-jobs.js'), 'FailsOnce'], (i, o) => [i, o], [], '/small.txt', path.join(dir, 'small.txt'));
    expect(cluster.code, cluster.stderr).to.equal(0);
    expect(await dfsParts(c, clusterOut)).to.deep.equal(localParts(localOut));
    const id = jobIdOf(cluster.stderr).slice('job_'.length);
    expect(cluster.stderr).to.include(`INFO mapred.JobClient: Task Id : attempt_${id}_m_000000_0, Status : FAILED\n`);
    expect(cluster.stderr).to.include('flaky: first attempt fails');
    expect(printedCounter(cluster.stderr, 'Failed map tasks')).to.equal(1);
    expect(printedCounter(cluster.stderr, 'Launched map tasks')).to.equal(2);
  });

  it('a child that hangs past mapred.task.timeout is killed; after mapred.map.max.attempts the job fails with the timeout', async () => {
    const r = await c.hadoop(
      jarArgs([path.join(FIXTURES, 'faulty-jobs.js'), 'Hangs'], ['/small.txt', '/out-hangs'], ['-D', 'mapred.task.timeout=3000', '-D', 'mapred.map.max.attempts=2']),
      { timeoutMs: 120000 },
    );
    expect(r.code, r.stderr).to.equal(1);
    const id = jobIdOf(r.stderr).slice('job_'.length);
    expect(r.stderr).to.include(`Task Id : attempt_${id}_m_000000_0, Status : FAILED\nTask attempt_${id}_m_000000_0 failed to report status for 3 seconds. Killing!\n`);
    expect(r.stderr).to.include(
      `INFO mapred.JobClient: Job Failed: Task task_${id}_m_000000 failed 2 times. Last error: Task attempt_${id}_m_000000_1 failed to report status for 3 seconds. Killing!\n`,
    );
    expect(await c.fs.exists('/out-hangs/_SUCCESS')).to.equal(false);
  });

  it('hadoop job -kill stops a running job: the client fails with the kill, trackers stop its tasks, no output is committed', async () => {
    const program = [path.join(FIXTURES, 'cluster-jobs.js'), 'SlowWordCount'];
    const client = c.hadoop(jarArgs(program, ['/in', '/out-killed'], ['-D', 'test.map.delay.ms=60000']), { timeoutMs: 120000 });
    const id = await waitForJob(c);
    await c.waitFor(async () => (await c.jt.call('getClusterStatus', {})).status.runningMaps > 0, 30000, 'maps to run');
    const kill = await c.hadoop(['job', '-kill', id]);
    expect([kill.code, kill.stdout, kill.stderr]).to.deep.equal([0, `Killed job ${id}\n`, '']);
    const r = await client;
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(`INFO mapred.JobClient: Job Failed: Job ${id} was killed\n`);
    expect((await jobStatus(c, id)).state).to.equal('KILLED');
    await c.waitFor(async () => (await c.jt.call('getClusterStatus', {})).status.runningMaps === 0, 30000, 'the attempts to end');
    for (const i of [0, 1]) {
      await c.waitFor(
        async () => {
          const s = (await (await fetch(`http://${c.taskTracker(i).httpAddress}/status`)).json()) as { runningMaps: number; jobs: unknown[] };
          return s.runningMaps === 0 && s.jobs.length === 0;
        },
        30000,
        `TaskTracker ${i} to drop the job`,
      );
    }
    expect(await c.fs.exists('/out-killed/_SUCCESS')).to.equal(false);
    expect((await dfsNames(c, '/out-killed')).filter((n) => n.startsWith('part-') || n === '_temporary')).to.deep.equal([]);
  });

  it('refuses, in one line each: an unreachable JobTracker, an existing output directory, a missing input', async () => {
    const port = await closedPort();
    const unreachable = await c.hadoop(['jar', 'examples', 'wordcount', '-jt', `127.0.0.1:${port}`, '/small.txt', '/out-nojt']);
    expect([unreachable.code, unreachable.stderr]).to.deep.equal([1, `hadoop: Cannot reach the JobTracker at 127.0.0.1:${port}: ECONNREFUSED\n`]);
    await c.fs.mkdirs('/existing');
    const exists = await c.hadoop(['jar', 'examples', 'wordcount', '/small.txt', '/existing']);
    expect([exists.code, exists.stderr]).to.deep.equal([1, `hadoop: Output directory hdfs://${c.nameNodeAddress}/existing already exists\n`]);
    const missing = await c.hadoop(['jar', 'examples', 'wordcount', '/nope', '/out-nope']);
    expect([missing.code, missing.stderr]).to.deep.equal([1, `hadoop: Input path does not exist: hdfs://${c.nameNodeAddress}/nope\n`]);
    expect(await c.fs.exists('/out-nope')).to.equal(false);
    // nothing reached the JobTracker for these
    const { jobs } = await c.jt.call('getAllJobs', {});
    expect(jobs.filter((j) => j.outputDir.endsWith('/existing') || j.outputDir.endsWith('/out-nope'))).to.deep.equal([]);
  });

  it('a job module that cannot load on a tracker (a file it needs was not shipped) fails the job with that error', async () => {
    const module = writeTwoFileJob(path.join(dir, 'twofile'));
    const r = await c.hadoop(jarArgs([module], ['/small.txt', '/out-twofile'], ['-D', 'mapred.map.max.attempts=2']), { timeoutMs: 120000 });
    expect(r.code, r.stderr).to.equal(1);
    const id = jobIdOf(r.stderr).slice('job_'.length);
    expect(r.stderr).to.match(new RegExp(`Job Failed: Task task_${id}_m_000000 failed 2 times\\. Last error: .*Cannot find module '\\./helper\\.js'`));
    expect(await c.fs.exists('/out-twofile/_SUCCESS')).to.equal(false);
  });
});
