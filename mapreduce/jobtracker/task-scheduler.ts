import type { Configuration } from '../../common/conf/configuration';
import { loadClass } from '../../common/classes';
import { HadoopError } from '../../common/errors';
import type { Locality, TrackerState } from './interfaces';
import type { JobInProgress } from './job-in-progress';
import type { TaskInProgress } from './task-in-progress';
import type { Topology } from './topology';

/** One attempt to hand to the tracker that heartbeated. */
export interface TaskAssignment {
  job: JobInProgress;
  task: TaskInProgress;
  locality: Locality;
  speculative: boolean;
}

/** What a scheduler sees when a tracker with free slots heartbeats. */
export interface SchedulingContext {
  tracker: TrackerState;
  freeMapSlots: number;
  freeReduceSlots: number;
  /** Jobs that may get tasks, in submit order. */
  jobs: readonly JobInProgress[];
  /** Trackers that may get tasks (for blacklists and locality). */
  liveTrackers: readonly TrackerState[];
  topology: Topology;
  now: number;
}

/**
 * Decides which tasks a tracker runs (Hadoop's TaskScheduler), chosen by
 * mapred.jobtracker.taskScheduler: FIFO by default; Fair and Capacity schedulers plug in here.
 */
export interface TaskScheduler {
  assignTasks(ctx: SchedulingContext): TaskAssignment[];
}

/** Hadoop's own class names, accepted for the scheduler we have. */
const ALIASES: Record<string, string> = {
  'org.apache.hadoop.mapred.JobQueueTaskScheduler': 'hadoop:mapreduce/jobtracker/fifo-scheduler.js#FifoScheduler',
};

export function loadTaskScheduler(conf: Configuration): TaskScheduler {
  const key = 'mapred.jobtracker.taskScheduler';
  const raw = conf.get(key, '');
  const ref = ALIASES[raw] ?? raw;
  const cls = loadClass<TaskScheduler>(ref, conf);
  const scheduler = new cls(conf);
  if (typeof scheduler.assignTasks !== 'function') {
    throw new HadoopError('CONF_BAD_VALUE', `Invalid value for ${key}: ${raw} is not a task scheduler (no assignTasks)`);
  }
  return scheduler;
}
