import type { Counters } from './counters';

export interface JobResult {
  jobId: string;
  successful: boolean;
  counters: Counters;
  /** Why the job failed: the last error of the task that failed too often. */
  failureInfo?: string;
}
