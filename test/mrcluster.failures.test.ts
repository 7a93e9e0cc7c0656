import { expect } from 'chai';
import { FETCH_FAILURES_DIAGNOSTIC } from '../mapreduce/jobtracker/fetch-failures';
import * as path from 'node:path';
import type { TaskReport } from '../mapreduce/protocol/types';
import { daemonsAvailable } from './dfs-harness';
import { rmrf, tempDir } from './helpers';
import { dfsParts, FIXTURES, jarArgs, localParts, MrCluster, printedCounter, runLocal, startMrCluster, taskReports, waitForJob, writeCorpus } from './mr-harness';

const SLOW = [path.join(FIXTURES, 'cluster-jobs.js'), 'SlowWordCount'];
const STRAGGLER = [path.join(FIXTURES, 'cluster-jobs.js'), 'StragglerWordCount'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function maps(tasks: TaskReport[]): TaskReport[] {
  return tasks.filter((t) => t.isMap);
}

/** Map tasks whose winning attempt ran on tracker. */
function succeededOn(tasks: TaskReport[], tracker: string): string[] {
  return maps(tasks)
    .filter((t) => t.attempts.some((a) => a.attemptId === t.successfulAttempt && a.tracker === tracker))
    .map((t) => t.taskId);
}

describe('MapReduce cluster: TaskTrackers killed, stragglers (3 DataNodes, 3 TaskTrackers)', function () {
  this.timeout(180000);
  let c: MrCluster;
  let dir: string;
  let local: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    dir = tempDir('mrcluster-failures-');
    local = path.join(dir, 'in');
    writeCorpus(local, [2_600_000, 1_500_000, 300_000]);
    c = await startMrCluster({ tasktrackers: 3 });
    const put = await c.hadoop(['fs', '-put', local, '/in']);
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
  });

  after(async () => {
    await c?.stop();
    if (dir) rmrf(dir);
  });

  /** The local runner's output for the same job (no delays), for comparison. */
  async function oracle(program: string[], name: string, generic: string[]): Promise<Map<string, Buffer>> {
    const out = path.join(dir, name);
    const r = await runLocal(c, program, [local, out], generic);
    expect(r.code, r.stderr).to.equal(0);
    return localParts(out);
  }

  // a killed TaskTracker is started again (a new tracker name): three live trackers for the next test
  afterEach(async () => {
    if (!c) return;
    for (const i of [0, 1, 2]) if (!alive(c.taskTracker(i).pid)) await c.startTaskTracker(i);
    const names = [0, 1, 2].map((i) => c.taskTracker(i).trackerName).sort();
    await c.waitFor(
      async () => JSON.stringify((await c.jt.call('getTrackers', {})).trackers.filter((t) => t.state === 'live').map((t) => t.trackerName).sort()) === JSON.stringify(names),
      60000,
      'the three TaskTrackers live, and only them',
    );
  });

  it('a TaskTracker SIGKILLed during the map phase: its running and finished maps run again elsewhere, the job succeeds with the right output', async () => {
    // 1/4 MB splits: 18 maps of 1.5 s each, three waves on 6 map slots
    const generic = ['-D', 'mapred.max.split.size=262144'];
    const expected = oracle(SLOW, 'oracle-map-kill', generic);
    const client = c.hadoop(jarArgs(SLOW, ['/in', '/out-map-kill'], [...generic, '-D', 'test.map.delay.ms=1500']), { timeoutMs: 170000 });
    const id = await waitForJob(c);
    const victims = [0, 1, 2].map((i) => c.taskTracker(i).trackerName!);
    let victim = -1;
    let finishedThere: string[] = [];
    await c.waitFor(
      async () => {
        const tasks = await taskReports(c, id);
        victim = victims.findIndex((t) => {
          const running = maps(tasks).some((m) => m.attempts.some((a) => a.tracker === t && a.state === 'RUNNING'));
          return running && succeededOn(tasks, t).length > 0;
        });
        if (victim >= 0) finishedThere = succeededOn(tasks, victims[victim]);
        return victim >= 0;
      },
      60000,
      'a tracker with finished and running maps',
    );
    await c.killTaskTracker(victim);
    const r = await client;
    expect(r.code, r.stderr).to.equal(0);
    expect(await dfsParts(c, '/out-map-kill')).to.deep.equal(await expected);
    const tasks = await taskReports(c, id);
    const lost = `Lost task tracker: ${victims[victim]}`;
    // every map that had finished on the lost tracker ran again, and won, elsewhere
    for (const taskId of finishedThere) {
      const t = tasks.find((x) => x.taskId === taskId)!;
      const winner = t.attempts.find((a) => a.attemptId === t.successfulAttempt)!;
      expect(winner.tracker, taskId).to.not.equal(victims[victim]);
      // the tracker's loss kills it, unless the reduces' fetch failures failed it first
      const undone = t.attempts.some(
        (a) => a.tracker === victims[victim] && ((a.state === 'KILLED' && a.diagnostics === lost) || (a.state === 'FAILED' && a.diagnostics === FETCH_FAILURES_DIAGNOSTIC)),
      );
      expect(undone, taskId).to.equal(true);
    }
    expect(succeededOn(tasks, victims[victim])).to.deep.equal([]);
    expect(printedCounter(r.stderr, 'Launched map tasks')).to.be.greaterThan(18);
    const killedOrFailed = (printedCounter(r.stderr, 'Killed map tasks') ?? 0) + (printedCounter(r.stderr, 'Failed map tasks') ?? 0);
    expect(killedOrFailed).to.be.at.least(finishedThere.length + 1);
  });

  it('a TaskTracker SIGKILLed after the map phase, while the reduce runs: its map outputs are made again, the job succeeds with the right output', async () => {
    const expected = oracle(SLOW, 'oracle-reduce-kill', []);
    // the reduce sleeps (after fetching) long enough for the JobTracker to notice the lost tracker
    const client = c.hadoop(jarArgs(SLOW, ['/in', '/out-reduce-kill'], ['-D', 'test.reduce.delay.ms=12000']), { timeoutMs: 170000 });
    const id = await waitForJob(c);
    const trackers = [0, 1, 2].map((i) => c.taskTracker(i).trackerName!);
    let victim = -1;
    let finishedThere: string[] = [];
    await c.waitFor(
      async () => {
        const tasks = await taskReports(c, id);
        if (!maps(tasks).every((t) => t.state === 'SUCCEEDED')) return false;
        const reduceOn = new Set(tasks.filter((t) => !t.isMap).flatMap((t) => t.attempts.filter((a) => a.state === 'RUNNING').map((a) => a.tracker)));
        if (reduceOn.size === 0) return false;
        victim = trackers.findIndex((t) => !reduceOn.has(t) && succeededOn(tasks, t).length > 0);
        if (victim >= 0) finishedThere = succeededOn(tasks, trackers[victim]);
        return victim >= 0;
      },
      60000,
      'every map done, the reduce running, and a tracker with map outputs and no reduce',
    );
    await c.killTaskTracker(victim);
    const r = await client;
    expect(r.code, r.stderr).to.equal(0);
    expect(await dfsParts(c, '/out-reduce-kill')).to.deep.equal(await expected);
    const tasks = await taskReports(c, id);
    for (const taskId of finishedThere) {
      const t = tasks.find((x) => x.taskId === taskId)!;
      const winner = t.attempts.find((a) => a.attemptId === t.successfulAttempt)!;
      expect(winner.tracker, taskId).to.not.equal(trackers[victim]);
      // the JobTracker learns it from the tracker's silence, or first from the reduce's fetch failures
      const old = t.attempts.find((a) => a.tracker === trackers[victim])!;
      expect(`${old.state}: ${old.diagnostics}`).to.be.oneOf([`KILLED: Lost task tracker: ${trackers[victim]}`, 'FAILED: Too many fetch-failures']);
    }
    expect(printedCounter(r.stderr, 'Launched map tasks')).to.equal(6 + finishedThere.length);
  });

  it('a straggling map gets a speculative backup attempt on another tracker, which wins; the straggler is killed, the output has no duplicates', async () => {
    const expected = oracle(STRAGGLER, 'oracle-straggler', ['-D', 'test.straggler.sleep.ms=0']);
    const started = Date.now();
    const r = await c.hadoop(jarArgs(STRAGGLER, ['/in', '/out-straggler'], ['-D', 'mapred.speculative.lag.ms=2000']), { timeoutMs: 170000 });
    expect(r.code, r.stderr).to.equal(0);
    // far less than the straggler's 5 minutes of sleep
    expect(Date.now() - started).to.be.lessThan(120000);
    expect(await dfsParts(c, '/out-straggler')).to.deep.equal(await expected);
    const id = /Running job: (job_\w+)/.exec(r.stderr)![1];
    const m0 = (await taskReports(c, id)).find((t) => t.isMap && t.taskId.endsWith('_m_000000'))!;
    const [first, backup] = [...m0.attempts].sort((a, b) => (a.attemptId < b.attemptId ? -1 : 1));
    expect(m0.attempts).to.have.length(2);
    expect(m0.successfulAttempt).to.equal(backup.attemptId);
    expect(backup.attemptId.endsWith('_1')).to.equal(true);
    expect(backup.tracker).to.not.equal(first.tracker);
    expect([first.state, first.diagnostics]).to.deep.equal(['KILLED', 'Another attempt of this task succeeded']);
    // on a busy machine another map may lag enough for a backup of its own: every extra attempt lost its race and was killed
    const launched = printedCounter(r.stderr, 'Launched map tasks')!;
    expect(launched).to.be.at.least(7);
    expect(printedCounter(r.stderr, 'Killed map tasks')).to.equal(launched - 6);
    expect(printedCounter(r.stderr, 'Failed map tasks')).to.equal(null);
    // the killed straggler's child is gone from its tracker
    await c.waitFor(
      async () => {
        for (const i of [0, 1, 2]) {
          const s = (await (await fetch(`http://${c.taskTracker(i).httpAddress}/status`)).json()) as { runningMaps: number };
          if (s.runningMaps !== 0) return false;
        }
        return true;
      },
      30000,
      'no map running on any tracker',
    );
  });
});
