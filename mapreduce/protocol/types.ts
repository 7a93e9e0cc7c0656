import type { CountersJSON } from '../api/counters';
import type { TaskSpec } from '../task/task-spec';

/**
 * Wire types of the MapReduce cluster (MRv1): JSON over HTTP. The JobTracker serves
 * `POST /rpc/<method>` on the host:port of `mapred.job.tracker`; each TaskTracker serves its
 * shuffle (`GET /mapOutput?job=&map=&reduce=`) and status on `mapred.task.tracker.http.address`.
 */

export type JobState = 'PREP' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'KILLED';
export type TaskState = 'UNASSIGNED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'KILLED' | 'COMMIT_PENDING';

/** A job in one of these states is over: nothing of it runs or changes any more. */
export function isJobFinished(state: JobState): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'KILLED';
}
export type TaskPhase = 'STARTING' | 'MAP' | 'SHUFFLE' | 'SORT' | 'REDUCE' | 'CLEANUP';

/** What the JobClient submits once it has put the job files in the staging directory. */
export interface JobSubmission {
  jobId: string;
  /** Staging directory on the default filesystem: job.xml (the conf), job.js (the job module), job.splits.json. */
  jobDir: string;
  user: string;
  jobName: string;
  numMaps: number;
  numReduces: number;
}

/** One split as the JobTracker schedules it: its JSON for the task, and where its data lives. */
export interface SplitMeta {
  index: number;
  json: object;
  /** Hosts holding a replica of the split's first block (for node-local scheduling). */
  hosts: string[];
  length: number;
}

export interface TaskAttemptStatus {
  attemptId: string;
  state: TaskState;
  phase: TaskPhase;
  progress: number;
  status: string;
  counters: CountersJSON;
  startTime: number;
  finishTime: number;
  /** The last error of a failed attempt. */
  diagnostics: string;
  /** For a finished map: where the TaskTracker serves its output (host:port of its HTTP server). */
  mapOutputServer?: string;
  /** For a reduce: map attempts whose output it could not fetch since the last heartbeat. */
  fetchFailures?: string[];
  /**
   * When the attempt entered each phase it reached, by the clock of the host it runs on (the task
   * child stamps them): the job timeline and the history's SHUFFLE_FINISHED / SORT_FINISHED.
   */
  phaseTimes?: Partial<Record<TaskPhase, number>>;
}

/** Sent by a TaskTracker on each heartbeat. */
export interface TaskTrackerStatus {
  /** tracker_<host>:<port>, unique per TaskTracker process. */
  trackerName: string;
  host: string;
  /** host:port of its HTTP server (shuffle, status). */
  httpAddress: string;
  rack?: string;
  maxMapSlots: number;
  maxReduceSlots: number;
  /** Every attempt the tracker runs or finished since its last heartbeat. */
  taskReports: TaskAttemptStatus[];
  failures: number;
}

export type TaskTrackerAction =
  | { type: 'launchTask'; task: TaskSpec & { jobDir: string; mapOutputLocations?: MapOutputEvent[] } }
  | { type: 'killTask'; attemptId: string }
  | { type: 'killJob'; jobId: string }
  /** The JobTracker does not know this tracker (it restarted, or declared it lost): reset. */
  | { type: 'reinitTracker' }
  /** A reduce learns about newly finished (or obsolete) map outputs. */
  | { type: 'mapCompletionEvents'; attemptId: string; events: MapOutputEvent[] }
  /** The attempt may commit its output (answer to COMMIT_PENDING). */
  | { type: 'commitTask'; attemptId: string };

/** A finished map's output, for reduces to fetch; `obsolete` when the map is being run again. */
export interface MapOutputEvent {
  mapIndex: number;
  attemptId: string;
  /** host:port of the TaskTracker HTTP server holding the output. */
  server: string;
  obsolete: boolean;
}

export interface HeartbeatResponse {
  /** When to heartbeat next, in ms (mapred heartbeat interval logic lives in the JobTracker). */
  intervalMs: number;
  actions: TaskTrackerAction[];
}

export interface TaskReport {
  taskId: string;
  isMap: boolean;
  state: TaskState;
  progress: number;
  startTime: number;
  finishTime: number;
  attempts: Array<TaskAttemptStatus & { tracker: string; speculative: boolean }>;
  successfulAttempt: string | null;
}

export interface JobStatusJSON {
  jobId: string;
  jobName: string;
  user: string;
  state: JobState;
  mapProgress: number;
  reduceProgress: number;
  startTime: number;
  finishTime: number;
  numMaps: number;
  numReduces: number;
  failureInfo: string;
  counters: CountersJSON;
  /** The output directory (mapred.output.dir), for job -history and the UI. */
  outputDir: string;
  /** The job's conf in the staging directory (job -status prints it as `file:`). */
  jobFile?: string;
}

export interface ClusterStatusJSON {
  trackers: number;
  blacklisted: number;
  lost: number;
  mapSlots: number;
  reduceSlots: number;
  runningMaps: number;
  runningReduces: number;
  jobs: { running: number; succeeded: number; failed: number; killed: number };
}

export interface TrackerInfo {
  trackerName: string;
  host: string;
  httpAddress: string;
  lastSeen: number;
  state: 'live' | 'lost' | 'blacklisted';
  maxMapSlots: number;
  maxReduceSlots: number;
  runningTasks: number;
  failures: number;
}
