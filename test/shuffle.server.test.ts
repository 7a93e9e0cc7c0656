import axios from 'axios';
import { expect } from 'chai';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { listen } from '../common/http/json-server';
import { createTaskTrackerApp, ShuffleServerSource, TaskTrackerHttpStatus } from '../mapreduce/tasktracker/shuffle-server';
import { rmrf, tempDir } from './helpers';
import { readSegment, Rec, writeMapOutput } from './shuffle.segments';

const JOB = 'job_201311201234_0001';
const MAP = 'attempt_201311201234_0001_m_000003_0';

describe('TaskTracker shuffle server (GET /mapOutput)', function () {
  let dir: string;
  let server: Server;
  let base: string;
  let out: ReturnType<typeof writeMapOutput>;
  const lookups: string[] = [];
  const partitions: Rec[][] = [
    [['apple', '1']],
    [
      ['banana', '22'],
      ['cherry', '333'],
      ['date', 'x'.repeat(300000)],
    ],
    [],
  ];
  const status: TaskTrackerHttpStatus = {
    trackerName: 'tracker_127.0.0.1:1',
    httpAddress: '127.0.0.1:1',
    jobTracker: '127.0.0.1:2',
    maxMapSlots: 2,
    maxReduceSlots: 1,
    runningMaps: 0,
    runningReduces: 0,
    failures: 0,
    localDirs: [],
    attempts: [],
    jobs: [{ jobId: JOB, mapOutputs: 1 }],
  };

  before(async () => {
    dir = tempDir('shuffle-server-');
    out = writeMapOutput(path.join(dir, MAP, 'output'), partitions);
    const source: ShuffleServerSource = {
      mapOutput: (id) => {
        lookups.push(id);
        return id === MAP ? { jobId: JOB, file: out.file, index: out.index } : undefined;
      },
      hasJob: (id) => id === JOB,
      status: () => status,
    };
    const bound = await listen(createTaskTrackerApp(source), '127.0.0.1', 0);
    server = bound.server;
    base = `http://127.0.0.1:${bound.port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmrf(dir);
  });

  const get = (query: string) =>
    axios.get<ArrayBuffer>(`${base}/mapOutput${query}`, { responseType: 'arraybuffer', validateStatus: () => true });
  const errorOf = (data: ArrayBuffer) => (JSON.parse(Buffer.from(data).toString('utf8')) as { error: { code: string; message: string } }).error;

  it('serves one partition of a map output with Hadoop headers and the exact bytes', async () => {
    const res = await get(`?job=${JOB}&map=${MAP}&reduce=1`);
    expect(res.status).to.equal(200);
    const rec = out.records[1];
    expect(res.headers['map-output-length']).to.equal(String(rec.partLength));
    expect(res.headers['raw-map-output-length']).to.equal(String(rec.rawLength));
    expect(res.headers['from-map-task']).to.equal(MAP);
    expect(res.headers['for-reduce-task']).to.equal('1');
    expect(res.headers['content-length']).to.equal(String(rec.partLength));
    const body = Buffer.from(res.data);
    expect(body.equals(fs.readFileSync(out.file).subarray(rec.startOffset, rec.startOffset + rec.partLength))).to.equal(true);
    expect(readSegment({ kind: 'memory', data: body })).to.deep.equal(partitions[1]);
  });

  it('serves the first and an empty partition too', async () => {
    const first = await get(`?job=${JOB}&map=${MAP}&reduce=0`);
    expect(readSegment({ kind: 'memory', data: Buffer.from(first.data) })).to.deep.equal(partitions[0]);
    const empty = await get(`?job=${JOB}&map=${MAP}&reduce=2`);
    expect(empty.status).to.equal(200);
    expect(empty.headers['map-output-length']).to.equal('6');
    expect(empty.headers['raw-map-output-length']).to.equal('2');
    expect(readSegment({ kind: 'memory', data: Buffer.from(empty.data) })).to.deep.equal([]);
  });

  it('answers hostile and malformed requests with a 4xx JSON error, never touching the disk for bad ids', async () => {
    lookups.length = 0;
    const cases: Array<[string, number, RegExp]> = [
      [`?job=${JOB}&map=../../x&reduce=0`, 400, /Not a map attempt id: '\.\.\/\.\.\/x'/],
      [`?job=${JOB}&map=${encodeURIComponent('../../../etc/passwd')}&reduce=0`, 400, /Not a map attempt id/],
      [`?job=../${JOB}&map=${MAP}&reduce=0`, 400, /Not a job id/],
      [`?map=${MAP}&reduce=0`, 400, /Missing parameter 'job'/],
      [`?job=${JOB}&reduce=0`, 400, /Missing parameter 'map'/],
      [`?job=${JOB}&map=${MAP}`, 400, /Missing parameter 'reduce'/],
      [``, 400, /Missing parameter 'job'/],
      [`?job=${JOB}&map=${MAP}&reduce=-1`, 400, /Not a reduce partition: '-1'/],
      [`?job=${JOB}&map=${MAP}&reduce=1e3`, 400, /Not a reduce partition/],
      [`?job=${JOB}&map=${MAP}&map=${MAP}&reduce=0`, 400, /Parameter 'map' must be given once/],
      [`?job=${JOB}&map=attempt_201311201234_0001_r_000003_0&reduce=0`, 400, /Not a map attempt id/],
      [`?job=job_201311201234_0002&map=${MAP}&reduce=0`, 400, /is not an attempt of job_201311201234_0002/],
    ];
    for (const [q, status, message] of cases) {
      const res = await get(q);
      expect(res.status, q).to.equal(status);
      const err = errorOf(res.data);
      expect(err.code, q).to.equal('RPC_BAD_REQUEST');
      expect(err.message, q).to.match(message);
    }
    expect(lookups).to.deep.equal([]);
  });

  it('answers 404 for an unknown job or map output, 400 for a partition the output does not have', async () => {
    const unknownJob = await get(`?job=job_201311201234_0009&map=attempt_201311201234_0009_m_000000_0&reduce=0`);
    expect(unknownJob.status).to.equal(404);
    expect(errorOf(unknownJob.data)).to.deep.equal({ code: 'MR_JOB_NOT_FOUND', message: 'Unknown job job_201311201234_0009 on this tracker' });
    const unknownMap = await get(`?job=${JOB}&map=attempt_201311201234_0001_m_000004_0&reduce=0`);
    expect(unknownMap.status).to.equal(404);
    expect(errorOf(unknownMap.data).code).to.equal('MR_MAP_OUTPUT_NOT_FOUND');
    const noPartition = await get(`?job=${JOB}&map=${MAP}&reduce=3`);
    expect(noPartition.status).to.equal(400);
    expect(errorOf(noPartition.data).message).to.equal(`Map output ${MAP} has 3 partitions; there is no partition 3`);
  });

  it('keeps serving after hostile requests, and serves /status as JSON', async () => {
    const res = await get(`?job=${JOB}&map=${MAP}&reduce=0`);
    expect(res.status).to.equal(200);
    const st = await axios.get(`${base}/status`);
    expect(st.data).to.deep.equal(status);
    const unknown = await axios.get(`${base}/nothing`, { validateStatus: () => true });
    expect(unknown.status).to.equal(404);
  });
});
