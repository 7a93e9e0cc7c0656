import type { JobContext, TaskAttemptContext } from '../../api/context';
import { OutputCommitter, OutputFormat, RecordWriter } from '../../api/output-format';

class NullRecordWriter<K, V> extends RecordWriter<K, V> {
  write(): void {}
  async close(): Promise<void> {}
}

class NullOutputCommitter extends OutputCommitter {
  async setupJob(): Promise<void> {}
  async commitJob(): Promise<void> {}
  async abortJob(): Promise<void> {}
  async setupTask(): Promise<void> {}
  async needsTaskCommit(): Promise<boolean> {
    return false;
  }
  async commitTask(): Promise<void> {}
  async abortTask(): Promise<void> {}
}

/** Discards every record: for jobs whose work is a side effect (or benchmarks). */
export class NullOutputFormat<K = unknown, V = unknown> extends OutputFormat<K, V> {
  async getRecordWriter(_context: TaskAttemptContext): Promise<RecordWriter<K, V>> {
    return new NullRecordWriter<K, V>();
  }
  async checkOutputSpecs(_job: JobContext): Promise<void> {}
  getOutputCommitter(_context: TaskAttemptContext | JobContext): OutputCommitter {
    return new NullOutputCommitter();
  }
}
