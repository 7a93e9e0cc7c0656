import { expect } from 'chai';
import { sleep, TestCluster } from './jobtracker.fakes';

/** What the JobTracker answers without waiting out a period: job status long polls, and news for quiet trackers. */
describe('JobTracker: long polls of job status, held heartbeats of reduces waiting for maps', function () {
  this.timeout(60000);
  let c: TestCluster;

  afterEach(async () => {
    await c.stop();
  });

  it('answers a getJobStatus long poll as soon as the job changes, and after waitMs when it does not', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 1, reduces: 0 });
    const t = c.tracker('tracker_a:1');
    const first = await c.client.call('getJobStatus', { jobId: s.jobId });
    expect(first.stamp).to.equal('RUNNING|0|100|0');

    // nothing changes: answered after waitMs with the same stamp
    const quiet = Date.now();
    const same = await c.client.call('getJobStatus', { jobId: s.jobId, waitMs: 300, since: first.stamp });
    expect(Date.now() - quiet).to.be.greaterThanOrEqual(250);
    expect(same.stamp).to.equal(first.stamp);

    // a change (the map launched, then half done) answers the waiting poll at once
    let answered = 0;
    const waiting = c.client.call('getJobStatus', { jobId: s.jobId, waitMs: 20000, since: first.stamp }).then((r) => {
      answered = Date.now();
      return r;
    });
    await sleep(200);
    expect(answered).to.equal(0);
    await t.heartbeat();
    const [m0] = t.launchedIds();
    t.progress(m0, 0.5);
    const reported = Date.now();
    await t.heartbeat();
    const changed = await waiting;
    expect(answered - reported).to.be.lessThan(2000);
    expect(changed.stamp).to.equal('RUNNING|50|100|0');
    expect(changed.status.mapProgress).to.equal(0.5);

    // a failed attempt is a change too; so is the job's end
    const failing = c.client.call('getJobStatus', { jobId: s.jobId, waitMs: 20000, since: changed.stamp });
    t.fail(m0, 'boom');
    await t.heartbeat();
    expect((await failing).stamp).to.equal('RUNNING|0|100|1');
  });

  it('holds the heartbeat of a tracker that runs only a reduce waiting for maps, and answers it with each map output as it finishes elsewhere', async () => {
    c = await new TestCluster().start({ 'mapred.jobtracker.heartbeat.hold.ms': 10000 });
    const s = await c.submit({ maps: 2, reduces: 1, conf: { 'mapred.reduce.slowstart.completed.maps': 0 } });
    const a = c.tracker('tracker_a:1', { maps: 0, reduces: 1 });
    const b = c.tracker('tracker_b:1', { maps: 2, reduces: 0 });
    await a.heartbeat();
    const [r0] = a.launchedIds();
    expect(r0).to.equal(`attempt_${s.jobId.slice(4)}_r_000000_0`);
    await b.heartbeat();
    const [m0, m1] = b.launchedIds();

    // the reduce is fetching and the maps run elsewhere: its tracker's heartbeat is held ...
    let answered = 0;
    const held = a.heartbeat().then((r) => {
      answered = Date.now();
      return r;
    });
    await sleep(300);
    expect(answered).to.equal(0);
    // ... until a map finishes: then it gets the map's output, and comes back at once
    b.succeed(m0);
    const finished = Date.now();
    await b.heartbeat();
    const res = await held;
    expect(answered - finished).to.be.lessThan(2000);
    expect(res.intervalMs).to.equal(0);
    expect(res.actions).to.deep.equal([{ type: 'mapCompletionEvents', attemptId: r0, events: [{ mapIndex: 0, attemptId: m0, server: b.httpAddress, obsolete: false }] }]);

    // held again, and answered with the second map output
    const again = a.heartbeat();
    await sleep(300);
    b.succeed(m1);
    // (asking for no tasks: an idle tracker's own heartbeat would be held)
    await b.heartbeat(false);
    const second = await again;
    expect(second.actions).to.deep.equal([{ type: 'mapCompletionEvents', attemptId: r0, events: [{ mapIndex: 1, attemptId: m1, server: b.httpAddress, obsolete: false }] }]);

    // every map is done: the reduce will report soon, so its tracker is answered at once
    const quick = Date.now();
    const third = await a.heartbeat();
    expect(Date.now() - quick).to.be.lessThan(2000);
    expect(third.intervalMs).to.equal(100);
  });
});
