import { expect } from 'chai';
import express from 'express';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { listen } from '../common/http/json-server';
import { setLogLevel } from '../common/log';
import type { MapOutputEvent } from '../mapreduce/protocol/types';
import { HttpShuffle } from '../mapreduce/task/http-shuffle';
import type { Segment } from '../mapreduce/task/ifile';
import type { TaskSpec } from '../mapreduce/task/task-spec';
import { rmrf, tempDir } from './helpers';
import { readSegment, Rec, recordsOfSize, segmentBytes } from './shuffle.segments';

const JOB = 'job_201311201234_0007';
const REDUCE = 'attempt_201311201234_0007_r_000000_0';
const mapAttempt = (i: number, n = 0) => `attempt_201311201234_0007_m_${String(i).padStart(6, '0')}_${n}`;

interface Served {
  body: Buffer;
  records: Rec[];
}

/** A stand-in for TaskTrackers' shuffle servers, with hooks to delay, fail and corrupt answers. */
class FakeShuffleServer {
  readonly outputs = new Map<string, Served>();
  readonly requests: string[] = [];
  running = 0;
  maxRunning = 0;
  delayMs = 0;
  /** Per map attempt: how to answer the next requests ('500', 'corrupt', 'wrong-map', 'short', 'ok'). */
  readonly script = new Map<string, string[]>();
  server!: Server;
  address = '';

  put(attemptId: string, records: Rec[]): void {
    this.outputs.set(attemptId, { body: segmentBytes(records), records });
  }

  async start(): Promise<void> {
    const app = express();
    app.get('/mapOutput', async (req, res) => {
      const map = String(req.query.map);
      this.requests.push(map);
      this.running++;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      try {
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        const out = this.outputs.get(map);
        const how = this.script.get(map)?.shift() ?? 'ok';
        if (!out || req.query.job !== JOB || req.query.reduce !== '0') {
          res.status(404).json({ error: { code: 'MR_MAP_OUTPUT_NOT_FOUND', message: `No map output of ${map}` } });
          return;
        }
        if (how === '500') {
          res.status(500).json({ error: { code: 'INTERNAL', message: 'disk on fire' } });
          return;
        }
        let body = out.body;
        if (how === 'corrupt') {
          body = Buffer.from(body);
          body[Math.floor(body.length / 2)] ^= 0xff;
        }
        res.set({
          'Map-Output-Length': String(out.body.length),
          'Raw-Map-Output-Length': String(out.body.length - 4),
          'from-map-task': how === 'wrong-map' ? mapAttempt(99) : map,
          'for-reduce-task': '0',
        });
        if (how === 'short') {
          res.set('Content-Length', String(out.body.length));
          res.write(body.subarray(0, body.length >> 1));
          setTimeout(() => res.destroy(), 20);
          return;
        }
        res.end(body);
      } finally {
        this.running--;
      }
    });
    const bound = await listen(app, '127.0.0.1', 0);
    this.server = bound.server;
    this.address = `127.0.0.1:${bound.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

describe('HTTP shuffle (the reduce side ShuffleSource)', function () {
  this.timeout(30000);
  let dir: string;
  let srv: FakeShuffleServer;

  // every retry logs a warning: keep the test output readable
  before(() => setLogLevel('ERROR'));
  after(() => setLogLevel('INFO'));
  beforeEach(async () => {
    dir = tempDir('http-shuffle-');
    srv = new FakeShuffleServer();
    await srv.start();
  });
  afterEach(async () => {
    await srv.stop();
    rmrf(dir);
  });

  const spec = (numMaps: number, conf: Record<string, string> = {}, locations?: MapOutputEvent[]): TaskSpec => ({
    jobId: JOB,
    attemptId: REDUCE,
    isMap: false,
    partition: 0,
    numMaps,
    numReduces: 1,
    conf: { 'mapreduce.reduce.shuffle.fetch.retry.interval-ms': '20', ...conf },
    workDir: dir,
    mapOutputLocations: locations ?? Array.from({ length: numMaps }, (_, i) => ({ mapIndex: i, attemptId: mapAttempt(i), server: srv.address, obsolete: false })),
  });
  const contents = (segments: Segment[]) => segments.map((s) => readSegment(s));

  it('fetches every map output, at most mapred.reduce.parallel.copies at once, in map order', async () => {
    const expected: Rec[][] = [];
    for (let i = 0; i < 7; i++) {
      expected.push([[`k${i}`, `v${i}`], [`k${i}b`, 'w']]);
      srv.put(mapAttempt(i), expected[i]);
    }
    srv.delayMs = 300;
    const segments = await new HttpShuffle().fetch(spec(7, { 'mapred.reduce.parallel.copies': '3' }), () => undefined);
    expect(contents(segments)).to.deep.equal(expected);
    expect(srv.maxRunning).to.equal(3);
    expect(srv.requests.length).to.equal(7);
    expect(segments.every((s) => s.kind === 'memory')).to.equal(true);
  });

  it('retries a failed fetch with backoff and reports the failure for the JobTracker', async () => {
    srv.put(mapAttempt(0), [['a', '1']]);
    srv.put(mapAttempt(1), [['b', '2']]);
    srv.script.set(mapAttempt(1), ['500', 'wrong-map', 'short']);
    const reported: string[][] = [];
    const segments = await new HttpShuffle({ onFetchFailures: (reduce, maps) => reported.push([reduce, ...maps]) }).fetch(spec(2), () => undefined);
    expect(contents(segments)).to.deep.equal([[['a', '1']], [['b', '2']]]);
    expect(srv.requests.filter((m) => m === mapAttempt(1)).length, JSON.stringify(srv.requests)).to.equal(4);
    expect(reported).to.deep.equal([
      [REDUCE, mapAttempt(1)],
      [REDUCE, mapAttempt(1)],
      [REDUCE, mapAttempt(1)],
    ]);
    expect(fs.readdirSync(path.join(dir, 'shuffle'))).to.deep.equal([]);
  });

  it('checks the IFile CRC of what it fetched: a corrupt transfer is fetched again', async () => {
    const big = recordsOfSize('big', 50, 200000);
    srv.put(mapAttempt(0), [['a', '1']]);
    srv.put(mapAttempt(1), big);
    srv.script.set(mapAttempt(0), ['corrupt']);
    srv.script.set(mapAttempt(1), ['corrupt']);
    const reported: string[] = [];
    const segments = await new HttpShuffle({ onFetchFailures: (_r, maps) => reported.push(...maps) }).fetch(
      spec(2, { 'mapred.reduce.shuffle.memory.mb': '1' }),
      () => undefined,
    );
    expect(reported.sort()).to.deep.equal([mapAttempt(0), mapAttempt(1)]);
    expect(contents(segments)).to.deep.equal([[['a', '1']], big]);
    // the corrupt copy of the large one went to disk and was removed; the good one replaced it
    expect(segments[1].kind).to.equal('file');
  });

  it('puts segments above the threshold, or beyond the memory budget, straight into files', async () => {
    // 1 MB * 0.5 = 512 KB of memory; a single segment may take a quarter of it (128 KB)
    const conf = { 'mapred.reduce.shuffle.memory.mb': '1', 'mapred.job.shuffle.input.buffer.percent': '0.5' };
    const expected: Rec[][] = [recordsOfSize('big', 40, 200000), [['small', '1']]];
    for (let i = 2; i < 10; i++) expected.push(recordsOfSize(`m${i}`, 10, 100000));
    expected.forEach((recs, i) => srv.put(mapAttempt(i), recs));
    const segments = await new HttpShuffle().fetch(spec(10, { ...conf, 'mapred.reduce.parallel.copies': '1' }), () => undefined);
    expect(contents(segments)).to.deep.equal(expected);
    expect(segments[0].kind).to.equal('file');
    expect(segments[1].kind).to.equal('memory');
    const inMemory = segments.filter((s): s is Segment & { kind: 'memory' } => s.kind === 'memory');
    const memoryBytes = inMemory.reduce((a, s) => a + s.data.length, 0);
    expect(memoryBytes).to.be.at.most(512 * 1024);
    expect(inMemory.length).to.be.greaterThan(2);
    expect(segments.filter((s) => s.kind === 'file').length).to.be.greaterThan(1);
    for (const s of segments) {
      if (s.kind !== 'file') continue;
      expect(path.dirname(s.path)).to.equal(path.join(dir, 'shuffle'));
      expect(fs.statSync(s.path).size).to.equal(s.length);
    }
  });

  it('waits for map completion events, reporting progress while it waits', async () => {
    srv.put(mapAttempt(0), [['a', '1']]);
    srv.put(mapAttempt(1), [['b', '2']]);
    const shuffle = new HttpShuffle();
    const progress: number[] = [];
    const conf = { 'mapred.task.timeout': '400' };
    const s = spec(2, conf, [{ mapIndex: 0, attemptId: mapAttempt(0), server: srv.address, obsolete: false }]);
    const done = shuffle.fetch(s, (f) => progress.push(f));
    await new Promise((r) => setTimeout(r, 600));
    expect(progress.filter((f) => f === 0.5).length).to.be.at.least(3);
    shuffle.addEvents(REDUCE, [{ mapIndex: 1, attemptId: mapAttempt(1), server: srv.address, obsolete: false }]);
    expect(contents(await done)).to.deep.equal([[['a', '1']], [['b', '2']]]);
  });

  it('accepts events that arrive before the fetch starts, and ignores events of other attempts', async () => {
    srv.put(mapAttempt(0), [['a', '1']]);
    const shuffle = new HttpShuffle();
    shuffle.addEvents('attempt_201311201234_0007_r_000005_0', [{ mapIndex: 0, attemptId: mapAttempt(0), server: '127.0.0.1:1', obsolete: false }]);
    shuffle.addEvents(REDUCE, [{ mapIndex: 0, attemptId: mapAttempt(0), server: srv.address, obsolete: false }]);
    expect(contents(await shuffle.fetch(spec(1, {}, []), () => undefined))).to.deep.equal([[['a', '1']]]);
  });

  it('drops an obsolete map output and fetches the map from its new attempt', async () => {
    srv.put(mapAttempt(0), [['a', '1']]);
    srv.put(mapAttempt(1, 1), [['b', 'rerun']]);
    const reported: string[] = [];
    const shuffle = new HttpShuffle({ onFetchFailures: (_r, maps) => reported.push(...maps) });
    // map 1's first attempt ran on a tracker that is gone: every fetch from it fails
    const done = shuffle.fetch(
      spec(2, {}, [
        { mapIndex: 0, attemptId: mapAttempt(0), server: srv.address, obsolete: false },
        { mapIndex: 1, attemptId: mapAttempt(1, 0), server: '127.0.0.1:1', obsolete: false },
      ]),
      () => undefined,
    );
    await waitUntil(() => reported.length >= 2);
    // the JobTracker runs map 1 again: the old output is obsolete, the new one is elsewhere
    shuffle.addEvents(REDUCE, [
      { mapIndex: 1, attemptId: mapAttempt(1, 0), server: '127.0.0.1:1', obsolete: true },
      { mapIndex: 1, attemptId: mapAttempt(1, 1), server: srv.address, obsolete: false },
    ]);
    expect(contents(await done)).to.deep.equal([[['a', '1']], [['b', 'rerun']]]);
    expect(reported.every((m) => m === mapAttempt(1, 0))).to.equal(true);
    const settled = reported.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(reported.length, 'no more fetches from the obsolete output').to.equal(settled);
  });

  it('fails the reduce when one map output cannot be fetched in 30 tries', async () => {
    const s = spec(1, { 'mapreduce.reduce.shuffle.fetch.retry.interval-ms': '1', 'mapreduce.reduce.shuffle.retry-delay.max.ms': '2' }, [
      { mapIndex: 0, attemptId: mapAttempt(0), server: srv.address, obsolete: false },
    ]);
    let error: Error | null = null;
    await new HttpShuffle().fetch(s, () => undefined).catch((e: Error) => (error = e));
    expect(error).to.not.equal(null);
    expect(error!.message).to.match(
      new RegExp(`^Shuffle failed: the output of ${mapAttempt(0)} could not be fetched from ${srv.address.replace(/\./g, '\\.')} in 30 tries; last error: .*answered 404: No map output of ${mapAttempt(0)}$`),
    );
  });

});

async function waitUntil(cond: () => boolean, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
