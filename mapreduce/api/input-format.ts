import type { JobContext, TaskAttemptContext } from './context';

/** A unit of map input. Splits travel to task processes as JSON. */
export interface InputSplit {
  getLength(): number;
  /** Hosts holding the split's data, for locality. */
  getLocations(): string[];
  toJSON(): object;
}

export abstract class RecordReader<K, V> {
  abstract initialize(split: InputSplit, context: TaskAttemptContext): Promise<void>;
  abstract nextKeyValue(): Promise<boolean>;
  abstract getCurrentKey(): K;
  abstract getCurrentValue(): V;
  /** 0..1 through the split. */
  abstract getProgress(): number;
  abstract close(): Promise<void>;
}

export abstract class InputFormat<K = unknown, V = unknown> {
  abstract getSplits(job: JobContext): Promise<InputSplit[]>;
  abstract createRecordReader(split: InputSplit, context: TaskAttemptContext): RecordReader<K, V>;
  /** Rebuilds a split of this format from its JSON in a task process. */
  abstract splitFromJSON(json: object): InputSplit;
}
