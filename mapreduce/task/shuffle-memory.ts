import type { Configuration } from '../../common/conf/configuration';

/** Hadoop's MAX_SINGLE_SHUFFLE_SEGMENT_FRACTION: a segment above this share of the budget goes to disk. */
export const MAX_SINGLE_SEGMENT_FRACTION = 0.25;

/**
 * The reduce's memory for fetched map outputs: mapred.job.shuffle.input.buffer.percent of
 * mapred.reduce.shuffle.memory.mb (ours; Hadoop takes a share of the child's heap). A segment
 * goes to memory only if it is small and fits in what is left; everything else goes to disk, so
 * the reduce's memory is bounded by configuration whatever the input size.
 */
export class ShuffleMemory {
  used = 0;

  constructor(
    readonly limit: number,
    readonly maxSingle: number = Math.floor(limit * MAX_SINGLE_SEGMENT_FRACTION),
  ) {}

  static fromConf(conf: Configuration): ShuffleMemory {
    const mb = conf.getInt('mapred.reduce.shuffle.memory.mb');
    const percent = conf.getFloat('mapred.job.shuffle.input.buffer.percent');
    if (!(percent >= 0 && percent <= 1)) {
      throw new Error(`Invalid value for mapred.job.shuffle.input.buffer.percent: ${percent} (must be between 0 and 1)`);
    }
    return new ShuffleMemory(Math.floor(Math.max(0, mb) * 1024 * 1024 * percent));
  }

  /** Reserves n bytes; false when the segment must go to disk. */
  reserve(n: number): boolean {
    if (n > this.maxSingle || this.used + n > this.limit) return false;
    this.used += n;
    return true;
  }

  release(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}
