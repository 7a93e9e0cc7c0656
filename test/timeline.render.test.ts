import { expect } from 'chai';
import type { Fields, ParsedHistory } from '../mapreduce/client/history-viewer';
import { renderTimeline, timelineFromHistory, timelineFromReports, TimelineAttempt, TimelineInput } from '../mapreduce/jobtracker/web/timeline';
import type { JobStatusJSON, TaskReport, TrackerInfo } from '../mapreduce/protocol/types';
import { barsOf, findAll, markersOf, parseSvg, rowsOf, segmentsOf, SvgNode, textOf } from './timeline.svg';

const T0 = 1_700_000_000_000;
const EVIL = 'tracker_<script>alert(1)</script>:1';

function attempt(id: string, tracker: string, from: number, to: number, phases: Record<string, number>, extra: Partial<TimelineAttempt> = {}): TimelineAttempt {
  const isMap = id.startsWith('m_');
  const abs: Record<string, number> = {};
  for (const [p, t] of Object.entries(phases)) abs[p] = T0 + t;
  return {
    attemptId: `attempt_1_0001_${id}`,
    taskId: `task_1_0001_${id.replace(/_\d+$/, '')}`,
    isMap,
    tracker,
    state: 'SUCCEEDED',
    startTime: T0 + from,
    finishTime: to < 0 ? 0 : T0 + to,
    phaseTimes: abs,
    speculative: false,
    ...extra,
  };
}

/** Two declared trackers (one with a hostile name) and one seen only in an attempt; a running job at +10s. */
function sample(): TimelineInput {
  return {
    jobId: 'job_1_0001',
    startTime: T0,
    finishTime: 0,
    now: T0 + 10000,
    trackers: [
      { name: EVIL, mapSlots: 2, reduceSlots: 1 },
      { name: 'tracker_b:2', mapSlots: 1, reduceSlots: 1 },
    ],
    attempts: [
      attempt('m_000000_0', EVIL, 0, 4000, { MAP: 100, SORT: 3000 }),
      attempt('m_000001_0', EVIL, 0, 5000, { MAP: 200, SORT: 4500 }),
      attempt('m_000002_0', EVIL, 4000, 6000, { MAP: 4100 }, { state: 'FAILED', error: '<script>alert("x")</script> & boom' }),
      attempt('m_000002_1', 'tracker_b:2', 6000, 8000, { MAP: 6100, SORT: 7500 }),
      attempt('m_000001_1', 'tracker_b:2', 4000, 5000, { MAP: 4100 }, { state: 'KILLED', speculative: true, error: 'Another attempt of this task succeeded' }),
      attempt('r_000000_0', EVIL, 5000, -1, { SHUFFLE: 5100, SORT: 6500, REDUCE: 7000 }, { state: 'RUNNING' }),
      attempt('r_000001_0', EVIL, 5500, 9000, { SHUFFLE: 5600, SORT: 8000, REDUCE: 8500 }),
      attempt('r_000002_0', 'tracker_c:3', 1000, 9500, { SHUFFLE: 1000, SORT: 9000 }, { speculative: true }),
    ],
    attemptHref: (id) => `/attempt?id=${encodeURIComponent(id)}&x=1`,
    trackerHref: (name) => `/tracker?name=${encodeURIComponent(name)}`,
  };
}

const rowKey = (r: SvgNode) => `${r.attrs['data-tracker']} ${r.attrs['data-kind']} ${r.attrs['data-slot']}`;
const idsIn = (r: SvgNode) => barsOf(r).map((b) => b.attrs['data-attempt'].replace('attempt_1_0001_', ''));

describe('job timeline: the SVG', () => {
  it('is standalone SVG with one row per slot, the declared slots first, rows added where attempts overlap, inferred for unknown trackers', () => {
    const out = renderTimeline(sample());
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(out.trimEnd().endsWith('</svg>')).to.equal(true);
    const svg = parseSvg(out);
    expect(rowsOf(svg).map(rowKey)).to.deep.equal([
      `${EVIL} map 0`,
      `${EVIL} map 1`,
      `${EVIL} reduce 0`,
      `${EVIL} reduce 1`,
      'tracker_b:2 map 0',
      'tracker_b:2 reduce 0',
      'tracker_c:3 reduce 0',
    ]);
    expect(svg.attrs['data-rows']).to.equal('7');
    expect(svg.attrs.height).to.equal(String(34 + 7 * 18 + 36));
    expect(svg.attrs.width).to.equal('1000');
  });

  it('packs attempts greedily: a slot is reused once its attempt ended, an idle declared slot stays empty', () => {
    const rows = rowsOf(parseSvg(renderTimeline(sample())));
    expect(rows.map(idsIn)).to.deep.equal([
      ['m_000000_0', 'm_000002_0'],
      ['m_000001_0'],
      ['r_000000_0'],
      ['r_000001_0'],
      ['m_000001_1', 'm_000002_1'],
      [],
      ['r_000002_0'],
    ]);
  });

  it('draws one bar per attempt split into its phases, each phase in its own colour', () => {
    const svg = parseSvg(renderTimeline(sample()));
    expect(barsOf(svg)).to.have.length(8);
    expect(segmentsOf(svg, 'MAP')).to.have.length(5);
    expect(segmentsOf(svg, 'SORT')).to.have.length(6);
    expect(segmentsOf(svg, 'SHUFFLE')).to.have.length(3);
    expect(segmentsOf(svg, 'REDUCE')).to.have.length(2);
    const fills = new Set(['MAP', 'SHUFFLE', 'SORT', 'REDUCE'].map((p) => segmentsOf(svg, p)[0].attrs.fill));
    expect(fills.size).to.equal(4);
    const m0 = barsOf(svg).find((b) => b.attrs['data-attempt'].endsWith('m_000000_0'))!;
    expect(segmentsOf(m0).map((s) => s.attrs['data-phase'])).to.deep.equal(['MAP', 'SORT']);
    const r1 = barsOf(svg).find((b) => b.attrs['data-attempt'].endsWith('r_000001_0'))!;
    expect(segmentsOf(r1).map((s) => s.attrs['data-phase'])).to.deep.equal(['SHUFFLE', 'SORT', 'REDUCE']);
    // 745 px for 10 s from x=240: the map phase of m_000000_0 runs from 0.1 s to 3 s
    const [map, sort] = segmentsOf(m0);
    expect([Number(map.attrs.x), Number(map.attrs.width)]).to.deep.equal([247.5, 216]);
    expect([Number(sort.attrs.x), Number(sort.attrs.width)]).to.deep.equal([463.5, 74.5]);
    for (const p of ['MAP', 'SHUFFLE', 'SORT', 'REDUCE']) expect(findAll(svg, (n) => n.attrs['data-legend'] === p)).to.have.length(1);
  });

  it('marks failed, killed and speculative attempts, each its own way', () => {
    const svg = parseSvg(renderTimeline(sample()));
    const state = (s: string) => barsOf(svg).filter((b) => b.attrs['data-state'] === s).map((b) => b.attrs['data-attempt']);
    expect(state('FAILED')).to.deep.equal(['attempt_1_0001_m_000002_0']);
    expect(state('KILLED')).to.deep.equal(['attempt_1_0001_m_000001_1']);
    expect(state('RUNNING')).to.deep.equal(['attempt_1_0001_r_000000_0']);
    const marked = (kind: string) =>
      barsOf(svg)
        .filter((b) => markersOf(b, kind).length > 0)
        .map((b) => b.attrs['data-attempt']);
    expect(markersOf(svg, 'failed')).to.have.length(1);
    expect(marked('failed')).to.deep.equal(['attempt_1_0001_m_000002_0']);
    expect(markersOf(svg, 'killed')).to.have.length(1);
    expect(marked('killed')).to.deep.equal(['attempt_1_0001_m_000001_1']);
    expect(markersOf(svg, 'speculative')).to.have.length(2);
    expect(marked('speculative')).to.deep.equal(['attempt_1_0001_m_000001_1', 'attempt_1_0001_r_000002_0']);
    expect(barsOf(svg).filter((b) => b.attrs['data-speculative'] === 'true')).to.have.length(2);
    const failedMark = markersOf(svg, 'failed')[0];
    expect(failedMark.attrs.fill).to.not.equal(markersOf(svg, 'killed')[0].attrs.stroke);
    expect(markersOf(svg, 'killed')[0].attrs['stroke-dasharray']).to.equal('3,2');
  });

  it('draws a running attempt up to now, and marks now', () => {
    const svg = parseSvg(renderTimeline(sample()));
    const running = barsOf(svg).find((b) => b.attrs['data-state'] === 'RUNNING')!;
    const bar = findAll(running, (n) => n.attrs.class === 'bar')[0];
    // from +5 s to now (+10 s) on a 10 s axis: x 612.5, to the right end at 985
    expect([Number(bar.attrs.x), Number(bar.attrs.width)]).to.deep.equal([612.5, 372.5]);
    const reduce = segmentsOf(running, 'REDUCE')[0];
    expect(Number(reduce.attrs.x) + Number(reduce.attrs.width)).to.equal(985);
    expect(findAll(svg, (n) => n.attrs.class === 'now')).to.have.length(1);
    const ticks = findAll(svg, (n) => n.attrs.class === 'tick').map((t) => t.attrs['data-seconds']);
    expect(ticks).to.deep.equal(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('escapes every string: a tracker name and an error carrying <script> show as text, links are attribute-escaped', () => {
    const out = renderTimeline(sample());
    expect(out).to.not.include('<script>');
    expect(out).to.include('tracker_&lt;script&gt;alert(1)&lt;/script&gt;:1');
    expect(out).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; boom');
    const svg = parseSvg(out);
    expect(findAll(svg, (n) => n.tag === 'script')).to.have.length(0);
    const failed = barsOf(svg).find((b) => b.attrs['data-state'] === 'FAILED')!;
    const title = findAll(failed, (n) => n.tag === 'title')[0];
    expect(textOf(title)).to.equal(
      [
        'attempt_1_0001_m_000002_0',
        `FAILED on ${EVIL}`,
        'started at +4.0s, took 2.0s',
        'starting 100ms, map 1.9s',
        'error: <script>alert("x")</script> & boom',
      ].join('\n'),
    );
    const links = findAll(svg, (n) => n.tag === 'a').map((a) => a.attrs.href);
    expect(links.filter((h) => h.startsWith('/attempt?'))).to.have.length(8);
    expect(links).to.include('/attempt?id=attempt_1_0001_m_000002_0&x=1');
    expect(links).to.include(`/tracker?name=${encodeURIComponent(EVIL)}`);
  });

  it('has no links when no hrefs are given, and says so when there is nothing to draw', () => {
    const input = sample();
    delete input.attemptHref;
    delete input.trackerHref;
    expect(findAll(parseSvg(renderTimeline(input)), (n) => n.tag === 'a')).to.have.length(0);
    const empty = parseSvg(renderTimeline({ jobId: 'job_1_0002', startTime: T0, finishTime: 0, now: T0 + 500, trackers: [], attempts: [] }));
    expect(rowsOf(empty)).to.have.length(0);
    expect(textOf(empty)).to.include('No attempts yet');
  });
});

describe('job timeline: its input', () => {
  it('timelineFromReports takes every attempt with its phases, speculation and error; lost trackers only when they ran something', () => {
    const job = { jobId: 'job_1_0001', startTime: T0, finishTime: T0 + 9000 } as JobStatusJSON;
    const base = { status: '', counters: {}, progress: 1, mapOutputServer: undefined };
    const tasks: TaskReport[] = [
      {
        taskId: 'task_1_0001_m_000000',
        isMap: true,
        state: 'SUCCEEDED',
        progress: 1,
        startTime: T0,
        finishTime: T0 + 3000,
        successfulAttempt: 'attempt_1_0001_m_000000_1',
        attempts: [
          { ...base, attemptId: 'attempt_1_0001_m_000000_0', state: 'FAILED', phase: 'MAP', startTime: T0, finishTime: T0 + 1000, diagnostics: 'boom', tracker: 'tracker_a:1', speculative: false, phaseTimes: { STARTING: T0 + 1, MAP: T0 + 10 } },
          { ...base, attemptId: 'attempt_1_0001_m_000000_1', state: 'SUCCEEDED', phase: 'SORT', startTime: T0 + 1000, finishTime: T0 + 3000, diagnostics: '', tracker: 'tracker_lost:9', speculative: true, phaseTimes: { MAP: T0 + 1100, SORT: T0 + 2500 } },
        ],
      },
    ];
    const tracker = (name: string, state: TrackerInfo['state']): TrackerInfo => ({ trackerName: name, host: 'h', httpAddress: 'h:1', lastSeen: T0, state, maxMapSlots: 2, maxReduceSlots: 1, runningTasks: 0, failures: 0 });
    const input = timelineFromReports(job, tasks, [tracker('tracker_a:1', 'live'), tracker('tracker_lost:9', 'lost'), tracker('tracker_gone:8', 'lost')], T0 + 9500);
    expect(input.trackers.map((t) => t.name)).to.deep.equal(['tracker_a:1', 'tracker_lost:9']);
    expect(input.attempts).to.deep.equal([
      { attemptId: 'attempt_1_0001_m_000000_0', taskId: 'task_1_0001_m_000000', isMap: true, tracker: 'tracker_a:1', state: 'FAILED', startTime: T0, finishTime: T0 + 1000, phaseTimes: { STARTING: T0 + 1, MAP: T0 + 10 }, speculative: false, error: 'boom' },
      { attemptId: 'attempt_1_0001_m_000000_1', taskId: 'task_1_0001_m_000000', isMap: true, tracker: 'tracker_lost:9', state: 'SUCCEEDED', startTime: T0 + 1000, finishTime: T0 + 3000, phaseTimes: { MAP: T0 + 1100, SORT: T0 + 2500 }, speculative: true, error: undefined },
    ]);
    const svg = parseSvg(renderTimeline(input));
    expect(rowsOf(svg)).to.have.length(6);
    expect(segmentsOf(svg, 'MAP')).to.have.length(2);
    expect(segmentsOf(svg, 'SORT')).to.have.length(1);
  });

  it('timelineFromHistory reads the phase ends of Hadoop history lines and our SPECULATIVE mark', () => {
    const h: ParsedHistory = {
      job: { JOBID: 'job_1_0001', SUBMIT_TIME: String(T0), LAUNCH_TIME: String(T0 + 50), FINISH_TIME: String(T0 + 9000) },
      tasks: new Map(),
      attempts: new Map<string, Fields>([
        ['a', { TASK_TYPE: 'MAP', TASKID: 't_m0', TASK_ATTEMPT_ID: 'attempt_1_0001_m_000000_0', START_TIME: String(T0 + 100), FINISH_TIME: String(T0 + 3000), TRACKER_NAME: 'tracker_a:1', TASK_STATUS: 'SUCCESS', MAP_FINISHED: String(T0 + 2000) }],
        ['b', { TASK_TYPE: 'REDUCE', TASKID: 't_r0', TASK_ATTEMPT_ID: 'attempt_1_0001_r_000000_0', START_TIME: String(T0 + 3000), FINISH_TIME: String(T0 + 9000), TRACKER_NAME: 'tracker_a:1', TASK_STATUS: 'SUCCESS', SHUFFLE_FINISHED: String(T0 + 5000), SORT_FINISHED: String(T0 + 6000) }],
        ['c', { TASK_TYPE: 'REDUCE', TASKID: 't_r0', TASK_ATTEMPT_ID: 'attempt_1_0001_r_000000_1', START_TIME: String(T0 + 7000), FINISH_TIME: String(T0 + 8000), TRACKER_NAME: 'tracker_b:2', TASK_STATUS: 'KILLED', SPECULATIVE: 'true', ERROR: 'Another attempt of this task succeeded' }],
      ]),
    };
    const input = timelineFromHistory(h);
    expect([input.jobId, input.startTime, input.finishTime, input.now]).to.deep.equal(['job_1_0001', T0, T0 + 9000, T0 + 9000]);
    expect(input.attempts.map((a) => [a.state, a.speculative, a.phaseTimes])).to.deep.equal([
      ['SUCCEEDED', false, { MAP: T0 + 100, SORT: T0 + 2000 }],
      ['SUCCEEDED', false, { SHUFFLE: T0 + 3000, SORT: T0 + 5000, REDUCE: T0 + 6000 }],
      ['KILLED', true, { SHUFFLE: T0 + 7000 }],
    ]);
    const svg = parseSvg(renderTimeline(input));
    expect(rowsOf(svg).map(rowKey)).to.deep.equal(['tracker_a:1 map 0', 'tracker_a:1 reduce 0', 'tracker_b:2 reduce 0']);
    expect(segmentsOf(svg).map((s) => s.attrs['data-phase'])).to.deep.equal(['MAP', 'SORT', 'SHUFFLE', 'SORT', 'REDUCE', 'SHUFFLE']);
    expect(findAll(svg, (n) => n.attrs.class === 'now')).to.have.length(0);
  });
});
