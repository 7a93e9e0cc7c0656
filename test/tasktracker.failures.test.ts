import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CrashingMapper, FirstAttemptFailingMapper, HangingMapper } from './fixtures/faulty-jobs';
import { HADOOP_HOME, rmrf, tempDir } from './helpers';
import { PidMapper } from './tasktracker.fixture-jobs';
import { FakeJobTracker, JobOptions, launchMap, launchReduce, mapAttempt, reduceAttempt, stageJob, StagedJob, TaskTrackerProcess, waitFor } from './tasktracker.harness';

const FAULTY_JS = path.join(HADOOP_HOME, 'dist', 'test', 'fixtures', 'faulty-jobs.js');
const FIXTURE_JS = path.join(HADOOP_HOME, 'dist', 'test', 'tasktracker.fixture-jobs.js');

describe('TaskTracker daemon: failures, kills and an absent JobTracker', function () {
  this.timeout(120000);
  let dir: string;
  let jt: FakeJobTracker;
  let tt: TaskTrackerProcess | null = null;
  let jobs = 0;

  before(async () => {
    dir = tempDir('tasktracker-fail-');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'a.txt'), 'one two three\nfour five\n');
    jt = new FakeJobTracker();
    jt.intervalMs = 200;
    await jt.start();
    tt = await TaskTrackerProcess.start(dir, jt.address, { 'mapred.heartbeat.interval.ms': '200', 'mapred.tasktracker.map.tasks.maximum': '2' });
  });
  after(async () => {
    await tt?.stop();
    await jt?.stop();
    rmrf(dir);
  });

  const stage = (o: Partial<JobOptions> & Pick<JobOptions, 'mapper'>): Promise<StagedJob> =>
    stageJob(dir, { jobId: `job_201311201234_${String(++jobs).padStart(4, '0')}`, jobModule: FAULTY_JS, input: path.join(dir, 'in'), numReduces: 1, ...o });

  it('reports a map attempt that fails FAILED with its error, and runs the next attempt of the task', async () => {
    const job = await stage({ mapper: FirstAttemptFailingMapper });
    jt.send(launchMap(job, 0, 0));
    const failed = await jt.final(mapAttempt(job, 0, 0));
    expect(failed.state).to.equal('FAILED');
    expect(failed.diagnostics).to.equal('flaky: first attempt fails');
    expect(failed.finishTime).to.be.at.least(failed.startTime);
    await waitFor(() => jt.heartbeats.some((h) => h.req.status.failures === 1), 10000, 'the failure count');
    jt.send(launchMap(job, 0, 1));
    const ok = await jt.final(mapAttempt(job, 0, 1));
    expect(ok.state, ok.diagnostics).to.equal('SUCCEEDED');
    expect(ok.diagnostics).to.equal('');
  });

  it('kills a child that hangs past mapred.task.timeout and reports the attempt FAILED', async () => {
    const job = await stage({ mapper: HangingMapper, conf: { 'mapred.task.timeout': '1000' } });
    jt.send(launchMap(job, 0));
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state).to.equal('FAILED');
    expect(s.diagnostics).to.equal(`Task ${mapAttempt(job, 0)} failed to report status for 1 seconds. Killing!`);
    expect(s.finishTime - s.startTime).to.be.at.least(1000);
  });

  it('fails only the attempt of a child that crashes', async () => {
    const job = await stage({ mapper: CrashingMapper });
    jt.send(launchMap(job, 0));
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state).to.equal('FAILED');
    expect(s.diagnostics).to.equal(`Child process for ${mapAttempt(job, 0)} exited (code 7)`);
  });

  it('kills a running attempt on killTask and reports it KILLED', async () => {
    const job = await stage({ mapper: HangingMapper });
    jt.send(launchMap(job, 0));
    await waitFor(() => jt.latest(mapAttempt(job, 0))?.state === 'RUNNING', 10000, 'the attempt to run');
    // give the child time to start, so the kill reaches a process rather than a launch
    await new Promise((r) => setTimeout(r, 1500));
    const sent = Date.now();
    jt.send({ type: 'killTask', attemptId: mapAttempt(job, 0) });
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state).to.equal('KILLED');
    expect(s.diagnostics).to.equal('Killed by the JobTracker');
    expect(Date.now() - sent).to.be.below(10000);
  });

  it('fails the attempt when the job module cannot be fetched from the staging directory', async () => {
    const job = await stage({ mapper: FirstAttemptFailingMapper, withoutJobModule: true });
    jt.send(launchMap(job, 0, 1));
    const s = await jt.final(mapAttempt(job, 0, 1));
    expect(s.state).to.equal('FAILED');
    expect(s.diagnostics).to.match(new RegExp(`^Cannot localize ${job.jobId}: cannot copy .*/staging/${job.jobId}/job\\.js: `));
  });

  it('fails the attempt with the loader\'s error when the job module cannot be loaded', async () => {
    const broken = path.join(dir, 'client', 'broken-job.js');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, 'exports.BrokenMapper = class {\n');
    // the job names its mapper in its own module, as a JobClient would for a user's job
    const job = await stage({ mapper: FirstAttemptFailingMapper, jobModule: broken, conf: {} });
    const xml = path.join(job.jobDir, 'job.xml');
    fs.writeFileSync(xml, fs.readFileSync(xml, 'utf8').replace(/hadoop:test\/fixtures\/faulty-jobs\.js#FirstAttemptFailingMapper/, 'jar:broken-job.js#BrokenMapper'));
    jt.send(launchMap(job, 0));
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state).to.equal('FAILED');
    const local = path.join(dir, 'local', 'taskTracker', 'jobcache', job.jobId, 'job.js');
    expect(s.diagnostics).to.match(new RegExp(`^Cannot load module ${local.replace(/[.]/g, '\\.')} for class BrokenMapper: `));
  });

  it('reuses children within a job only as mapred.job.reuse.jvm.num.tasks allows, each attempt in its own directory', async () => {
    const pids = async (reuse: string): Promise<string[]> => {
      const job = await stage({ mapper: PidMapper, jobModule: FIXTURE_JS, conf: { 'mapred.job.reuse.jvm.num.tasks': reuse } });
      const out: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        jt.send(launchMap(job, 0, attempt));
        const s = await jt.final(mapAttempt(job, 0, attempt));
        expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
        const m = /^pid (\d+) cwd (.*)$/.exec(s.status);
        expect(m, s.status).to.not.equal(null);
        expect(m![2]).to.equal(path.join(dir, 'local', 'taskTracker', 'jobcache', job.jobId, mapAttempt(job, 0, attempt)));
        out.push(m![1]);
      }
      return out;
    };
    const fresh = await pids('1');
    expect(new Set(fresh).size).to.equal(3);
    const reused = await pids('-1');
    expect(new Set(reused).size).to.equal(1);
  });

  it('reports the map outputs a reduce cannot fetch, and fetches them from the new attempt after an obsolete event', async () => {
    const job = await stage({
      mapper: FirstAttemptFailingMapper,
      conf: { 'mapreduce.reduce.shuffle.fetch.retry.interval-ms': '100', 'mapred.task.timeout': '2000' },
    });
    const lost = mapAttempt(job, 0, 0);
    const rerun = mapAttempt(job, 0, 1);
    const reduce = reduceAttempt(job, 0);
    jt.send(launchMap(job, 0, 1));
    expect((await jt.final(rerun)).state).to.equal('SUCCEEDED');
    // the reduce is told of an output on a tracker that is gone
    jt.send(launchReduce(job, 0, [{ mapIndex: 0, attemptId: lost, server: '127.0.0.1:1', obsolete: false }]));
    await waitFor(() => jt.statuses.get(reduce)?.some((st) => st.fetchFailures?.includes(lost)), 20000, 'a fetch failure report');
    jt.autoCommit = false;
    try {
      jt.send({
        type: 'mapCompletionEvents',
        attemptId: reduce,
        events: [
          { mapIndex: 0, attemptId: lost, server: '127.0.0.1:1', obsolete: true },
          { mapIndex: 0, attemptId: rerun, server: tt!.ready.httpAddress, obsolete: false },
        ],
      });
      await waitFor(() => jt.latest(reduce)?.state === 'COMMIT_PENDING', 20000, 'the reduce to wait for its commit');
      // waiting for the JobTracker's answer is not hanging: twice mapred.task.timeout later it still waits
      await new Promise((r) => setTimeout(r, 4500));
      expect(jt.latest(reduce)?.state).to.equal('COMMIT_PENDING');
    } finally {
      jt.autoCommit = true;
    }
    jt.send({ type: 'commitTask', attemptId: reduce });
    const s = await jt.final(reduce);
    expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
    expect(fs.readFileSync(path.join(job.outputDir, 'part-r-00000'), 'utf8')).to.equal('five\t1\nfour\t1\none\t1\nthree\t1\ntwo\t1\n');
    // only the lost output was reported, and not once the new one was known
    const reported = jt.statuses.get(reduce)!.flatMap((st) => st.fetchFailures ?? []);
    expect(new Set(reported)).to.deep.equal(new Set([lost]));
  });

  it('keeps statuses while the JobTracker is down and delivers them when it answers again', async () => {
    const job = await stage({ mapper: FirstAttemptFailingMapper });
    const attempt = mapAttempt(job, 0, 1);
    jt.script = () => {
      // the JobTracker hands out the task, then goes away
      jt.down = true;
      jt.script = null;
      return [launchMap(job, 0, 1)];
    };
    try {
      await waitFor(() => jt.refused >= 5, 20000, 'heartbeats to be retried');
      expect(jt.statuses.has(attempt)).to.equal(false);
    } finally {
      jt.down = false;
    }
    const s = await jt.final(attempt);
    expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
    expect(jt.statuses.get(attempt)!.map((x) => x.state)).to.deep.equal(['SUCCEEDED']);
  });

  it('registers again (initialContact) after reinitTracker', async () => {
    const before = jt.heartbeats.length;
    jt.send({ type: 'reinitTracker' });
    const again = await waitFor(() => jt.heartbeats.slice(before).find((h) => h.req.initialContact), 10000, 'a heartbeat with initialContact');
    expect(again.req.responseId).to.equal(0);
    expect(again.req.status.taskReports).to.deep.equal([]);
    expect(fs.readdirSync(path.join(dir, 'local', 'taskTracker', 'jobcache'))).to.deep.equal([]);
  });
});
