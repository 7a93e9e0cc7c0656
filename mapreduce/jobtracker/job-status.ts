import { JobKeys } from '../api/job-keys';
import type { JobStatusJSON } from '../protocol/types';
import type { JobInProgress } from './job-in-progress';
import type { TaskInProgress } from './task-in-progress';

/** What clients see of a job: progress of each kind (no tasks of a kind = done), counters, state. */
export function jobStatus(job: JobInProgress): JobStatusJSON {
  const avg = (tasks: TaskInProgress[]) => (tasks.length === 0 ? 1 : tasks.reduce((s, t) => s + t.progress(), 0) / tasks.length);
  return {
    jobId: job.jobId,
    jobName: job.submission.jobName,
    user: job.submission.user,
    state: job.state,
    mapProgress: avg(job.maps),
    reduceProgress: avg(job.reduces),
    startTime: job.submitTime,
    finishTime: job.finishTime,
    numMaps: job.maps.length,
    numReduces: job.reduces.length,
    failureInfo: job.failureInfo,
    counters: job.counters().toJSON(),
    outputDir: job.conf.get(JobKeys.OUTPUT_DIR, ''),
    jobFile: `${job.submission.jobDir}/job.xml`,
  };
}

/**
 * What a waiting client has seen of a job: its state, whole-percent progress of each kind and
 * failed attempts. A long poll of getJobStatus answers when this changes.
 */
export function statusStamp(job: JobInProgress): string {
  const pct = (tasks: TaskInProgress[]) => (tasks.length === 0 ? 100 : Math.floor((100 * tasks.reduce((s, t) => s + t.progress(), 0)) / tasks.length));
  const failed = [...job.maps, ...job.reduces].reduce((s, t) => s + t.failedAttempts, 0);
  return `${job.state}|${pct(job.maps)}|${pct(job.reduces)}|${failed}`;
}
