import type { Configuration } from '../../common/conf/configuration';
import { FileSystem, Path, writeFully } from '../../common/fs/index';
import { getLog } from '../../common/log';
import { Counters } from '../api/counters';
import { JobHistoryLog } from '../client/job-history';
import type { AttemptInfo } from './interfaces';
import type { TaskInProgress } from './task-in-progress';

const log = getLog('mapred.JobHistory');

export type HistoryStatus = 'SUCCESS' | 'FAILED' | 'KILLED';

/**
 * A job's history as Hadoop 1 records it (Job, Task, MapAttempt, ReduceAttempt lines), kept as
 * the job runs and written when it ends: to OUTPUT/_logs/history (hadoop.job.history.user.location)
 * and to the JobTracker's own history directory (hadoop.job.history.location).
 */
export class JobHistoryWriter {
  private readonly log: JobHistoryLog;

  constructor(
    readonly jobId: string,
    submitTime: number,
    jobName: string,
    readonly user: string,
  ) {
    this.log = new JobHistoryLog(jobId, submitTime, jobName, user);
  }

  jobSubmitted(jobName: string, submitTime: number, jobConfFile: string): void {
    this.log.record('Job', { JOBID: this.jobId, JOBNAME: jobName, USER: this.user, SUBMIT_TIME: submitTime, JOBCONF: jobConfFile });
  }

  jobLaunched(launchTime: number, totalMaps: number, totalReduces: number): void {
    this.log.record('Job', { JOBID: this.jobId, LAUNCH_TIME: launchTime, TOTAL_MAPS: totalMaps, TOTAL_REDUCES: totalReduces, JOB_STATUS: 'PREP' });
    this.log.record('Job', { JOBID: this.jobId, JOB_PRIORITY: 'NORMAL' });
    this.log.record('Job', { JOBID: this.jobId, JOB_STATUS: 'RUNNING' });
  }

  taskStarted(task: TaskInProgress, time: number): void {
    const fields: Record<string, string | number> = { TASKID: task.taskId, TASK_TYPE: kind(task.isMap), START_TIME: time };
    if (task.split) fields.SPLITS = task.split.hosts.join(',');
    this.log.record('Task', fields);
  }

  attemptStarted(a: AttemptInfo, taskId: string): void {
    const port = Number(a.httpAddress.slice(a.httpAddress.lastIndexOf(':') + 1)) || 0;
    this.log.record(a.isMap ? 'MapAttempt' : 'ReduceAttempt', {
      TASK_TYPE: kind(a.isMap),
      TASKID: taskId,
      TASK_ATTEMPT_ID: a.attemptId,
      START_TIME: a.startTime,
      TRACKER_NAME: a.trackerName,
      HTTP_PORT: port,
      // ours, not Hadoop 1's: the timeline of a finished job shows which attempts were backups
      ...(a.speculative ? { SPECULATIVE: 'true' } : {}),
    });
  }

  attemptFinished(a: AttemptInfo, taskId: string, status: HistoryStatus): void {
    const fields: Record<string, string | number> = {
      TASK_TYPE: kind(a.isMap),
      TASKID: taskId,
      TASK_ATTEMPT_ID: a.attemptId,
      TASK_STATUS: status,
      FINISH_TIME: a.finishTime,
      HOSTNAME: a.host,
      TRACKER_NAME: a.trackerName,
    };
    Object.assign(fields, phaseEnds(a, status));
    if (status === 'SUCCESS') {
      fields.STATE_STRING = a.status;
      fields.COUNTERS = this.log.counters(Counters.fromJSON(a.counters));
    } else {
      fields.ERROR = a.diagnostics;
    }
    this.log.record(a.isMap ? 'MapAttempt' : 'ReduceAttempt', fields);
  }

  taskFinished(task: TaskInProgress, status: HistoryStatus, time: number): void {
    const fields: Record<string, string | number> = { TASKID: task.taskId, TASK_TYPE: kind(task.isMap), TASK_STATUS: status, FINISH_TIME: time };
    if (status === 'SUCCESS' && task.successful) fields.COUNTERS = this.log.counters(Counters.fromJSON(task.successful.counters));
    if (status === 'FAILED') fields.ERROR = task.lastError;
    this.log.record('Task', fields);
  }

  jobFinished(
    status: HistoryStatus,
    time: number,
    finished: { maps: number; reduces: number; failedMaps: number; failedReduces: number },
    counters: Counters,
  ): void {
    this.log.record('Job', {
      JOBID: this.jobId,
      FINISH_TIME: time,
      JOB_STATUS: status,
      FINISHED_MAPS: finished.maps,
      FINISHED_REDUCES: finished.reduces,
      FAILED_MAPS: finished.failedMaps,
      FAILED_REDUCES: finished.failedReduces,
      COUNTERS: this.log.counters(counters),
    });
  }

  /** Writes both copies; a failure to write one is logged, never fails the job. */
  async write(jtConf: Configuration, jobConf: Configuration, outputDir: string | undefined): Promise<string[]> {
    // both places at once: the job is not done for its client until its history is written
    const [user, tracker] = await Promise.all([
      this.log.writeTo(jobConf, outputDir).catch((e: unknown) => {
        log.warn(`Could not write the history of ${this.jobId} to its output directory: ${(e as Error).message}`);
        return null;
      }),
      this.writeToJobTracker(jtConf, jobConf).catch((e: unknown) => {
        log.warn(`Could not write the history of ${this.jobId} to hadoop.job.history.location: ${(e as Error).message}`);
        return null;
      }),
    ]);
    return [user, tracker].filter((d): d is string => d !== null);
  }

  private async writeToJobTracker(jtConf: Configuration, jobConf: Configuration): Promise<string> {
    const dir = jobTrackerHistoryDir(jtConf);
    const fs = FileSystem.get(jtConf, dir);
    await fs.mkdirs(dir);
    await Promise.all([
      writeFully(fs, new Path(dir, this.log.fileName()), this.log.text()),
      writeFully(fs, new Path(dir, `${this.jobId}_conf.xml`), jobConf.toXml(true)),
    ]);
    return dir.toString();
  }
}

/** hadoop.job.history.location; a path without a scheme is on the JobTracker's local disk, as in Hadoop. */
export function jobTrackerHistoryDir(conf: Configuration): Path {
  const loc = conf.get('hadoop.job.history.location', '');
  return new Path(/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(loc) ? loc : `file://${loc}`);
}

/**
 * When an attempt's phases ended: Hadoop 1's SHUFFLE_FINISHED and SORT_FINISHED for a reduce,
 * Hadoop 2's MAP_FINISHED for a map (the map function done, before its final sort and merge).
 * A phase ends when the next one begins. Hadoop writes them on SUCCESS lines only; a failed or
 * killed attempt gets those it reached too, so its bar in the timeline shows where it died.
 */
function phaseEnds(a: AttemptInfo, status: HistoryStatus): Record<string, number> {
  const t = a.phaseTimes;
  const out: Record<string, number> = {};
  if (a.isMap) {
    const mapEnd = t.SORT ?? (status === 'SUCCESS' ? a.finishTime : undefined);
    if (mapEnd !== undefined) out.MAP_FINISHED = mapEnd;
  } else {
    if (t.SORT !== undefined) out.SHUFFLE_FINISHED = t.SORT;
    if (t.REDUCE !== undefined) out.SORT_FINISHED = t.REDUCE;
  }
  return out;
}

function kind(isMap: boolean): string {
  return isMap ? 'MAP' : 'REDUCE';
}
