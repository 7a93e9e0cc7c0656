import { expect } from 'chai';
import * as fs from 'node:fs';
import { FakeTracker, sleep, TestCluster, until } from './jobtracker.fakes';

const JC = 'org.apache.hadoop.mapreduce.JobCounter';
const retry = (id: string, n: number) => id.replace(/_\d+$/, `_${n}`);

describe('JobTracker: lost trackers, fetch failures, speculation, kills', function () {
  this.timeout(60000);
  let c: TestCluster;

  afterEach(async () => {
    await c.stop();
  });

  async function attempts(jobId: string) {
    const { tasks } = await c.client.call('getTaskReports', { jobId });
    return new Map(tasks.flatMap((t) => t.attempts).map((a) => [a.attemptId, a]));
  }

  it('declares a silent tracker lost: its running attempt and its finished maps run again, reduces hear the old output is obsolete', async () => {
    c = await new TestCluster().start({ 'mapred.tasktracker.expiry.interval': 600 });
    const s = await c.submit({ maps: 2, reduces: 1, conf: { 'mapred.reduce.slowstart.completed.maps': 0.5 } });
    const a = c.tracker('tracker_a:1', { maps: 2, reduces: 0 });
    const b = c.tracker('tracker_b:1', { maps: 2, reduces: 1 });
    await b.heartbeat(false);
    await a.heartbeat();
    const [m0, m1] = a.launchedIds();
    a.succeed(m0);
    await a.heartbeat();
    await b.heartbeat();
    const [r0] = b.launchedIds();
    expect(r0).to.match(/_r_000000_0$/);
    expect(b.launched[0].mapOutputLocations).to.deep.equal([{ mapIndex: 0, attemptId: m0, server: a.httpAddress, obsolete: false }]);
    // a goes silent; b keeps heartbeating and gets a's work
    await until('both maps to be re-run on b', async () => {
      await b.heartbeat();
      return b.launchedIds().includes(retry(m0, 1)) && b.launchedIds().includes(retry(m1, 1));
    });
    expect(b.events.get(r0)).to.deep.equal([
      { mapIndex: 0, attemptId: m0, server: a.httpAddress, obsolete: false },
      { mapIndex: 0, attemptId: m0, server: a.httpAddress, obsolete: true },
    ]);
    const all = await attempts(s.jobId);
    expect([all.get(m0)!.state, all.get(m0)!.diagnostics]).to.deep.equal(['KILLED', 'Lost task tracker: tracker_a:1']);
    expect([all.get(m1)!.state, all.get(m1)!.diagnostics]).to.deep.equal(['KILLED', 'Lost task tracker: tracker_a:1']);
    const { trackers } = await c.client.call('getTrackers', {});
    expect(trackers.map((t) => [t.trackerName, t.state])).to.deep.equal([
      ['tracker_b:1', 'live'],
      ['tracker_a:1', 'lost'],
    ]);
    // the re-run output is announced to the reduce, and the job completes
    b.succeed(retry(m0, 1));
    b.succeed(retry(m1, 1));
    await b.heartbeat();
    expect(b.events.get(r0)!.slice(2).map((e) => [e.attemptId, e.obsolete])).to.deep.equal([
      [retry(m0, 1), false],
      [retry(m1, 1), false],
    ]);
    b.commitPending(r0);
    await b.heartbeat();
    b.succeed(r0);
    await b.heartbeat();
    const done = await c.waitFor(s.jobId, 'SUCCEEDED');
    expect(done.counters[JC].NUM_KILLED_MAPS).to.equal(2);
    expect(done.counters[JC].NUM_FAILED_MAPS).to.equal(undefined);
    // the lost tracker comes back without re-registering: it is told to re-initialize
    const res = await a.heartbeat();
    expect(res.actions).to.deep.equal([{ type: 'reinitTracker' }]);
  });

  it('re-runs a map whose output reduces cannot fetch (3 notifications, >= half the running reduces)', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 1, reduces: 1 });
    const a = c.tracker('tracker_a:1', { maps: 1, reduces: 0 });
    const b = c.tracker('tracker_b:1', { maps: 1, reduces: 1 });
    await b.heartbeat(false);
    await a.heartbeat();
    const [m0] = a.launchedIds();
    a.succeed(m0);
    await a.heartbeat();
    await b.heartbeat();
    const [r0] = b.launchedIds();
    for (let i = 1; i <= 2; i++) {
      b.fetchFailed(r0, [m0]);
      await b.heartbeat(false);
      expect((await attempts(s.jobId)).get(m0)!.state, `after ${i}`).to.equal('SUCCEEDED');
    }
    b.fetchFailed(r0, [m0]);
    await b.heartbeat();
    const m0a = (await attempts(s.jobId)).get(m0)!;
    expect([m0a.state, m0a.diagnostics]).to.deep.equal(['FAILED', 'Too many fetch-failures']);
    expect(b.events.get(r0)!.map((e) => e.obsolete)).to.deep.equal([false, true]);
    // the map failed on a: it runs again on b
    expect(b.launchedIds()).to.deep.equal([r0, retry(m0, 1)]);
    const st = await c.status(s.jobId);
    expect(st.counters[JC].NUM_FAILED_MAPS).to.equal(1);
    expect(st.mapProgress).to.equal(0);
  });

  it('gives a straggler a backup attempt on another tracker; the first to commit wins and the other is killed', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 2, reduces: 0, conf: { 'mapred.speculative.lag.ms': 300 } });
    const a = c.tracker('tracker_a:1', { maps: 1 });
    const b = c.tracker('tracker_b:1', { maps: 1 });
    await a.heartbeat();
    await b.heartbeat();
    const [m0] = a.launchedIds();
    const [m1] = b.launchedIds();
    a.progress(m0, 0.1);
    await a.heartbeat();
    b.commitPending(m1);
    await b.heartbeat();
    expect(b.commits).to.deep.equal([m1]);
    b.succeed(m1);
    await b.heartbeat();
    expect(b.launched).to.have.length(1);
    const started = Date.now();
    await until('a backup of the straggler on b', async () => {
      await b.heartbeat();
      return b.launched.length === 2;
    });
    expect(Date.now() - started).to.be.greaterThan(100);
    expect(b.launchedIds()[1]).to.equal(retry(m0, 1));
    b.commitPending(retry(m0, 1));
    await b.heartbeat();
    expect(b.commits).to.deep.equal([m1, retry(m0, 1)]);
    // the original reaches commit too late: it is killed, never told to commit
    a.commitPending(m0);
    await a.heartbeat();
    expect(a.kills).to.deep.equal([m0]);
    expect(a.commits).to.deep.equal([]);
    b.succeed(retry(m0, 1));
    await b.heartbeat();
    await a.heartbeat();
    const done = await c.waitFor(s.jobId, 'SUCCEEDED');
    const { tasks } = await c.client.call('getTaskReports', { jobId: s.jobId });
    expect(tasks.map((t) => t.attempts.filter((x) => x.state === 'SUCCEEDED').map((x) => x.attemptId))).to.deep.equal([[retry(m0, 1)], [m1]]);
    expect(tasks[0].attempts.map((x) => [x.attemptId, x.state, x.diagnostics])).to.deep.equal([
      [m0, 'KILLED', 'Another attempt of this task is committing its output'],
      [retry(m0, 1), 'SUCCEEDED', ''],
    ]);
    expect(done.counters[JC].TOTAL_LAUNCHED_MAPS).to.equal(3);
    expect(done.counters[JC].NUM_KILLED_MAPS).to.equal(1);
  });

  it('launches no backup when speculative execution is off, and none before mapred.speculative.lag.ms', async () => {
    c = await new TestCluster().start();
    const off = await c.submit({ maps: 2, reduces: 0, conf: { 'mapred.speculative.lag.ms': 0, 'mapred.map.tasks.speculative.execution': false } });
    const a = c.tracker('tracker_a:1', { maps: 1 });
    const b = c.tracker('tracker_b:1', { maps: 1 });
    await a.heartbeat();
    await b.heartbeat();
    const [m1] = b.launchedIds();
    b.commitPending(m1);
    await b.heartbeat();
    b.succeed(m1);
    for (let i = 0; i < 5; i++) await b.heartbeat();
    expect(b.launched).to.have.length(1);
    await c.client.call('killJob', { jobId: off.jobId });
    await c.waitFor(off.jobId, 'KILLED');
    const lagged = await c.submit({ maps: 2, reduces: 0, conf: { 'mapred.speculative.lag.ms': 60000 } });
    // a hears of the kill, then reports its attempt killed and takes the new job's first map
    await a.heartbeat();
    await a.heartbeat();
    expect(a.launchedIds().filter((id) => id.includes(lagged.jobId.slice(4)))).to.have.length(1);
    await b.heartbeat();
    const late = b.launchedIds().filter((id) => id.includes(lagged.jobId.slice(4)));
    b.commitPending(late[0]);
    await b.heartbeat();
    b.succeed(late[0]);
    for (let i = 0; i < 5; i++) await b.heartbeat();
    expect(b.launchedIds().filter((id) => id.includes(lagged.jobId.slice(4)))).to.have.length(1);
  });

  it('kills a job: attempts killed, trackers told, output aborted, state KILLED', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 2, reduces: 1 });
    const a = c.tracker('tracker_a:1');
    await a.heartbeat();
    const ids = a.launchedIds();
    await c.client.call('killJob', { jobId: s.jobId });
    const done = await c.waitFor(s.jobId, 'KILLED');
    expect(done.failureInfo).to.equal(`Job ${s.jobId} was killed`);
    await a.heartbeat();
    expect(a.kills).to.deep.equal(ids);
    expect(a.killedJobs).to.deep.equal([s.jobId]);
    expect(fs.readdirSync(c.outputDir(s.jobId))).to.deep.equal(['_logs']);
    const err = await c.client.call('getJobStatus', { jobId: 'job_201001010000_0077' }).catch((e: Error) => e);
    expect((err as Error).message).to.equal('Could not find job job_201001010000_0077');
  });

  it('kills or fails one attempt on request: the task runs again; only a failure counts against it', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 1, reduces: 0 });
    const a = c.tracker('tracker_a:1', { maps: 1 });
    await a.heartbeat();
    const [m0] = a.launchedIds();
    await c.client.call('killTask', { attemptId: m0, shouldFail: false });
    await a.heartbeat();
    expect(a.kills).to.deep.equal([m0]);
    // the slot is free once the tracker reports the kill
    await a.heartbeat();
    expect(a.launchedIds()).to.deep.equal([m0, retry(m0, 1)]);
    await c.client.call('killTask', { attemptId: retry(m0, 1), shouldFail: true });
    await a.heartbeat();
    await a.heartbeat();
    expect(a.launchedIds()).to.deep.equal([m0, retry(m0, 1), retry(m0, 2)]);
    const all = await attempts(s.jobId);
    expect([all.get(m0)!.state, all.get(m0)!.diagnostics]).to.deep.equal(['KILLED', 'Task has been KILLED by the user']);
    expect([all.get(retry(m0, 1))!.state, all.get(retry(m0, 1))!.diagnostics]).to.deep.equal(['FAILED', 'Task has been FAILED by the user']);
    const jc = (await c.status(s.jobId)).counters[JC];
    expect([jc.NUM_KILLED_MAPS, jc.NUM_FAILED_MAPS]).to.deep.equal([1, 1]);
    let err = await c.client.call('killTask', { attemptId: m0, shouldFail: false }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(`Task attempt ${m0} is not running (KILLED)`);
    err = await c.client.call('killTask', { attemptId: retry(m0, 9), shouldFail: false }).catch((e: Error) => e);
    expect((err as Error).message).to.equal(`Could not find task attempt ${retry(m0, 9)}`);
  });

  it('gives up an attempt its tracker stops reporting, after a grace period', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 1, reduces: 0 });
    const a = c.tracker('tracker_a:1', { maps: 1 });
    await a.heartbeat();
    const [m0] = a.launchedIds();
    a.attempts.delete(m0);
    for (let i = 0; i < 4; i++) await a.heartbeat();
    expect(a.launched).to.have.length(1);
    expect((await attempts(s.jobId)).get(m0)!.state).to.equal('UNASSIGNED');
    // lower the grace: pretend it was handed out long ago
    const found = c.jt.job(s.jobId)!.findAttempt(m0)!;
    found.attempt.startTime -= 60000;
    await a.heartbeat();
    const gone = (await attempts(s.jobId)).get(m0)!;
    expect([gone.state, gone.diagnostics]).to.deep.equal(['KILLED', 'Task attempt is no longer reported by its tracker tracker_a:1']);
    await a.heartbeat();
    expect(a.launchedIds()).to.deep.equal([m0, retry(m0, 1)]);
  });

  it('answers malformed and hostile requests with a 4xx and keeps serving', async () => {
    c = await new TestCluster().start();
    const base = `http://${c.jt.address}`;
    const post = (method: string, body: string) => fetch(`${base}/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const hb = (status: object) => JSON.stringify({ status, initialContact: true, acceptNewTasks: true, responseId: 0 });
    const good = { trackerName: 'tracker_h:1', host: 'h', httpAddress: 'h:1', maxMapSlots: 1, maxReduceSlots: 1, taskReports: [], failures: 0 };
    const cases: Array<[string, Promise<Response>, number, RegExp]> = [
      ['bad JSON', post('heartbeat', '{"status": '), 400, /Malformed JSON body/],
      ['unknown method', post('nope', '{}'), 404, /No such endpoint: POST \/rpc\/nope/],
      ['missing status', post('heartbeat', '{}'), 400, /Field 'status' must be an object/],
      ['bad slots', post('heartbeat', hb({ ...good, maxMapSlots: 'lots' })), 400, /status\.maxMapSlots' must be a finite number/],
      ['path in attempt id', post('heartbeat', hb({ ...good, taskReports: [{ attemptId: '../../x', state: 'RUNNING' }] })), 400, /taskReports\[0\]\.attemptId' is not valid/],
      ['bad state', post('heartbeat', hb({ ...good, taskReports: [{ attemptId: 'attempt_1_0001_m_000000_0', state: 'DANCING' }] })), 400, /not a task state/],
      ['proto counters', post('heartbeat', `{"status": ${JSON.stringify({ ...good, taskReports: [{ attemptId: 'attempt_1_0001_m_000000_0', state: 'RUNNING', counters: {} }] }).replace('"counters":{}', '"counters":{"__proto__":{"x":1}}')}, "initialContact": true, "acceptNewTasks": true, "responseId": 0}`), 400, /Bad counter group name/],
      ['string counter', post('heartbeat', hb({ ...good, taskReports: [{ attemptId: 'attempt_1_0001_m_000000_0', state: 'RUNNING', counters: { g: { c: 'NaN' } } }] })), 400, /Counter g\.c .* must be a finite number/],
      ['tracker name with a slash', post('heartbeat', hb({ ...good, trackerName: '../etc' })), 400, /status\.trackerName' is not valid/],
      ['submit with a bad job id', post('submitJob', JSON.stringify({ submission: { jobId: '../../etc', jobDir: '/', user: 'u', numMaps: 0, numReduces: 0 } })), 400, /submission\.jobId' is not valid/],
      ['submit with negative maps', post('submitJob', JSON.stringify({ submission: { jobId: 'job_1_0001', jobDir: '/', user: 'u', numMaps: -1, numReduces: 0 } })), 400, /out of range/],
      ['status of a path', fetch(`${base}/status/jobs/..%2F..%2Fetc`), 400, /Field 'jobId' is not valid/],
      ['unknown job', post('getJobStatus', '{"jobId":"job_1_0001"}'), 400, /Could not find job job_1_0001/],
      ['kill-task with no id', post('killTask', '{}'), 400, /Missing field 'attemptId'/],
      ['huge body', post('heartbeat', JSON.stringify({ pad: 'x'.repeat(17 * 1024 * 1024) })), 413, /too large/],
    ];
    for (const [what, res, code, msg] of cases) {
      const r = await res;
      const body = (await r.json()) as { error: { message: string } };
      expect(r.status, what).to.equal(code);
      expect(body.error.message, what).to.match(msg);
    }
    const ok = await fetch(`${base}/status/cluster`);
    expect(ok.status).to.equal(200);
    expect(((await ok.json()) as { trackers: number }).trackers).to.equal(0);
    const t = new FakeTracker(c.jt.address, 'tracker_ok:1');
    await t.heartbeat();
    await sleep(10);
    expect((await c.client.call('getClusterStatus', {})).status.trackers).to.equal(1);
  });
});
