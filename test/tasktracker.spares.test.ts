import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HADOOP_HOME, rmrf, tempDir } from './helpers';
import { PidMapper } from './tasktracker.fixture-jobs';
import { FakeJobTracker, launchMap, mapAttempt, stageJob, StagedJob, TaskTrackerProcess, waitFor } from './tasktracker.harness';

const FIXTURE_JS = path.join(HADOOP_HOME, 'dist', 'test', 'tasktracker.fixture-jobs.js');

/** The tracker's child processes right now (Linux: /proc/<pid>/task/<pid>/children). */
function children(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

describe('TaskTracker: spare task children forked ahead (mapred.tasktracker.spare.children)', function () {
  this.timeout(120000);
  let dir: string;
  let jt: FakeJobTracker;
  let tt: TaskTrackerProcess | null = null;
  let jobs = 0;

  before(async function () {
    if (!fs.existsSync('/proc/self/task')) this.skip();
    dir = tempDir('tasktracker-spares-');
    fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'in', 'a.txt'), 'one two three\n');
    jt = new FakeJobTracker();
    jt.intervalMs = 200;
    await jt.start();
    tt = await TaskTrackerProcess.start(dir, jt.address, { 'mapred.heartbeat.interval.ms': '200', 'mapred.tasktracker.spare.children': '1' });
  });
  after(async () => {
    await tt?.stop();
    await jt?.stop();
    if (dir) rmrf(dir);
  });

  const stage = (conf: Record<string, string> = {}): Promise<StagedJob> =>
    stageJob(dir, { jobId: `job_201311201234_${String(++jobs).padStart(4, '0')}`, mapper: PidMapper, jobModule: FIXTURE_JS, input: path.join(dir, 'in'), numReduces: 1, conf });

  const pidOf = (status: string) => Number(/^pid (\d+) /.exec(status)?.[1]);

  it('runs an attempt in the spare forked before it was launched, and forks the next spare', async () => {
    const ttPid = tt!.proc.pid!;
    await waitFor(() => children(ttPid).length === 1, 30000, 'one spare child');
    const [spare] = children(ttPid);
    const job = await stage();
    jt.send(launchMap(job, 0));
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
    expect(pidOf(s.status)).to.equal(spare);
    // the used spare is gone with its job's task (no reuse across attempts by default); a new one waits
    await waitFor(() => children(ttPid).length === 1 && children(ttPid)[0] !== spare, 30000, 'a new spare');
  });

  it('forks its own child for a job with its own child options (mapred.child.node.opts), leaving the spare', async () => {
    const ttPid = tt!.proc.pid!;
    await waitFor(() => children(ttPid).length === 1, 30000, 'one spare child');
    const [spare] = children(ttPid);
    const job = await stage({ 'mapred.child.node.opts': '--max-old-space-size=256' });
    jt.send(launchMap(job, 0));
    const s = await jt.final(mapAttempt(job, 0));
    expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
    expect(pidOf(s.status)).to.not.equal(spare);
    expect(children(ttPid)).to.include(spare);
  });
});
