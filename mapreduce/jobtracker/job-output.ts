import type { Configuration } from '../../common/conf/configuration';
import type { JobContext } from '../api/context';
import { JobConf } from '../api/job-conf';
import { JobKeys } from '../api/job-keys';
import type { OutputCommitter } from '../api/output-format';

/**
 * A job's output as the JobTracker handles it: the job's own output format and committer,
 * loaded from the job's conf (with the job module localized), set up when the job starts and
 * committed or aborted when it ends. Hadoop 1 ran these in setup and cleanup tasks; here the
 * JobTracker runs them itself.
 */
export class JobOutput {
  private constructor(
    private readonly committer: OutputCommitter,
    private readonly context: JobContext,
  ) {}

  /** Loads the committer and runs setupJob (e.g. creates OUTPUT/_temporary). */
  static async setup(localConf: Configuration, jobId: string): Promise<JobOutput> {
    localConf.set(JobKeys.JOB_ID, jobId);
    const context: JobContext = { getConfiguration: () => localConf, getJobID: () => jobId };
    const committer = new (JobConf.outputFormat(localConf))().getOutputCommitter(context);
    await committer.setupJob(context);
    return new JobOutput(committer, context);
  }

  commit(): Promise<void> {
    return this.committer.commitJob(this.context);
  }

  abort(state: 'FAILED' | 'KILLED'): Promise<void> {
    return this.committer.abortJob(this.context, state);
  }
}
