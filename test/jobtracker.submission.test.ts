import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jtIdentifier } from '../mapreduce/api/ids';
import { AutoRunner, FakeTracker, TestCluster, until } from './jobtracker.fakes';

describe('JobTracker: submission, ids and a job run end to end with fake trackers', function () {
  this.timeout(60000);
  let c: TestCluster;

  beforeEach(async () => {
    c = await new TestCluster().start();
  });
  afterEach(async () => {
    await c.stop();
  });

  it('hands out job ids job_<yyyyMMddHHmm of start>_NNNN and attempt ids attempt_<jt>_NNNN_m_NNNNNN_n', async () => {
    const startId = jtIdentifier(new Date(c.jt.startTime));
    const a = await c.client.call('getNewJobId', {});
    const b = await c.client.call('getNewJobId', {});
    expect(a.jobId).to.equal(`job_${startId}_0001`);
    expect(b.jobId).to.equal(`job_${startId}_0002`);
    expect(a.stagingDir).to.equal(`file://${path.join(c.dir, 'staging')}`);
    const status = await c.submit({ maps: 1, reduces: 0 });
    expect(status.jobId).to.equal(`job_${startId}_0003`);
    expect(status.state).to.equal('RUNNING');
    const t = c.tracker('tracker_a:1');
    await t.heartbeat();
    expect(t.launchedIds()).to.deep.equal([`attempt_${startId}_0003_m_000000_0`]);
    const task = t.launched[0];
    expect(task.jobDir).to.equal(`${a.stagingDir}/${status.jobId}`);
    expect(task.split).to.deep.equal({ path: 'file:/in/part-0', start: 0, length: 100, hosts: [] });
    expect(task.conf['mapred.job.name']).to.equal('fake job');
    expect(task.numMaps).to.equal(1);
    expect(task.numReduces).to.equal(0);
  });

  it('refuses a job id it did not hand out, a second submission, and a job directory outside its staging root', async () => {
    const s = await c.submit({ maps: 1 });
    const sub = { jobId: s.jobId, jobDir: `file://${path.join(c.dir, 'staging', s.jobId)}`, user: 'u', jobName: 'x', numMaps: 1, numReduces: 1 };
    let err = await c.client.call('submitJob', { submission: sub }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(`Job ${s.jobId} was already submitted`);
    err = await c.client.call('submitJob', { submission: { ...sub, jobId: 'job_209901010000_0042' } }).catch((e: Error) => e);
    expect((err as Error).message).to.equal('Job id job_209901010000_0042 was not handed out by this JobTracker');
    const { jobId } = await c.client.call('getNewJobId', {});
    err = await c.client.call('submitJob', { submission: { ...sub, jobId, jobDir: '/etc' } }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(`The job directory of ${jobId} must be file://${path.join(c.dir, 'staging', jobId)}, not /etc`);
    err = await c.client.call('submitJob', { submission: { ...sub, jobId, jobDir: `file://${path.join(c.dir, 'staging', jobId)}` } }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(`No job.xml in the job directory file://${path.join(c.dir, 'staging', jobId)}`);
  });

  it('runs a job to success: counters summed over winning attempts, output committed, history in both places, staging removed', async () => {
    const s = await c.submit({ maps: 3, reduces: 2, name: 'sum job' });
    const a = c.tracker('tracker_a:1');
    const b = c.tracker('tracker_b:2');
    const auto = new AutoRunner([a, b]).start();
    try {
      const done = await c.waitFor(s.jobId, 'SUCCEEDED');
      expect(done.mapProgress).to.equal(1);
      expect(done.reduceProgress).to.equal(1);
      const tc = done.counters['org.apache.hadoop.mapreduce.TaskCounter'];
      expect(tc.MAP_INPUT_RECORDS).to.equal(30);
      expect(tc.REDUCE_OUTPUT_RECORDS).to.equal(10);
      const jc = done.counters['org.apache.hadoop.mapreduce.JobCounter'];
      expect(jc.TOTAL_LAUNCHED_MAPS).to.equal(3);
      expect(jc.TOTAL_LAUNCHED_REDUCES).to.equal(2);
      const out = c.outputDir(s.jobId);
      expect(fs.readdirSync(out).sort()).to.deep.equal(['_SUCCESS', '_logs']);
      const hist = fs.readdirSync(path.join(out, '_logs', 'history')).sort();
      expect(hist).to.have.length(2);
      expect(hist[0]).to.match(new RegExp(`^${s.jobId}_\\d+_tester_sum%20job$`));
      expect(hist[1]).to.equal(`${s.jobId}_conf.xml`);
      expect(fs.readdirSync(path.join(c.dir, 'jt-history')).sort()).to.deep.equal(hist);
      const log = fs.readFileSync(path.join(out, '_logs', 'history', hist[0]), 'utf8');
      expect(log).to.match(/^Meta VERSION="1" \.\nJob JOBID="job_\d+_0001" JOBNAME="sum job" USER="tester" SUBMIT_TIME="\d+" JOBCONF="[^"]+job\.xml" \.\n/);
      expect(log).to.match(/MapAttempt TASK_TYPE="MAP" TASKID="task_\d+_0001_m_000000" TASK_ATTEMPT_ID="attempt_\d+_0001_m_000000_0" START_TIME="\d+" TRACKER_NAME="tracker_[ab]:\d" HTTP_PORT="\d+" \./);
      expect(log).to.match(/ReduceAttempt TASK_TYPE="REDUCE" TASKID="task_\d+_0001_r_000001" TASK_ATTEMPT_ID="attempt_\d+_0001_r_000001_0" TASK_STATUS="SUCCESS" FINISH_TIME="\d+" HOSTNAME="localhost"/);
      expect(log).to.match(/Job JOBID="job_\d+_0001" FINISH_TIME="\d+" JOB_STATUS="SUCCESS" FINISHED_MAPS="3" FINISHED_REDUCES="2" FAILED_MAPS="0" FAILED_REDUCES="0" COUNTERS="/);
      await until('the staging directory to go', () => !fs.existsSync(path.join(c.dir, 'staging', s.jobId)));
      await until('killJob to reach both trackers', () => a.killedJobs.includes(s.jobId) && b.killedJobs.includes(s.jobId));
    } finally {
      await auto.stop();
    }
  });

  it('fails a job whose output format the JobTracker cannot load, naming the class', async () => {
    const s = await c.submit({ maps: 1, conf: { 'mapreduce.outputformat.class': 'hadoop:nowhere/missing.js#MissingOutputFormat' } });
    const done = await c.waitFor(s.jobId, 'FAILED');
    expect(done.failureInfo).to.match(/^Job initialization failed: Cannot load module .*\/nowhere\/missing\.js for class MissingOutputFormat: Cannot find module/);
    const t = c.tracker('tracker_a:1');
    await t.heartbeat();
    expect(t.launched).to.deep.equal([]);
  });

  it('sends reduces the map outputs finished before they started, then each new one as an event', async () => {
    const s = await c.submit({ maps: 2, reduces: 1, conf: { 'mapred.reduce.slowstart.completed.maps': 0.5 } });
    const a = c.tracker('tracker_a:1', { maps: 1, reduces: 1 });
    await a.heartbeat();
    const [m0] = a.launchedIds();
    a.succeed(m0);
    await a.heartbeat();
    const [, m1, r0] = a.launchedIds();
    expect(m1).to.match(/_m_000001_0$/);
    expect(r0).to.match(/_r_000000_0$/);
    expect(a.launched[2].mapOutputLocations).to.deep.equal([{ mapIndex: 0, attemptId: m0, server: a.httpAddress, obsolete: false }]);
    a.succeed(m1);
    await a.heartbeat();
    expect(a.events.get(r0)).to.deep.equal([
      { mapIndex: 0, attemptId: m0, server: a.httpAddress, obsolete: false },
      { mapIndex: 1, attemptId: m1, server: a.httpAddress, obsolete: false },
    ]);
    expect((await c.status(s.jobId)).mapProgress).to.equal(1);
  });

  it('holds an idle tracker\'s heartbeat open and answers it as soon as a job brings work', async () => {
    await c.stop();
    c = await new TestCluster().start({ 'mapred.jobtracker.heartbeat.hold.ms': 10000 });
    const t = c.tracker('tracker_a:1', { maps: 1 });
    const started = Date.now();
    const held = t.heartbeat();
    await new Promise((r) => setTimeout(r, 200));
    const s = await c.submit({ maps: 2, reduces: 0 });
    const res = await held;
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(res.actions.map((a) => a.type)).to.deep.equal(['launchTask']);
    expect(t.launchedIds()).to.deep.equal([`attempt_${s.jobId.slice(4)}_m_000000_0`]);
    // a busy tracker is answered at once
    const busy = Date.now();
    await t.heartbeat();
    expect(Date.now() - busy).to.be.lessThan(2000);
  });

  it('answers a held heartbeat with nothing after mapred.jobtracker.heartbeat.hold.ms, asking for the next at once', async () => {
    await c.stop();
    c = await new TestCluster().start({ 'mapred.jobtracker.heartbeat.hold.ms': 300 });
    const t = c.tracker('tracker_a:1');
    const started = Date.now();
    const res = await t.heartbeat();
    expect(Date.now() - started).to.be.greaterThanOrEqual(250);
    expect(res).to.deep.equal({ responseId: 1, intervalMs: 0, actions: [] });
    // not held when it asks for no tasks
    const quick = Date.now();
    await t.heartbeat(false);
    expect(Date.now() - quick).to.be.lessThan(250);
  });

  it('asks a tracker it does not know to re-initialize, and answers with the heartbeat interval', async () => {
    const t = new FakeTracker(c.jt.address, 'tracker_x:1');
    await t.heartbeat();
    expect(t.lastInterval).to.equal(100);
    await c.jt.stop();
    const fresh = await new TestCluster().start();
    try {
      const again = new FakeTracker(fresh.jt.address, 'tracker_x:1');
      // pretend it had registered with an earlier JobTracker
      (again as unknown as { registered: boolean }).registered = true;
      const res = await again.heartbeat();
      expect(res.actions).to.deep.equal([{ type: 'reinitTracker' }]);
      expect(again.reinits).to.equal(1);
      await again.heartbeat();
      expect((await fresh.client.call('getTrackers', {})).trackers.map((x) => x.trackerName)).to.deep.equal(['tracker_x:1']);
    } finally {
      await fresh.stop();
    }
  });
});
