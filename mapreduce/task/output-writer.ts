import type { OutputCommitter, OutputFormat, RecordWriter } from '../api/output-format';
import type { TaskAttemptContextImpl } from './task-context';
import type { Umbilical } from './umbilical';

/** A task's final output: through the job's OutputFormat into the committer's work area. */
export class TaskOutput {
  private constructor(
    readonly writer: RecordWriter<unknown, unknown>,
    private readonly committer: OutputCommitter,
    private readonly context: TaskAttemptContextImpl,
  ) {}

  static async open(format: OutputFormat, context: TaskAttemptContextImpl): Promise<TaskOutput> {
    const committer = format.getOutputCommitter(context);
    await committer.setupTask(context);
    const writer = await format.getRecordWriter(context);
    return new TaskOutput(writer, committer, context);
  }

  /** Closes the writer and commits if the runner allows this attempt to. */
  async commit(umbilical: Umbilical): Promise<void> {
    await this.writer.close(this.context);
    if (!(await this.committer.needsTaskCommit(this.context))) return;
    if (!(await umbilical.canCommit())) {
      await this.committer.abortTask(this.context);
      throw new Error(`Attempt ${this.context.getTaskAttemptID()} was not allowed to commit`);
    }
    await this.committer.commitTask(this.context);
  }

  async abort(): Promise<void> {
    await this.committer.abortTask(this.context).catch(() => undefined);
  }
}
