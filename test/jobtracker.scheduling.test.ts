import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestCluster, until } from './jobtracker.fakes';

const JC = 'org.apache.hadoop.mapreduce.JobCounter';
const mapIndex = (id: string) => Number(/_m_(\d{6})_\d+$/.exec(id)?.[1]);

describe('JobTracker: FIFO scheduling, locality, slowstart, retries and blacklists', function () {
  this.timeout(60000);
  let c: TestCluster;

  afterEach(async () => {
    await c.stop();
  });

  it('gives each tracker the maps whose split is on its host, and counts them as data-local', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ hosts: [['hostA'], ['hostB'], ['hostA', 'hostX'], ['hostB']], reduces: 0 });
    const a = c.tracker('tracker_hostA:1', { host: 'hostA', maps: 2 });
    const b = c.tracker('tracker_hostB:1', { host: 'hostB', maps: 2 });
    await b.heartbeat(false);
    await a.heartbeat();
    await b.heartbeat();
    expect(a.launchedIds().map(mapIndex)).to.deep.equal([0, 2]);
    expect(b.launchedIds().map(mapIndex)).to.deep.equal([1, 3]);
    const jc = (await c.status(s.jobId)).counters[JC];
    expect(jc.DATA_LOCAL_MAPS).to.equal(4);
    expect(jc.RACK_LOCAL_MAPS).to.equal(undefined);
  });

  it('takes localhost (the local filesystem\'s block host) and 127.0.0.1 (a tracker on this machine) as one host', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ hosts: [['localhost'], ['otherhost']], reduces: 0 });
    const t = c.tracker('tracker_127.0.0.1:1', { host: '127.0.0.1', maps: 2 });
    await t.heartbeat();
    expect(t.launchedIds().map(mapIndex)).to.deep.equal([0, 1]);
    const jc = (await c.status(s.jobId)).counters[JC];
    expect([jc.DATA_LOCAL_MAPS, jc.RACK_LOCAL_MAPS]).to.deep.equal([1, 1]);
  });

  it('hands out at most one map local to another live tracker (off its rack) per heartbeat', async () => {
    const table = path.join(os.tmpdir(), `topology-${process.pid}-a.txt`);
    fs.writeFileSync(table, 'hostA /rack1\nhostC /rack2\n');
    try {
      c = await new TestCluster().start({ 'net.topology.table.file.name': table });
      await c.submit({ hosts: [['hostA'], ['hostA'], ['hostA']], reduces: 0 });
      const a = c.tracker('tracker_hostA:1', { host: 'hostA', maps: 2 });
      const other = c.tracker('tracker_hostC:1', { host: 'hostC', maps: 3 });
      await a.heartbeat(false);
      await other.heartbeat();
      expect(other.launchedIds().map(mapIndex)).to.deep.equal([0]);
      await a.heartbeat();
      expect(a.launchedIds().map(mapIndex)).to.deep.equal([1, 2]);
    } finally {
      fs.rmSync(table, { force: true });
    }
  });

  it('prefers a rack-local map (racks from net.topology.table.file.name) and counts it', async () => {
    const table = path.join(os.tmpdir(), `topology-${process.pid}-b.txt`);
    fs.writeFileSync(table, 'hostA /rack1\nhostR /rack1\nhostB /rack2\n');
    try {
      c = await new TestCluster().start({ 'net.topology.table.file.name': table });
      const s = await c.submit({ hosts: [['hostB'], ['hostA']], reduces: 0 });
      const r = c.tracker('tracker_hostR:1', { host: 'hostR', maps: 1 });
      await r.heartbeat();
      expect(r.launchedIds().map(mapIndex)).to.deep.equal([1]);
      const jc = (await c.status(s.jobId)).counters[JC];
      expect(jc.RACK_LOCAL_MAPS).to.equal(1);
      expect(jc.DATA_LOCAL_MAPS).to.equal(undefined);
    } finally {
      fs.rmSync(table, { force: true });
    }
  });

  it('runs jobs first in, first out', async () => {
    c = await new TestCluster().start();
    const j1 = await c.submit({ maps: 2, reduces: 0 });
    const j2 = await c.submit({ maps: 2, reduces: 0 });
    const t = c.tracker('tracker_a:1', { maps: 1 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      await t.heartbeat();
      const id = t.launchedIds()[i];
      order.push(id);
      t.commitPending(id);
      await t.heartbeat();
      t.succeed(id);
    }
    const job = (id: string) => `job_${/^attempt_(.+)_m_/.exec(id)![1]}`;
    expect(order.map(job)).to.deep.equal([j1.jobId, j1.jobId, j2.jobId, j2.jobId]);
  });

  it('starts reduces only once mapred.reduce.slowstart.completed.maps of the maps are done', async () => {
    c = await new TestCluster().start();
    await c.submit({ maps: 4, reduces: 1, conf: { 'mapred.reduce.slowstart.completed.maps': 0.5 } });
    const t = c.tracker('tracker_a:1', { maps: 1, reduces: 1 });
    const reduceLaunchedAfter: number[] = [];
    for (let done = 0; done < 4; done++) {
      await t.heartbeat();
      if (t.launched.some((l) => !l.isMap) && reduceLaunchedAfter.length === 0) reduceLaunchedAfter.push(done);
      const m = t.launched.filter((l) => l.isMap).map((l) => l.attemptId)[done];
      t.succeed(m);
    }
    expect(reduceLaunchedAfter).to.deep.equal([2]);
  });

  it('retries a failed attempt on another tracker, and anywhere once it failed on every live tracker', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 1, reduces: 0 });
    const a = c.tracker('tracker_a:1');
    const b = c.tracker('tracker_b:1');
    await b.heartbeat(false);
    await a.heartbeat();
    const [first] = a.launchedIds();
    a.fail(first, 'boom 0');
    await a.heartbeat();
    expect(a.launched).to.have.length(1);
    await b.heartbeat();
    expect(b.launchedIds()).to.deep.equal([first.replace(/_0$/, '_1')]);
    b.fail(b.launchedIds()[0], 'boom 1');
    // it failed on both live trackers: either may run it now, b as the first to ask
    await b.heartbeat();
    expect(b.launchedIds()).to.deep.equal([first.replace(/_0$/, '_1'), first.replace(/_0$/, '_2')]);
    const reports = (await c.client.call('getTaskReports', { jobId: s.jobId })).tasks;
    expect(reports[0].attempts.map((x) => [x.attemptId.slice(-1), x.state, x.tracker, x.diagnostics])).to.deep.equal([
      ['0', 'FAILED', 'tracker_a:1', 'boom 0'],
      ['1', 'FAILED', 'tracker_b:1', 'boom 1'],
      ['2', 'UNASSIGNED', 'tracker_b:1', ''],
    ]);
  });

  it('fails the job when a task fails mapred.map.max.attempts times, with the last error, and aborts the output', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 2, reduces: 1, conf: { 'mapred.map.max.attempts': 2 } });
    const a = c.tracker('tracker_a:1', { maps: 1 });
    const b = c.tracker('tracker_b:1', { maps: 1 });
    await a.heartbeat();
    await b.heartbeat();
    const [m0] = a.launchedIds();
    const [m1] = b.launchedIds();
    expect(fs.existsSync(path.join(c.outputDir(s.jobId), '_temporary'))).to.equal(true);
    a.fail(m0, 'boom: first');
    await a.heartbeat();
    // not again on a while b is there: the retry waits for b's slot
    expect(a.launched).to.have.length(1);
    b.succeed(m1);
    await b.heartbeat();
    const retry = b.launchedIds()[1];
    expect(retry).to.equal(m0.replace(/_0$/, '_1'));
    const reduce = b.launchedIds()[2];
    expect(reduce).to.match(/_r_000000_0$/);
    b.fail(retry, 'boom: second\n  at map (job.js:3)');
    await b.heartbeat();
    const done = await c.waitFor(s.jobId, 'FAILED');
    const tid = m0.replace(/^attempt_/, 'task_').replace(/_0$/, '');
    expect(done.failureInfo).to.equal(`Task ${tid} failed 2 times. Last error: boom: second\n  at map (job.js:3)`);
    expect(done.counters[JC].NUM_FAILED_MAPS).to.equal(2);
    expect(fs.readdirSync(c.outputDir(s.jobId))).to.deep.equal(['_logs']);
    await b.heartbeat();
    expect(b.kills).to.deep.equal([reduce]);
    expect(b.killedJobs).to.deep.equal([s.jobId]);
    const hist = fs.readdirSync(path.join(c.outputDir(s.jobId), '_logs', 'history')).find((f) => !f.endsWith('.xml'))!;
    const text = fs.readFileSync(path.join(c.outputDir(s.jobId), '_logs', 'history', hist), 'utf8');
    expect(text).to.include(`TASK_STATUS="FAILED" FINISH_TIME=`);
    expect(text).to.include(`ERROR="boom: second\\n  at map (job.js:3)"`);
    expect(text).to.match(/Job JOBID="[^"]+" FINISH_TIME="\d+" JOB_STATUS="FAILED" FINISHED_MAPS="1" FINISHED_REDUCES="0" FAILED_MAPS="1"/);
  });

  it('blacklists a tracker for a job after mapred.max.tracker.failures failures there', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 3, reduces: 0, conf: { 'mapred.max.tracker.failures': 2, 'mapred.map.max.attempts': 10 } });
    const a = c.tracker('tracker_a:1', { maps: 2 });
    const b = c.tracker('tracker_b:1', { maps: 1 });
    await b.heartbeat(false);
    await a.heartbeat();
    expect(a.launchedIds().map(mapIndex)).to.deep.equal([0, 1]);
    for (const id of a.launchedIds()) a.fail(id, 'bad disk');
    await a.heartbeat();
    expect(a.launched).to.have.length(2);
    await b.heartbeat();
    expect(b.launchedIds().map(mapIndex)).to.deep.equal([0]);
    expect((await c.status(s.jobId)).state).to.equal('RUNNING');
    await until('a to stay idle', async () => {
      await a.heartbeat();
      return a.launched.length === 2;
    });
  });
});
