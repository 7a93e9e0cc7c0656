import { expect } from 'chai';
import { sleep, TestCluster } from './jobtracker.fakes';

/** What the JobTracker answers without waiting out a period: job status long polls. */
describe('JobTracker: long polls of job status', function () {
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
});
