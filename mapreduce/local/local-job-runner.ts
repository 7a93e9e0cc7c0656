import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import { getLog } from '../../common/log';
import type { JobContext } from '../api/context';
import { Counters, JobCounter } from '../api/counters';
import { attemptId, taskId } from '../api/ids';
import { JobConf } from '../api/job-conf';
import { JobKeys } from '../api/job-keys';
import type { JobResult } from '../api/job-result';
import { JobHistoryLog } from '../client/job-history';
import { JobMonitor } from '../client/job-monitor';
import type { MapOutputLocation, TaskSpec } from '../task/task-spec';
import { AttemptResult, ChildPool } from '../task/child-pool';

const log = getLog('mapred.LocalJobRunner');
let jobCounter = 0;
const runId = String(Math.floor(Math.random() * 1e9));

/**
 * The embedded runner (mapred.job.tracker=local): maps in parallel child processes (one per
 * core by default), then reduces, with retries; the same MapTask/ReduceTask as the cluster,
 * with map outputs read in place from local disk.
 */
export async function runLocalJob(conf: Configuration, verbose: boolean): Promise<JobResult> {
  const jobId = `job_local${runId}_${String(++jobCounter).padStart(4, '0')}`;
  conf.set(JobKeys.JOB_ID, jobId);
  const jobContext: JobContext = { getConfiguration: () => conf, getJobID: () => jobId };
  const monitor = new JobMonitor(verbose, conf.getInt('mapreduce.client.progress.interval.ms', 1000));
  const submitTime = Date.now();
  const history = new JobHistoryLog(jobId, submitTime, conf.get(JobKeys.JOB_NAME, ''));

  // refuse before anything runs: bad output spec, missing input
  const outputFormat = new (JobConf.outputFormat(conf))();
  await outputFormat.checkOutputSpecs(jobContext);
  const inputFormat = new (JobConf.inputFormat(conf))();
  const splits = await inputFormat.getSplits(jobContext);
  const numReduces = JobConf.numReduces(conf);
  if (numReduces < 0) throw new Error(`Invalid number of reduces: ${numReduces}`);

  const committer = outputFormat.getOutputCommitter(jobContext);
  await committer.setupJob(jobContext);
  const localDir = path.join(conf.get('mapred.local.dir', os.tmpdir()).split(',')[0], 'localRunner', jobId);
  fs.mkdirSync(localDir, { recursive: true });
  const cores = os.availableParallelism();
  const maxMaps = conf.getInt('mapreduce.local.map.tasks.maximum') || cores;
  const maxReduces = conf.getInt('mapreduce.local.reduce.tasks.maximum') || cores;
  const childOpts = conf.get('mapred.child.node.opts', '').split(/\s+/).filter((o) => o !== '');
  const pool = new ChildPool({ ...process.env }, conf.getLong('mapred.task.timeout'), childOpts);

  const counters = new Counters();
  const mapProgress = new Array<number>(splits.length).fill(0);
  const reduceProgress = new Array<number>(numReduces).fill(0);
  const avg = (a: number[]) => (a.length === 0 ? 1 : a.reduce((x, y) => x + y, 0) / a.length);
  const printProgress = (force = false) => monitor.progress(avg(mapProgress), avg(reduceProgress), force);
  monitor.running(jobId);
  history.record('Job', {
    JOBID: jobId,
    JOBNAME: conf.get(JobKeys.JOB_NAME, ''),
    USER: os.userInfo().username,
    SUBMIT_TIME: submitTime,
    JOBCONF: `${jobId}_conf.xml`,
  });
  history.record('Job', { JOBID: jobId, LAUNCH_TIME: Date.now(), TOTAL_MAPS: splits.length, TOTAL_REDUCES: numReduces });
  printProgress(true);

  const baseSpec = { jobId, numMaps: splits.length, numReduces, conf: conf.toJSON() };

  /** Runs one task with retries; returns the successful result or throws the last error. */
  const runWithRetries = async (isMap: boolean, index: number, build: (attempt: number) => TaskSpec) => {
    const maxAttempts = conf.getInt(isMap ? 'mapred.map.max.attempts' : 'mapred.reduce.max.attempts');
    let lastError = '';
    const tid = taskId(jobId, isMap, index);
    const progress = isMap ? mapProgress : reduceProgress;
    history.record('Task', { TASKID: tid, TASK_TYPE: isMap ? 'MAP' : 'REDUCE', START_TIME: Date.now() });
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const spec = build(attempt);
      counters.findCounter(JobCounter.group, isMap ? JobCounter.TOTAL_LAUNCHED_MAPS : JobCounter.TOTAL_LAUNCHED_REDUCES).increment();
      const started = Date.now();
      const type = isMap ? 'MapAttempt' : 'ReduceAttempt';
      history.record(type, { TASK_TYPE: isMap ? 'MAP' : 'REDUCE', TASKID: tid, TASK_ATTEMPT_ID: spec.attemptId, START_TIME: started, HOSTNAME: os.hostname() });
      const result: AttemptResult = await pool.run(spec, {
        onProgress: (p) => {
          progress[index] = p;
          printProgress();
        },
        canCommit: () => true,
      });
      counters.findCounter(JobCounter.group, isMap ? JobCounter.SLOTS_MILLIS_MAPS : JobCounter.SLOTS_MILLIS_REDUCES).increment(Date.now() - started);
      if (result.ok) {
        progress[index] = 1;
        printProgress();
        counters.incrAll(result.counters);
        history.record(type, { TASK_TYPE: isMap ? 'MAP' : 'REDUCE', TASKID: tid, TASK_ATTEMPT_ID: spec.attemptId, TASK_STATUS: 'SUCCESS', FINISH_TIME: Date.now(), PEAK_RSS: result.peakRss });
        history.record('Task', { TASKID: tid, TASK_TYPE: isMap ? 'MAP' : 'REDUCE', TASK_STATUS: 'SUCCESS', FINISH_TIME: Date.now() });
        return { ...result, attemptId: spec.attemptId };
      }
      lastError = result.error;
      progress[index] = 0;
      counters.findCounter(JobCounter.group, isMap ? JobCounter.NUM_FAILED_MAPS : JobCounter.NUM_FAILED_REDUCES).increment();
      history.record(type, { TASK_TYPE: isMap ? 'MAP' : 'REDUCE', TASKID: tid, TASK_ATTEMPT_ID: spec.attemptId, TASK_STATUS: 'FAILED', FINISH_TIME: Date.now(), ERROR: result.error });
      monitor.attemptFailed(spec.attemptId, result.error);
      fs.rmSync(spec.workDir, { recursive: true, force: true });
    }
    history.record('Task', { TASKID: tid, TASK_TYPE: isMap ? 'MAP' : 'REDUCE', TASK_STATUS: 'FAILED', FINISH_TIME: Date.now(), ERROR: lastError });
    throw new TaskFailed(`Task ${tid} failed ${maxAttempts} times. Last error: ${lastError}`);
  };

  let failure: string | undefined;
  try {
    const mapOutputs: MapOutputLocation[] = new Array(splits.length);
    await forEachLimit(splits.length, maxMaps, async (i) => {
      const r = await runWithRetries(true, i, (attempt) => ({
        ...baseSpec,
        attemptId: attemptId(jobId, true, i, attempt),
        isMap: true,
        partition: i,
        split: splits[i].toJSON(),
        workDir: path.join(localDir, attemptId(jobId, true, i, attempt)),
      }));
      if (r.mapOutput) mapOutputs[i] = { mapIndex: i, attemptId: r.attemptId, ...r.mapOutput };
    });
    await forEachLimit(numReduces, maxReduces, async (p) => {
      await runWithRetries(false, p, (attempt) => ({
        ...baseSpec,
        attemptId: attemptId(jobId, false, p, attempt),
        isMap: false,
        partition: p,
        workDir: path.join(localDir, attemptId(jobId, false, p, attempt)),
        mapOutputs,
      }));
    });
    await committer.commitJob(jobContext);
  } catch (e) {
    if (!(e instanceof TaskFailed)) throw e;
    failure = e.message;
    await committer.abortJob(jobContext, 'FAILED').catch(() => undefined);
  } finally {
    await pool.close();
    fs.rmSync(localDir, { recursive: true, force: true });
  }
  printProgress(true);
  const successful = failure === undefined;
  history.record('Job', {
    JOBID: jobId,
    FINISH_TIME: Date.now(),
    JOB_STATUS: successful ? 'SUCCESS' : 'FAILED',
    FINISHED_MAPS: successful ? splits.length : 0,
    FINISHED_REDUCES: successful ? numReduces : 0,
    COUNTERS: history.counters(counters),
  });
  try {
    await history.writeTo(conf, conf.get(JobKeys.OUTPUT_DIR));
  } catch (e) {
    log.warn(`Could not write job history for ${jobId}: ${(e as Error).message}`);
  }
  monitor.finished(jobId, successful, counters, failure);
  return { jobId, successful, counters, failureInfo: failure };
}

class TaskFailed extends Error {}

/** Runs fn(0..n-1) with at most `limit` running at once; the first failure stops new starts. */
async function forEachLimit(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (next < n && failed === null) {
      const i = next++;
      try {
        await fn(i);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, worker));
  if (failed !== null) throw failed;
}
