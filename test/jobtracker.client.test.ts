import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { jtIdentifier } from '../mapreduce/api/ids';
import { runHadoop } from './helpers';
import { AutoRunner, FakeTracker, TestCluster, until } from './jobtracker.fakes';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('JobClient against a JobTracker (hadoop jar, fake trackers)', function () {
  this.timeout(120000);
  let c: TestCluster;
  let input: string;
  let jt: string[];

  beforeEach(async () => {
    c = await new TestCluster().start();
    input = path.join(c.dir, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'a.txt'), 'one two two\n');
    fs.writeFileSync(path.join(input, 'b.txt'), 'three three three\n');
    jt = ['-D', `mapred.job.tracker=${c.jt.address}`, '-D', 'mapreduce.client.progress.interval.ms=50'];
  });
  afterEach(async () => {
    await c.stop();
  });

  it('stages the job files, submits, prints progress and counters like the local runner, and exits 0', async () => {
    const a = c.tracker('tracker_a:1');
    const b = c.tracker('tracker_b:1');
    let staged: string[] = [];
    const auto = new AutoRunner([a, b], (t, id) => {
      if (staged.length === 0) {
        const jobDir = t.launched.find((l) => l.attemptId === id)!.jobDir.replace(/^file:\/\//, '');
        staged = fs.readdirSync(jobDir).sort();
      }
      return 'succeed';
    }).start();
    try {
      const out = path.join(c.dir, 'out');
      const r = await runHadoop(['jar', 'examples', 'wordcount', ...jt, input, out]);
      expect(r.code, r.stderr).to.equal(0);
      const id = `job_${jtIdentifier(new Date(c.jt.startTime))}_0001`;
      expect(r.stderr).to.include(`INFO mapred.JobClient: Running job: ${id}`);
      expect(r.stderr).to.include('INFO mapred.JobClient:  map 0% reduce 0%');
      expect(r.stderr).to.include('INFO mapred.JobClient:  map 100% reduce 100%');
      expect(r.stderr).to.include(`INFO mapred.JobClient: Job complete: ${id}`);
      expect(r.stderr).to.match(/INFO mapred\.JobClient: Counters: \d+\n/);
      expect(r.stderr).to.include('INFO mapred.JobClient:   Job Counters \n');
      expect(r.stderr).to.include('INFO mapred.JobClient:     Launched map tasks=2\n');
      expect(r.stderr).to.include('INFO mapred.JobClient:     Launched reduce tasks=1\n');
      expect(r.stderr).to.include('INFO mapred.JobClient:     Map input records=20\n');
      expect(staged).to.deep.equal(['job.conf.json', 'job.js', 'job.splits.json', 'job.xml']);
      const task = [...a.launched, ...b.launched].find((l) => l.isMap)!;
      expect(task.conf['mapred.jar']).to.equal('job.js');
      expect(task.conf['mapreduce.map.class']).to.equal('hadoop:examples/wordcount.js#TokenizerMapper');
      expect((task.split as { path: string }).path).to.match(/^file:.*\/in\/[ab]\.txt$/);
      expect(fs.readdirSync(out).sort()).to.deep.equal(['_SUCCESS', '_logs']);
      await until('the staging directory to go', () => !fs.existsSync(path.join(c.dir, 'staging', id)));
    } finally {
      await auto.stop();
    }
  });

  it('prints each failed attempt with its error and fails the job with the last error (exit 1)', async () => {
    const a = c.tracker('tracker_a:1');
    const auto = new AutoRunner([a], (_t, id) => (/_m_000000_/.test(id) ? { fail: `boom: cannot parse record (${id.slice(-1)})` } : 'succeed')).start();
    try {
      const r = await runHadoop(['jar', 'examples', 'wordcount', ...jt, '-D', 'mapred.map.max.attempts=2', input, path.join(c.dir, 'out')]);
      expect(r.code).to.equal(1);
      const id = `${jtIdentifier(new Date(c.jt.startTime))}_0001`;
      expect(r.stderr).to.include(`INFO mapred.JobClient: Task Id : attempt_${id}_m_000000_0, Status : FAILED\nboom: cannot parse record (0)\n`);
      expect(r.stderr).to.include(`INFO mapred.JobClient: Task Id : attempt_${id}_m_000000_1, Status : FAILED\nboom: cannot parse record (1)\n`);
      expect(r.stderr.match(/Status : FAILED/g)).to.have.length(2);
      expect(r.stderr).to.include(`INFO mapred.JobClient: Job Failed: Task task_${id}_m_000000 failed 2 times. Last error: boom: cannot parse record (1)\n`);
      expect(r.stderr).to.include('    Failed map tasks=2');
    } finally {
      await auto.stop();
    }
  });

  it('refuses an existing output directory and a missing input before submitting anything', async () => {
    const out = path.join(c.dir, 'existing');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const exists = await runHadoop(['jar', 'examples', 'wordcount', ...jt, input, out]);
    expect(exists.code).to.equal(1);
    expect(exists.stderr.trim()).to.equal(`hadoop: Output directory file:${out} already exists`);
    expect(fs.readdirSync(out)).to.deep.equal(['keep.txt']);
    const missing = await runHadoop(['jar', 'examples', 'wordcount', ...jt, path.join(c.dir, 'nope'), path.join(c.dir, 'o1')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim()).to.equal(`hadoop: Input path does not exist: file:${path.join(c.dir, 'nope')}`);
    expect((await c.client.call('getAllJobs', {})).jobs).to.deep.equal([]);
    expect(fs.existsSync(path.join(c.dir, 'staging')) ? fs.readdirSync(path.join(c.dir, 'staging')) : []).to.deep.equal([]);
  });

  it('says in one line when the JobTracker cannot be reached', async () => {
    const port = await closedPort();
    const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', `mapred.job.tracker=127.0.0.1:${port}`, input, path.join(c.dir, 'o2')]);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.equal(`hadoop: Cannot reach the JobTracker at 127.0.0.1:${port}: ECONNREFUSED`);
    const job = await runHadoop(['job', '-D', `mapred.job.tracker=127.0.0.1:${port}`, '-list']);
    expect(job.code).to.equal(1);
    expect(job.stderr.trim()).to.equal(`Cannot reach the JobTracker at 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('hadoop job: -list, -status, -kill-task, -fail-task, -kill, -history and unknown ids', async () => {
    const s = await c.submit({ maps: 2, reduces: 1, name: 'listed' });
    const a = new FakeTracker(c.jt.address, 'tracker_a:1', { maps: 1 });
    await a.heartbeat();
    const [m0] = a.launchedIds();
    const list = await runHadoop(['job', ...jt, '-list']);
    expect(list.code, list.stderr).to.equal(0);
    expect(list.stdout).to.equal(`1 jobs currently running\nJobId\tState\tStartTime\tUserName\tPriority\tSchedulingInfo\n${s.jobId}\t1\t${s.startTime}\ttester\tNORMAL\tNA\n`);
    const status = await runHadoop(['job', ...jt, '-status', s.jobId]);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.match(
      new RegExp(
        `^\\nJob: ${s.jobId}\\nfile: file://.*/staging/${s.jobId}/job\\.xml\\ntracking URL: http://${c.jt.address}/status/jobs/${s.jobId}\\nmap\\(\\) completion: 0\\.0\\nreduce\\(\\) completion: 0\\.0\\nJob state: RUNNING\\n\\nCounters: 1\\n  Job Counters \\n    Launched map tasks=1\\n$`,
      ),
    );
    const killTask = await runHadoop(['job', ...jt, '-kill-task', m0]);
    expect([killTask.code, killTask.stdout]).to.deep.equal([0, `Killed task ${m0}\n`]);
    await a.heartbeat();
    await a.heartbeat();
    const m1 = a.launchedIds()[1];
    const failTask = await runHadoop(['job', ...jt, '-fail-task', m1]);
    expect([failTask.code, failTask.stdout]).to.deep.equal([0, `Killed task ${m1} by failing it\n`]);
    const again = await runHadoop(['job', ...jt, '-kill-task', m1]);
    expect([again.code, again.stderr]).to.deep.equal([1, `Task attempt ${m1} is not running (FAILED)\n`]);
    const kill = await runHadoop(['job', ...jt, '-kill', s.jobId]);
    expect([kill.code, kill.stdout]).to.deep.equal([0, `Killed job ${s.jobId}\n`]);
    await c.waitFor(s.jobId, 'KILLED');
    const all = await runHadoop(['job', ...jt, '-list', 'all']);
    expect(all.stdout).to.equal(`1 jobs submitted\nStates are:\n\tRunning : 1\tSucceded : 2\tFailed : 3\tPrep : 4\nJobId\tState\tStartTime\tUserName\tPriority\tSchedulingInfo\n${s.jobId}\t5\t${s.startTime}\ttester\tNORMAL\tNA\n`);
    const hist = await runHadoop(['job', ...jt, '-history', c.outputDir(s.jobId)]);
    expect(hist.code, hist.stderr).to.equal(0);
    const lines = hist.stdout.split('\n');
    expect(lines.slice(0, 5)).to.deep.equal(['', `Hadoop job: ${s.jobId}`, '=====================================', 'User: tester', 'JobName: listed']);
    expect(lines[6]).to.match(/^Submitted At: \d{1,2}-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d$/);
    expect(lines[7]).to.match(/^Launched At: \d{1,2}-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d \(0sec\)$/);
    expect(lines[9]).to.equal('Status: KILLED');
    expect(lines.slice(12, 16)).to.deep.equal(['Task Summary', '============================', 'Kind\tTotal\tSuccessful\tFailed\tKilled\tStartTime\tFinishTime', '']);
    expect(lines[16]).to.match(/^Map\t2\t0\t\t1\t1\t\d.*\t\d.* \(\d+sec\)$/);
    expect(lines[17]).to.equal('Reduce\t0\t0\t\t0\t0\t\t');
    expect(hist.stdout).to.include(`FAILED task attempts by nodes\nHostname\tFailedTasks\n===============================\nlocalhost\t${m1}\n`);
    const unknown = await runHadoop(['job', ...jt, '-status', 'job_201001010000_0099']);
    expect([unknown.code, unknown.stderr]).to.deep.equal([1, 'Could not find job job_201001010000_0099\n']);
    const bad = await runHadoop(['job', ...jt, '-kill', 'jobby']);
    expect([bad.code, bad.stderr]).to.deep.equal([1, 'JobId string : jobby is not properly formed\n']);
    const usage = await runHadoop(['job', ...jt]);
    expect(usage.code).to.equal(1);
    expect(usage.stderr.split('\n')[0]).to.equal('Usage: JobClient <command> <args>');
    const noHistory = await runHadoop(['job', ...jt, '-history', path.join(c.dir, 'nowhere')]);
    expect([noHistory.code, noHistory.stderr]).to.deep.equal([1, `No job history in ${path.join(c.dir, 'nowhere')}/_logs/history\n`]);
  });
});
