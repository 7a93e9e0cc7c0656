import type { RawComparator } from '../../api/partitioner';
import { compareRaw } from '../../task/raw-compare';

/** Sorts keys in decreasing order (Hadoop's LongWritable.DecreasingComparator, for any of our key types). */
export class DecreasingComparator implements RawComparator {
  compare(a: Buffer, as: number, al: number, b: Buffer, bs: number, bl: number): number {
    return compareRaw(b, bs, bl, a, as, al);
  }
}
