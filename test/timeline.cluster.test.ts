import { expect } from 'chai';
import * as path from 'node:path';
import { Path, readFully } from '../common/fs/index';
import { parseHistory } from '../mapreduce/client/history-viewer';
import { renderTimeline, timelineFromHistory, timelineFromReports } from '../mapreduce/jobtracker/web/timeline';
import type { JobStatusJSON, TaskReport, TrackerInfo } from '../mapreduce/protocol/types';
import { daemonsAvailable } from './dfs-harness';
import { rmrf, tempDir } from './helpers';
import { jarArgs, jobIdOf, MrCluster, startMrCluster, writeCorpus } from './mr-harness';
import { barsOf, markersOf, parseSvg, rowsOf, segmentsOf } from './timeline.svg';

async function json<T>(c: MrCluster, p: string): Promise<T> {
  const res = await fetch(`http://${c.jobTrackerAddress}${p}`);
  expect(res.status, p).to.equal(200);
  return (await res.json()) as T;
}

describe('job timeline: a real job on a minicluster (2 TaskTrackers)', function () {
  this.timeout(180000);
  let c: MrCluster;
  let dir: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    dir = tempDir('timeline-cluster-');
    // 1.3 MB + 0.3 MB: 2 + 1 splits of the 1 MB blocks (a split may run 10% past its block)
    writeCorpus(path.join(dir, 'in'), [1_300_000, 300_000]);
    c = await startMrCluster({ tasktrackers: 2 });
    const put = await c.hadoop(['fs', '-put', path.join(dir, 'in'), '/in']);
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
  });

  after(async () => {
    await c?.stop();
    if (dir) rmrf(dir);
  });

  it('every attempt reports its phases in order within its start and finish; the timeline has a bar per attempt, live and from the history', async () => {
    const generic = ['-D', 'mapred.reduce.tasks=2', '-D', 'mapred.map.tasks.speculative.execution=false', '-D', 'mapred.reduce.tasks.speculative.execution=false'];
    const run = await c.hadoop(jarArgs(['examples', 'wordcount'], ['/in', '/out'], generic), { timeoutMs: 150000 });
    expect(run.code, run.stderr).to.equal(0);
    const id = jobIdOf(run.stderr);
    const { status, tasks } = await json<{ status: JobStatusJSON; tasks: TaskReport[] }>(c, `/status/jobs/${id}`);
    const { trackers } = await json<{ trackers: TrackerInfo[] }>(c, '/status/trackers');
    expect([status.state, status.numMaps, status.numReduces]).to.deep.equal(['SUCCEEDED', 3, 2]);

    const attempts = tasks.flatMap((t) => t.attempts.map((a) => ({ ...a, isMap: t.isMap })));
    const won = attempts.filter((a) => a.state === 'SUCCEEDED');
    expect([won.filter((a) => a.isMap).length, won.filter((a) => !a.isMap).length]).to.deep.equal([3, 2]);
    for (const a of won) {
      const t = a.phaseTimes!;
      const order = a.isMap ? [t.MAP, t.SORT] : [t.SHUFFLE, t.SORT, t.REDUCE];
      expect(order.every((x) => typeof x === 'number'), `${a.attemptId} ${JSON.stringify(t)}`).to.equal(true);
      const bounded = [a.startTime, ...(order as number[]), a.finishTime];
      expect([...bounded].sort((x, y) => x - y), `${a.attemptId} ${JSON.stringify(t)}`).to.deep.equal(bounded);
      expect(a.speculative).to.equal(false);
    }

    const live = parseSvg(renderTimeline(timelineFromReports(status, tasks, trackers, Date.now())));
    expect(barsOf(live)).to.have.length(attempts.length);
    expect(barsOf(live).map((b) => b.attrs['data-attempt']).sort()).to.deep.equal(attempts.map((a) => a.attemptId).sort());
    // each tracker's declared 2 map and 2 reduce slots (3 maps and 2 reduces fit in them)
    expect(rowsOf(live)).to.have.length(trackers.length * 4);
    // the map and reduce functions take time on every attempt; shuffle and sort may take under a millisecond
    expect(segmentsOf(live, 'MAP')).to.have.length(3);
    expect(segmentsOf(live, 'REDUCE')).to.have.length(2);
    const positive = (phase: 'SHUFFLE' | 'SORT', next: (a: (typeof won)[number]) => number | undefined) =>
      won.filter((a) => a.phaseTimes![phase]! < (next(a) ?? a.finishTime)).length;
    expect(segmentsOf(live, 'SHUFFLE')).to.have.length(positive('SHUFFLE', (a) => a.phaseTimes!.SORT));
    expect(segmentsOf(live, 'SORT')).to.have.length(positive('SORT', (a) => (a.isMap ? undefined : a.phaseTimes!.REDUCE)));
    expect(markersOf(live, 'failed')).to.have.length(0);

    // the history in the output directory: the phase ends the JobTracker had, and the same bars
    const histDir = '/out/_logs/history';
    const files = (await c.fs.listStatus(histDir)).map((s) => s.path.getName()).filter((n) => !n.endsWith('.xml'));
    expect(files).to.have.length(1);
    const h = parseHistory((await readFully(c.fs, new Path(`${histDir}/${files[0]}`))).toString('utf8'));
    for (const a of won) {
      const f = h.attempts.get(a.attemptId)!;
      if (a.isMap) expect(f.MAP_FINISHED).to.equal(String(a.phaseTimes!.SORT));
      else expect([f.SHUFFLE_FINISHED, f.SORT_FINISHED]).to.deep.equal([String(a.phaseTimes!.SORT), String(a.phaseTimes!.REDUCE)]);
    }
    const fromHistory = parseSvg(renderTimeline(timelineFromHistory(h)));
    expect(barsOf(fromHistory).map((b) => b.attrs['data-attempt']).sort()).to.deep.equal(attempts.map((a) => a.attemptId).sort());
    expect(segmentsOf(fromHistory, 'REDUCE')).to.have.length(2);
  });
});
