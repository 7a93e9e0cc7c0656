import type { DataInputBuffer } from './data-input';
import type { DataOutputBuffer } from './data-output';

/**
 * Hadoop's Writable: a value that serializes itself. A key's bytes must sort, compared as
 * unsigned bytes, in the key's own order, so the sort and merge never decode keys.
 */
export interface Writable {
  write(out: DataOutputBuffer): void;
  /** Reads the record from input up to input.limit (records are framed by their length). */
  readFields(input: DataInputBuffer): void;
  toString(): string;
}

export interface WritableComparable<T = unknown> extends Writable {
  compareTo(other: T): number;
  /** Java's hashCode for the same value, so HashPartitioner sends keys where Hadoop would. */
  hashCode(): number;
}

export type WritableClass<T extends Writable = Writable> = new () => T;

/** WritableComparator.hashBytes: h = 31*h + b over signed bytes, 32-bit wrap-around. */
export function hashBytes(data: Uint8Array, start: number, end: number): number {
  let h = 1;
  for (let i = start; i < end; i++) h = (Math.imul(31, h) + ((data[i] << 24) >> 24)) | 0;
  return h;
}

/** Unsigned lexicographic order, shorter first on a common prefix (WritableComparator.compareBytes). */
export function compareBytes(a: Uint8Array, as: number, al: number, b: Uint8Array, bs: number, bl: number): number {
  const n = al < bl ? al : bl;
  for (let i = 0; i < n; i++) {
    const d = a[as + i] - b[bs + i];
    if (d !== 0) return d;
  }
  return al - bl;
}
