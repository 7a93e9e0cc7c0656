import type { Configuration } from '../../common/conf/configuration';
import type { Counter } from './counters';
import type { InputSplit } from './input-format';

/** What every job-level hook sees (getSplits, checkOutputSpecs, setupJob, ...). */
export interface JobContext {
  getConfiguration(): Configuration;
  getJobID(): string;
}

/** What a task's user code sees: configuration, counters, status. */
export interface TaskAttemptContext extends JobContext {
  getTaskAttemptID(): string;
  isMap(): boolean;
  /** The map or reduce index of this task. */
  getPartition(): number;
  getCounter(group: string, name: string): Counter;
  setStatus(msg: string): void;
  getStatus(): string;
  /** Tells the framework the task is alive (for long computations that emit nothing). */
  progress(): void;
}

export interface TaskInputOutputContext<KO, VO> extends TaskAttemptContext {
  /**
   * Emits a record. Returns a promise when the framework asks the caller to wait for output to
   * drain; awaiting it bounds memory in reducers that emit much per call.
   */
  write(key: KO, value: VO): void | Promise<void>;
}

export interface MapContext<KO, VO> extends TaskInputOutputContext<KO, VO> {
  getInputSplit(): InputSplit;
}

export type ReduceContext<KO, VO> = TaskInputOutputContext<KO, VO>;
