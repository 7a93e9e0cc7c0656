import { FileSystem, Path, closeStream } from '../../../common/fs';
import { HadoopError, isHadoopError } from '../../../common/errors';
import { getLog } from '../../../common/log';
import type { JobContext, TaskAttemptContext } from '../../api/context';
import { OutputCommitter } from '../../api/output-format';
import { hadoopPath } from '../input/path-strings';

export const TEMP_DIR_NAME = '_temporary';
export const SUCCEEDED_FILE_NAME = '_SUCCESS';
export const SUCCESSFUL_JOB_OUTPUT_DIR_MARKER = 'mapreduce.fileoutputcommitter.marksuccessfuljobs';

const LOG = getLog('output.FileOutputCommitter');

/**
 * Hadoop 1's FileOutputCommitter. Each attempt writes under `<out>/_temporary/_<attemptId>/`;
 * committing a task moves what it wrote into `<out>`; committing the job removes `_temporary`
 * and marks the output with an empty `_SUCCESS`. Aborting only ever deletes `_temporary` or an
 * attempt's own directory, never a file that was in `<out>` before.
 *
 * Output file names are per task (`part-r-00003`), so a name already in `<out>` at commitTask
 * is the output of an earlier attempt of the same task that was committed (a task re-run after
 * its tracker was lost). Like Hadoop, the new commit replaces it: the task's output must be the
 * one the job reports as committed, and two copies of one partition would double its records.
 */
export class FileOutputCommitter extends OutputCommitter {
  readonly outputPath: Path | null;

  constructor(outputPath: Path | string | null, _context?: TaskAttemptContext | JobContext) {
    super();
    this.outputPath = outputPath === null ? null : hadoopPath(Path.of(outputPath));
  }

  /** `<out>/_temporary/_<attemptId>`: where an attempt's files go until it commits. */
  getTaskAttemptPath(context: TaskAttemptContext): Path {
    if (this.outputPath === null) throw new HadoopError('MR_OUTPUT_NOT_SET', 'Output directory not set.');
    return new Path(this.outputPath, `${TEMP_DIR_NAME}/_${context.getTaskAttemptID()}`);
  }

  /** Hadoop's getWorkPath for the attempt of context. */
  getWorkPath(context: TaskAttemptContext): Path {
    return this.getTaskAttemptPath(context);
  }

  async setupJob(job: JobContext): Promise<void> {
    if (this.outputPath === null) return;
    const tmp = new Path(this.outputPath, TEMP_DIR_NAME);
    await this.fs(job).mkdirs(tmp);
  }

  async commitJob(job: JobContext): Promise<void> {
    if (this.outputPath === null) return;
    await this.cleanupJob(job);
    if (job.getConfiguration().getBoolean(SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, true)) {
      const fs = this.fs(job);
      await closeStream(await fs.create(new Path(this.outputPath, SUCCEEDED_FILE_NAME), { overwrite: true }));
    }
  }

  async abortJob(job: JobContext, _state: 'FAILED' | 'KILLED'): Promise<void> {
    await this.cleanupJob(job);
  }

  /** Nothing to do: the attempt directory appears with the first file written into it. */
  async setupTask(_task: TaskAttemptContext): Promise<void> {}

  async needsTaskCommit(task: TaskAttemptContext): Promise<boolean> {
    if (this.outputPath === null) return false;
    return this.fs(task).exists(this.getTaskAttemptPath(task));
  }

  async commitTask(task: TaskAttemptContext): Promise<void> {
    if (this.outputPath === null) return;
    const fs = this.fs(task);
    const work = this.getTaskAttemptPath(task);
    const st = await fs.statOrNull(work);
    if (st === null) {
      LOG.warn(`No output to commit for ${task.getTaskAttemptID()}: ${work} does not exist`);
      return;
    }
    await this.moveTaskOutputs(task, fs, work, st.isDirectory, this.outputPath);
    await fs.delete(work, true);
    LOG.info(`Saved output of task '${task.getTaskAttemptID()}' to ${this.outputPath}`);
  }

  async abortTask(task: TaskAttemptContext): Promise<void> {
    if (this.outputPath === null) return;
    await this.fs(task).delete(this.getTaskAttemptPath(task), true);
  }

  private async cleanupJob(job: JobContext): Promise<void> {
    if (this.outputPath === null) return;
    await this.fs(job).delete(new Path(this.outputPath, TEMP_DIR_NAME), true);
  }

  /** Moves src (a file or a directory of the attempt's output) to dst, merging directories. */
  private async moveTaskOutputs(
    task: TaskAttemptContext,
    fs: FileSystem,
    src: Path,
    isDirectory: boolean,
    dst: Path,
  ): Promise<void> {
    if (!isDirectory) {
      try {
        await fs.rename(src, dst);
      } catch (e) {
        if (!isHadoopError(e, 'FS_FILE_EXISTS')) throw e;
        LOG.warn(`Replacing ${dst}, the output of an earlier attempt of ${task.getTaskAttemptID()}'s task`);
        await fs.delete(dst, true);
        await fs.rename(src, dst);
      }
      return;
    }
    await fs.mkdirs(dst);
    for (const child of await fs.listStatus(src)) {
      await this.moveTaskOutputs(task, fs, child.path, child.isDirectory, new Path(dst, child.path.getName()));
    }
  }

  private fs(context: JobContext): FileSystem {
    return FileSystem.get(context.getConfiguration(), this.outputPath!);
  }
}
