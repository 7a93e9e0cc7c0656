import type { Configuration } from '../../common/conf/configuration';
import { isHadoopError } from '../../common/errors';
import { Counters, JobCounter } from '../api/counters';
import type { JobResult } from '../api/job-result';
import type { JobTrackerProtocol } from '../protocol/jobtracker-protocol';
import type { JobStatusJSON } from '../protocol/types';
import { submitToJobTracker } from './job-submitter';
import { JobMonitor } from './job-monitor';
import { JobTrackerClient } from './jobtracker-client';

/** How long a job in flight waits for an unreachable JobTracker before giving up. */
const UNREACHABLE_GRACE_MS = 30000;
/** How long one status request may wait for the job to change (a long poll). */
const LONG_POLL_MS = 10000;

/**
 * Hadoop's JobClient for a cluster (mapred.job.tracker = host:port): submits the job, then
 * follows its status, printing progress lines, failed attempts with their errors, and the
 * counters at the end, exactly as the local runner does. Status requests are long polls that the
 * JobTracker answers when the job changes; a JobTracker that does not hold them, or one that
 * cannot be reached for a moment, is asked again every mapreduce.client.progress.interval.ms.
 */
export async function runClusterJob(conf: Configuration, verbose: boolean): Promise<JobResult> {
  const client = JobTrackerClient.fromConf(conf);
  const interval = Math.max(10, conf.getInt('mapreduce.client.progress.interval.ms', 200));
  const monitor = new JobMonitor(verbose, interval);
  let status = await submitToJobTracker(conf, client);
  const jobId = status.jobId;
  monitor.running(jobId);
  monitor.progress(status.mapProgress, status.reduceProgress, true);
  const failures = new FailureReporter(client, jobId, monitor);
  let unreachableSince = 0;
  // the stamp of the last answer, for the next long poll (null: ask again after the interval)
  let stamp: string | null = null;
  let pause = false;
  while (!isFinal(status)) {
    if (pause) await new Promise((r) => setTimeout(r, interval));
    try {
      const res: JobTrackerProtocol['getJobStatus']['res'] = await client.call('getJobStatus', { jobId, waitMs: stamp === null ? 0 : LONG_POLL_MS, since: stamp ?? '' });
      status = res.status;
      stamp = res.stamp ?? null;
      pause = stamp === null;
      unreachableSince = 0;
    } catch (e) {
      if (!isHadoopError(e, 'RPC_UNREACHABLE')) throw e;
      unreachableSince ||= Date.now();
      if (Date.now() - unreachableSince > UNREACHABLE_GRACE_MS) throw e;
      pause = true;
      continue;
    }
    monitor.progress(status.mapProgress, status.reduceProgress);
    await failures.report(status);
  }
  await failures.report(status);
  monitor.progress(status.mapProgress, status.reduceProgress, true);
  const counters = Counters.fromJSON(status.counters);
  const successful = status.state === 'SUCCEEDED';
  const failureInfo = successful ? undefined : status.failureInfo || `Job ${jobId} ${status.state.toLowerCase()}`;
  monitor.finished(jobId, successful, counters, failureInfo);
  return { jobId, successful, counters, failureInfo };
}

function isFinal(s: JobStatusJSON): boolean {
  return s.state === 'SUCCEEDED' || s.state === 'FAILED' || s.state === 'KILLED';
}

/** Prints each failed attempt once (`Task Id : ..., Status : FAILED` and its error), as they happen. */
class FailureReporter {
  private seenCount = 0;
  private readonly printed = new Set<string>();

  constructor(
    private readonly client: JobTrackerClient,
    private readonly jobId: string,
    private readonly monitor: JobMonitor,
  ) {}

  async report(status: JobStatusJSON): Promise<void> {
    const c = status.counters[JobCounter.group] ?? {};
    const failed = (c[JobCounter.NUM_FAILED_MAPS] ?? 0) + (c[JobCounter.NUM_FAILED_REDUCES] ?? 0);
    if (failed <= this.seenCount) return;
    this.seenCount = failed;
    const { tasks } = await this.client.call('getTaskReports', { jobId: this.jobId });
    const attempts = tasks.flatMap((t) => t.attempts).filter((a) => a.state === 'FAILED' && !this.printed.has(a.attemptId));
    attempts.sort((a, b) => a.finishTime - b.finishTime);
    for (const a of attempts) {
      this.printed.add(a.attemptId);
      this.monitor.attemptFailed(a.attemptId, a.diagnostics);
    }
  }
}
