import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatHistory, parseHistory } from '../mapreduce/client/history-viewer';
import { renderTimeline, timelineFromHistory, timelineFromReports } from '../mapreduce/jobtracker/web/timeline';
import type { TaskReport } from '../mapreduce/protocol/types';
import { TestCluster, until } from './jobtracker.fakes';
import { barsOf, markersOf, parseSvg, rowsOf, segmentsOf } from './timeline.svg';

const retry = (id: string, n: number) => id.replace(/_\d+$/, `_${n}`);

/** The first clock reading after t (a condition, not a sleep). */
async function nextMs(t: number): Promise<number> {
  await until(`the clock to pass ${t}`, () => Date.now() > t);
  return Date.now();
}

describe('job timeline: phase times from the trackers to task reports and the history', () => {
  let c: TestCluster;

  afterEach(async () => {
    await c?.stop();
  });

  it('keeps the first time of each phase a tracker reports, gives them with speculative in TaskReport attempts, and writes them to the history', async () => {
    c = await new TestCluster().start();
    const s = await c.submit({ maps: 2, reduces: 1, conf: { 'mapred.speculative.lag.ms': 300, 'mapred.reduce.tasks.speculative.execution': false } });
    const a = c.tracker('tracker_a:1', { maps: 1, reduces: 1 });
    const b = c.tracker('tracker_b:1', { maps: 1, reduces: 0 });
    const T = Date.now();
    await a.heartbeat();
    await b.heartbeat();
    const [m0] = a.launchedIds();
    const [m1] = b.launchedIds();

    // the straggler on a: in its map phase; a resent, later MAP time does not move the first one
    a.set(m0, { progress: 0.1, phase: 'MAP', phaseTimes: { STARTING: T + 1, MAP: T + 5 } });
    await a.heartbeat();
    a.set(m0, { progress: 0.1, phase: 'MAP', phaseTimes: { STARTING: T + 1, MAP: T + 50 } });
    await a.heartbeat();
    b.set(m1, { phase: 'SORT', phaseTimes: { STARTING: T + 2, MAP: T + 10, SORT: T + 40 } });
    b.succeed(m1);
    await b.heartbeat();

    // its backup on b
    await until('a backup of the straggler on b', async () => {
      await b.heartbeat();
      return b.launched.length === 2;
    });
    const backup = b.launchedIds()[1];
    expect(backup).to.equal(retry(m0, 1));
    b.set(backup, { phase: 'SORT', phaseTimes: { MAP: T + 400, SORT: T + 450 } });
    b.succeed(backup);
    await b.heartbeat();

    // the reduce on a, through its three phases
    await until('the reduce on a', async () => {
      await a.heartbeat();
      return a.launched.some((t) => !t.isMap);
    });
    const r0 = a.launched.find((t) => !t.isMap)!.attemptId;
    // real times from here, each a millisecond after the last, so every phase has a length in the picture
    const shuffle = Date.now();
    const sort = await nextMs(shuffle);
    a.set(r0, { phase: 'SORT', phaseTimes: { SHUFFLE: shuffle, SORT: sort } });
    await a.heartbeat();
    const mid = (await c.client.call('getTaskReports', { jobId: s.jobId })).tasks.find((t) => !t.isMap)!;
    expect(mid.attempts.map((x) => [x.attemptId, x.phase, x.phaseTimes, x.speculative])).to.deep.equal([[r0, 'SORT', { SHUFFLE: shuffle, SORT: sort }, false]]);
    const reduce = await nextMs(sort);
    a.set(r0, { phase: 'REDUCE', phaseTimes: { SHUFFLE: shuffle, SORT: sort, REDUCE: reduce } });
    a.commitPending(r0);
    await a.heartbeat();
    await nextMs(reduce);
    a.succeed(r0);
    await a.heartbeat();
    const done = await c.waitFor(s.jobId, 'SUCCEEDED');

    const tasks: TaskReport[] = (await c.client.call('getTaskReports', { jobId: s.jobId })).tasks;
    const seen = tasks.flatMap((t) => t.attempts.map((x) => [x.attemptId, x.state, x.tracker, x.speculative, x.phaseTimes]));
    expect(seen).to.deep.equal([
      [m0, 'KILLED', 'tracker_a:1', false, { STARTING: T + 1, MAP: T + 5 }],
      [backup, 'SUCCEEDED', 'tracker_b:1', true, { MAP: T + 400, SORT: T + 450 }],
      [m1, 'SUCCEEDED', 'tracker_b:1', false, { STARTING: T + 2, MAP: T + 10, SORT: T + 40 }],
      [r0, 'SUCCEEDED', 'tracker_a:1', false, { SHUFFLE: shuffle, SORT: sort, REDUCE: reduce }],
    ]);

    // the history: Hadoop's phase ends on SUCCESS lines, and which attempt was a backup
    const histDir = path.join(c.outputDir(s.jobId), '_logs', 'history');
    const file = fs.readdirSync(histDir).find((f) => !f.endsWith('.xml'))!;
    const text = fs.readFileSync(path.join(histDir, file), 'utf8');
    const h = parseHistory(text);
    const field = (id: string, k: string) => h.attempts.get(id)![k];
    expect([field(m1, 'TASK_STATUS'), field(m1, 'MAP_FINISHED')]).to.deep.equal(['SUCCESS', String(T + 40)]);
    expect([field(backup, 'TASK_STATUS'), field(backup, 'MAP_FINISHED'), field(backup, 'SPECULATIVE')]).to.deep.equal(['SUCCESS', String(T + 450), 'true']);
    expect([field(m0, 'TASK_STATUS'), field(m0, 'MAP_FINISHED'), field(m0, 'SPECULATIVE')]).to.deep.equal(['KILLED', undefined, undefined]);
    expect([field(r0, 'SHUFFLE_FINISHED'), field(r0, 'SORT_FINISHED'), field(r0, 'SPECULATIVE')]).to.deep.equal([String(sort), String(reduce), undefined]);
    expect(text).to.match(new RegExp(`MapAttempt TASK_TYPE="MAP" TASKID="[^"]+" TASK_ATTEMPT_ID="${backup}" START_TIME="\\d+" TRACKER_NAME="tracker_b:1" HTTP_PORT="\\d+" SPECULATIVE="true" \\.\\n`));
    // hadoop job -history reads it as before
    expect(formatHistory(h)).to.include('Map\t3\t2\t\t0\t1\t');
    expect(formatHistory(h)).to.include('Reduce\t1\t1\t\t0\t0\t');

    // and both pictures of the job have its four attempts, the backup marked, the killed one marked
    for (const input of [
      timelineFromReports(done, tasks, (await c.client.call('getTrackers', {})).trackers, Date.now()),
      timelineFromHistory(h),
    ]) {
      const svg = parseSvg(renderTimeline(input));
      expect(barsOf(svg).map((x) => x.attrs['data-attempt']).sort()).to.deep.equal([m0, backup, m1, r0].sort());
      expect(markersOf(svg, 'speculative')).to.have.length(1);
      expect(markersOf(svg, 'killed')).to.have.length(1);
      expect(segmentsOf(svg, 'REDUCE')).to.have.length(1);
      expect(segmentsOf(svg, 'SHUFFLE')).to.have.length(1);
    }
    // slots declared by the trackers: a has 1 map + 1 reduce, b 1 map + 0 reduce
    const live = parseSvg(renderTimeline(timelineFromReports(done, tasks, (await c.client.call('getTrackers', {})).trackers, Date.now())));
    expect(rowsOf(live).map((r) => `${r.attrs['data-tracker']} ${r.attrs['data-kind']} ${r.attrs['data-slot']}`)).to.deep.equal([
      'tracker_a:1 map 0',
      'tracker_a:1 reduce 0',
      'tracker_b:1 map 0',
    ]);
  });

  it('answers a heartbeat whose phase times name an unknown phase or are not times with a 400 naming the field', async () => {
    c = await new TestCluster().start();
    const t = c.tracker('tracker_x:1');
    const id = 'attempt_1_0001_m_000000_0';
    const base = { attemptId: id, state: 'RUNNING' as const, phase: 'MAP' as const, progress: 0, status: '', counters: {}, startTime: 0, finishTime: 0, diagnostics: '' };
    t.attempts.set(id, { ...base, phaseTimes: { BOGUS: 1 } as never });
    let err = await t.heartbeat().then(() => null, (e: Error) => e);
    expect(err?.message).to.include("Field 'taskReports[0].phaseTimes' names an unknown task phase: 'BOGUS'");
    t.attempts.set(id, { ...base, phaseTimes: { MAP: 'soon' } as never });
    err = await t.heartbeat().then(() => null, (e: Error) => e);
    expect(err?.message).to.include("Field 'taskReports[0].phaseTimes.MAP' must be a time in ms");
  });
});
