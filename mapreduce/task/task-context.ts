import { Configuration } from '../../common/conf/configuration';
import type { TaskAttemptContext } from '../api/context';
import { Counter, Counters } from '../api/counters';
import { parseAttemptId } from '../api/ids';

/** The TaskAttemptContext behind every task's user code; also what tests build directly. */
export class TaskAttemptContextImpl implements TaskAttemptContext {
  readonly counters: Counters;
  /**
   * Status and the progress flag live in one shared object, so contexts derived from this one
   * with Object.create (the map and reduce contexts) update the same state.
   */
  readonly state = { progressed: false, status: '' };
  private readonly parsed;

  constructor(
    readonly conf: Configuration,
    readonly attemptId: string,
    counters?: Counters,
  ) {
    this.counters = counters ?? new Counters();
    const p = parseAttemptId(attemptId);
    if (!p) throw new Error(`Bad task attempt id ${attemptId}`);
    this.parsed = p;
  }

  getConfiguration(): Configuration {
    return this.conf;
  }
  getJobID(): string {
    return this.parsed.jobId;
  }
  getTaskAttemptID(): string {
    return this.attemptId;
  }
  isMap(): boolean {
    return this.parsed.isMap;
  }
  getPartition(): number {
    return this.parsed.index;
  }
  getCounter(group: string, name: string): Counter {
    return this.counters.findCounter(group, name);
  }
  setStatus(msg: string): void {
    this.state.status = msg;
    this.state.progressed = true;
  }
  getStatus(): string {
    return this.state.status;
  }
  progress(): void {
    this.state.progressed = true;
  }
}
