import axios from 'axios';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { IntWritable, Text } from '../common/io/writables';
import { TaskCounter } from '../mapreduce/api/counters';
import { Job } from '../mapreduce/api/job';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileOutputCommitter } from '../mapreduce/lib/output/file-output-committer';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { IntSumReducer } from '../mapreduce/lib/reduce/int-sum-reducer';
import type { MapOutputEvent } from '../mapreduce/protocol/types';
import type { TaskTrackerHttpStatus } from '../mapreduce/tasktracker/shuffle-server';
import { TokenizerMapper } from '../examples/wordcount';
import { HADOOP_HOME, rmrf, tempDir } from './helpers';
import {
  FakeJobTracker,
  launchMap,
  launchReduce,
  mapAttempt,
  reduceAttempt,
  stageJob,
  StagedJob,
  TaskTrackerProcess,
  waitFor,
  writeCorpus,
} from './tasktracker.harness';

const WORDCOUNT_JS = path.join(HADOOP_HOME, 'dist', 'examples', 'wordcount.js');
const INTERVAL = 3000;

/** The same job under the local runner: the oracle. */
async function runLocally(input: string, output: string, numReduces: number): Promise<void> {
  const conf = new Configuration({ loadSiteFiles: false });
  conf.set('mapred.job.tracker', 'local');
  const job = Job.getInstance(conf, 'word count');
  job.setMapperClass(TokenizerMapper);
  job.setCombinerClass(IntSumReducer);
  job.setReducerClass(IntSumReducer);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(IntWritable);
  job.setNumReduceTasks(numReduces);
  FileInputFormat.addInputPath(job, input);
  FileOutputFormat.setOutputPath(job, output);
  expect(await job.waitForCompletion(false)).to.equal(true);
}

describe('TaskTracker daemon: a wordcount job from a fake JobTracker', function () {
  this.timeout(180000);
  let dir: string;
  let jt: FakeJobTracker;
  let tt: TaskTrackerProcess | null = null;
  let job: StagedJob;

  before(async () => {
    dir = tempDir('tasktracker-wc-');
    writeCorpus(path.join(dir, 'in'), 2, 300000);
    jt = new FakeJobTracker();
    jt.intervalMs = INTERVAL;
    await jt.start();
    tt = await TaskTrackerProcess.start(dir, jt.address, {
      'mapred.heartbeat.interval.ms': String(INTERVAL),
      'mapred.tasktracker.map.tasks.maximum': '2',
      'mapred.tasktracker.reduce.tasks.maximum': '2',
    });
    job = await stageJob(dir, {
      jobId: 'job_201311201234_0001',
      mapper: TokenizerMapper,
      jobModule: WORDCOUNT_JS,
      input: path.join(dir, 'in'),
      numReduces: 2,
      combiner: true,
    });
  });
  after(async () => {
    await tt?.stop();
    await jt?.stop();
    rmrf(dir);
  });

  it('registers at once with its slots and HTTP address', async () => {
    const first = await waitFor(() => jt.heartbeats[0], 30000, 'the first heartbeat');
    expect(first.req.initialContact).to.equal(true);
    expect(first.req.acceptNewTasks).to.equal(true);
    const s = first.req.status;
    expect(s.trackerName).to.equal(tt!.ready.trackerName);
    expect(s.trackerName).to.equal(`tracker_${tt!.ready.httpAddress}`);
    expect(s.httpAddress).to.equal(tt!.ready.httpAddress);
    expect(s.host).to.equal('127.0.0.1');
    expect([s.maxMapSlots, s.maxReduceSlots, s.failures]).to.deep.equal([2, 2, 0]);
    expect(s.taskReports).to.deep.equal([]);
    expect(tt!.ready.role).to.equal('tasktracker');
    expect(tt!.ready.localDirs).to.deep.equal([path.join(dir, 'local')]);
  });

  it('runs the maps, then reduces that fetch over HTTP; the committed output equals the local runner\'s byte for byte', async () => {
    const maps = [mapAttempt(job, 0), mapAttempt(job, 1)];
    const reduces = [reduceAttempt(job, 0), reduceAttempt(job, 1)];
    let reducesLaunched = false;
    let eventSent = false;
    const location = (i: number): MapOutputEvent => ({ mapIndex: i, attemptId: maps[i], server: jt.latest(maps[i])!.mapOutputServer!, obsolete: false });
    jt.send(launchMap(job, 0), launchMap(job, 1));
    jt.script = () => {
      if (!reducesLaunched && maps.every((m) => jt.latest(m)?.state === 'SUCCEEDED')) {
        reducesLaunched = true;
        // reduce 1 learns of map 1 only later, from a map completion event
        return [launchReduce(job, 0, [location(0), location(1)]), launchReduce(job, 1, [location(0)])];
      }
      if (reducesLaunched && !eventSent && jt.latest(reduces[1])?.phase === 'SHUFFLE') {
        eventSent = true;
        return [{ type: 'mapCompletionEvents', attemptId: reduces[1], events: [location(1)] }];
      }
      return [];
    };
    for (const m of maps) {
      const s = await jt.final(m);
      expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
      expect(s.mapOutputServer).to.equal(tt!.ready.httpAddress);
      expect(s.progress).to.equal(1);
      expect(s.counters[TaskCounter.group]?.MAP_INPUT_RECORDS).to.be.greaterThan(0);
    }
    for (const r of reduces) {
      const s = await jt.final(r);
      expect(s.state, s.diagnostics).to.equal('SUCCEEDED');
      expect(s.counters[TaskCounter.group]?.REDUCE_SHUFFLE_BYTES).to.be.greaterThan(0);
      expect(jt.statuses.get(r)!.some((x) => x.state === 'COMMIT_PENDING')).to.equal(true);
    }
    expect(eventSent).to.equal(true);
    jt.script = null;
    await new FileOutputCommitter(job.outputDir).commitJob(job.job);

    const local = path.join(dir, 'out-local');
    await runLocally(path.join(dir, 'in'), local, 2);
    for (const part of ['part-r-00000', 'part-r-00001']) {
      const cluster = fs.readFileSync(path.join(job.outputDir, part));
      expect(cluster.length).to.be.greaterThan(0);
      expect(cluster.equals(fs.readFileSync(path.join(local, part))), part).to.equal(true);
    }
    expect(fs.readdirSync(job.outputDir).sort()).to.deep.equal(['_SUCCESS', 'part-r-00000', 'part-r-00001']);
  });

  it('heartbeats at once when an attempt finishes or waits to commit, not after the interval', () => {
    const gaps: number[] = [];
    for (const a of [mapAttempt(job, 0), mapAttempt(job, 1), reduceAttempt(job, 0), reduceAttempt(job, 1)]) {
      const done = jt.firstReport(a, 'SUCCEEDED')!;
      gaps.push(done.hb.at - done.status.finishTime);
    }
    expect(Math.max(...gaps), `gaps ${gaps.join(', ')} ms with a ${INTERVAL} ms interval`).to.be.below(INTERVAL / 3);
    // the status that was delivered is not sent again
    for (const a of [mapAttempt(job, 0), reduceAttempt(job, 1)]) {
      expect(jt.statuses.get(a)!.filter((s) => s.state === 'SUCCEEDED').length).to.equal(1);
    }
  });

  it('keeps the map outputs for the job, serves them with Hadoop headers, and answers hostile requests with 4xx', async () => {
    const jobCache = path.join(dir, 'local', 'taskTracker', 'jobcache', job.jobId);
    const m0 = mapAttempt(job, 0);
    expect(fs.existsSync(path.join(jobCache, m0, 'output', 'file.out'))).to.equal(true);
    expect(fs.existsSync(path.join(jobCache, m0, 'output', 'file.out.index'))).to.equal(true);
    expect(fs.existsSync(path.join(jobCache, reduceAttempt(job, 0)))).to.equal(false);
    expect(fs.readFileSync(path.join(jobCache, 'job.js')).equals(fs.readFileSync(WORDCOUNT_JS))).to.equal(true);

    const get = (q: string) => axios.get<ArrayBuffer>(`${tt!.url}/mapOutput?${q}`, { responseType: 'arraybuffer', validateStatus: () => true });
    for (const q of [`job=${job.jobId}&map=../../x&reduce=0`, `job=${job.jobId}&map=${m0}`, `map=${m0}&reduce=0`, `job=../../etc&map=${m0}&reduce=0`]) {
      const res = await get(q);
      expect(res.status, q).to.equal(400);
      expect(JSON.parse(Buffer.from(res.data).toString()).error.code).to.equal('RPC_BAD_REQUEST');
    }
    const unknown = await get(`job=job_201311201234_0999&map=attempt_201311201234_0999_m_000000_0&reduce=0`);
    expect(unknown.status).to.equal(404);
    const ok = await get(`job=${job.jobId}&map=${m0}&reduce=1`);
    expect(ok.status).to.equal(200);
    expect(ok.headers['from-map-task']).to.equal(m0);
    expect(ok.headers['for-reduce-task']).to.equal('1');
    expect(Number(ok.headers['map-output-length'])).to.equal(ok.data.byteLength);
    expect(Number(ok.headers['raw-map-output-length'])).to.equal(ok.data.byteLength - 4);

    const status = (await axios.get<TaskTrackerHttpStatus>(`${tt!.url}/status`)).data;
    expect(status.trackerName).to.equal(tt!.ready.trackerName);
    expect([status.maxMapSlots, status.maxReduceSlots, status.runningMaps, status.runningReduces]).to.deep.equal([2, 2, 0, 0]);
    expect(status.jobs).to.deep.equal([{ jobId: job.jobId, mapOutputs: 2 }]);
  });

  it('deletes the job\'s files on killJob and stops serving its outputs', async () => {
    const jobCache = path.join(dir, 'local', 'taskTracker', 'jobcache', job.jobId);
    jt.send({ type: 'killJob', jobId: job.jobId });
    await waitFor(() => !fs.existsSync(jobCache), 30000, 'the job cache to be deleted');
    const res = await axios.get(`${tt!.url}/mapOutput?job=${job.jobId}&map=${mapAttempt(job, 0)}&reduce=0`, { validateStatus: () => true });
    expect(res.status).to.equal(404);
    expect(res.data.error.code).to.equal('MR_JOB_NOT_FOUND');
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = await tt!.stop();
    expect(code).to.equal(0);
    expect(fs.existsSync(path.join(dir, 'local', 'taskTracker', 'tasktracker.pid'))).to.equal(false);
    tt = null;
  });
});
