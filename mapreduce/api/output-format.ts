import type { JobContext, TaskAttemptContext } from './context';

export abstract class RecordWriter<K, V> {
  /** Returns a promise when output should drain before more is written. */
  abstract write(key: K, value: V): void | Promise<void>;
  abstract close(context: TaskAttemptContext): Promise<void>;
}

/**
 * Makes a job's output appear all at once: attempts write aside, one attempt per task is
 * committed, and the job commit publishes the result.
 */
export abstract class OutputCommitter {
  abstract setupJob(job: JobContext): Promise<void>;
  abstract commitJob(job: JobContext): Promise<void>;
  abstract abortJob(job: JobContext, state: 'FAILED' | 'KILLED'): Promise<void>;
  abstract setupTask(task: TaskAttemptContext): Promise<void>;
  abstract needsTaskCommit(task: TaskAttemptContext): Promise<boolean>;
  abstract commitTask(task: TaskAttemptContext): Promise<void>;
  abstract abortTask(task: TaskAttemptContext): Promise<void>;
}

export abstract class OutputFormat<K = unknown, V = unknown> {
  abstract getRecordWriter(context: TaskAttemptContext): Promise<RecordWriter<K, V>>;
  /** Refuses a job before it runs, e.g. when its output directory exists. */
  abstract checkOutputSpecs(job: JobContext): Promise<void>;
  abstract getOutputCommitter(context: TaskAttemptContext | JobContext): OutputCommitter;
}
