import type {
  ClusterStatusJSON,
  HeartbeatResponse,
  JobStatusJSON,
  JobSubmission,
  TaskReport,
  TaskTrackerStatus,
  TrackerInfo,
} from './types';

/**
 * What clients (JobClient, `hadoop job`, the web UI) and TaskTrackers ask the JobTracker:
 * `POST /rpc/<method>` with the request as JSON. Errors: MR_NO_SUCH_JOB, MR_NO_SUCH_TASK,
 * MR_OUTPUT_EXISTS (refused at submit, before any task runs), MR_INPUT_NOT_FOUND, RPC_BAD_REQUEST.
 * The JobTracker also serves its state read-only as JSON: `GET /status/cluster`, `/status/jobs`,
 * `/status/jobs/<jobId>` (with tasks and attempts), `/status/trackers`.
 */
export interface JobTrackerProtocol {
  /** A new job id in Hadoop's format job_<yyyyMMddHHmm of JobTracker start>_<NNNN>. */
  getNewJobId: { req: Record<string, never>; res: { jobId: string; stagingDir: string } };
  submitJob: { req: { submission: JobSubmission }; res: { status: JobStatusJSON } };
  /**
   * With waitMs, a long poll: answered once the job's state, whole-percent map or reduce progress
   * or number of failed attempts differs from `since` (the stamp of an earlier answer), or after
   * waitMs; so a client sees each change at once without polling on a period.
   */
  getJobStatus: { req: { jobId: string; waitMs?: number; since?: string }; res: { status: JobStatusJSON; stamp?: string } };
  getAllJobs: { req: Record<string, never>; res: { jobs: JobStatusJSON[] } };
  getTaskReports: { req: { jobId: string }; res: { tasks: TaskReport[] } };
  killJob: { req: { jobId: string }; res: { ok: true } };
  /** Kills (or fails, with shouldFail) one attempt; the task is rescheduled. */
  killTask: { req: { attemptId: string; shouldFail: boolean }; res: { ok: true } };
  getClusterStatus: { req: Record<string, never>; res: { status: ClusterStatusJSON } };
  getTrackers: { req: Record<string, never>; res: { trackers: TrackerInfo[] } };
  /** TaskTracker heartbeat: statuses in, actions out. */
  heartbeat: {
    req: { status: TaskTrackerStatus; initialContact: boolean; acceptNewTasks: boolean; responseId: number };
    res: HeartbeatResponse & { responseId: number };
  };
}

export type JobTrackerMethod = keyof JobTrackerProtocol;
