import type { RawComparator } from '../api/partitioner';
import type { RawKeyValueIterator } from './ifile';
import { radixSortIndexes } from './radix-sort';
import { compareRaw } from './raw-compare';

/**
 * Map output held as bytes: keys and values serialized back to back in one Buffer, and four
 * int32s of accounting per record (partition, key start, value start, value end) in a typed
 * array. Sorting moves only an index array, never the bytes.
 */
export class SortBuffer {
  data: Buffer;
  /** Bytes of data in use. */
  length = 0;
  meta: Int32Array;
  count = 0;

  constructor(dataBytes: number, initialRecords = 1024) {
    this.data = Buffer.allocUnsafe(dataBytes);
    this.meta = new Int32Array(initialRecords * 4);
  }

  /** Bytes this buffer holds: data plus accounting. */
  usedBytes(): number {
    return this.length + this.count * 16;
  }

  /** Makes room for n more data bytes; grows only when one record exceeds what is left. */
  ensure(n: number): void {
    if (this.length + n <= this.data.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.data.length * 2, this.length + n));
    this.data.copy(bigger, 0, 0, this.length);
    this.data = bigger;
  }

  addRecord(partition: number, keyStart: number, valStart: number, valEnd: number): void {
    let m = this.meta;
    if ((this.count + 1) * 4 > m.length) {
      const bigger = new Int32Array(m.length * 2);
      bigger.set(m);
      this.meta = m = bigger;
    }
    const i = this.count * 4;
    m[i] = partition;
    m[i + 1] = keyStart;
    m[i + 2] = valStart;
    m[i + 3] = valEnd;
    this.count++;
  }

  reset(): void {
    this.length = 0;
    this.count = 0;
  }

  /** Record indexes ordered by (partition, key). */
  sort(comparator: RawComparator | null): Uint32Array {
    const n = this.count;
    const m = this.meta;
    const d = this.data;
    if (comparator) {
      const idx = new Uint32Array(n);
      for (let i = 0; i < n; i++) idx[i] = i;
      return idx.sort((a, b) => {
        const pa = m[a * 4];
        const pb = m[b * 4];
        if (pa !== pb) return pa - pb;
        const ka = m[a * 4 + 1];
        const kb = m[b * 4 + 1];
        return comparator.compare(d, ka, m[a * 4 + 2] - ka, d, kb, m[b * 4 + 2] - kb);
      });
    }
    // the first four key bytes as one unsigned int: a radix sort on (partition, prefix) does
    // nearly all the work, full byte comparisons only break ties
    const prefix = new Uint32Array(n);
    const partition = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ks = m[i * 4 + 1];
      const kl = m[i * 4 + 2] - ks;
      const b0 = kl > 0 ? d[ks] : 0;
      const b1 = kl > 1 ? d[ks + 1] : 0;
      const b2 = kl > 2 ? d[ks + 2] : 0;
      const b3 = kl > 3 ? d[ks + 3] : 0;
      prefix[i] = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
      partition[i] = m[i * 4];
    }
    return radixSortIndexes(partition, prefix, n, (a, b) => {
      const ka = m[a * 4 + 1];
      const kb = m[b * 4 + 1];
      return compareRaw(d, ka, m[a * 4 + 2] - ka, d, kb, m[b * 4 + 2] - kb);
    });
  }

  /** The sorted records of one partition, from position `from` of the sorted index. */
  iterator(sorted: Uint32Array, from: number, to: number): RawKeyValueIterator {
    return new SortedRunIterator(this, sorted, from, to);
  }
}

class SortedRunIterator implements RawKeyValueIterator {
  key: Buffer;
  keyStart = 0;
  keyLength = 0;
  val: Buffer;
  valStart = 0;
  valLength = 0;
  private pos: number;

  constructor(
    private readonly buf: SortBuffer,
    private readonly sorted: Uint32Array,
    from: number,
    private readonly to: number,
  ) {
    this.pos = from;
    this.key = buf.data;
    this.val = buf.data;
  }

  next(): boolean {
    if (this.pos >= this.to) return false;
    const r = this.sorted[this.pos++] * 4;
    const m = this.buf.meta;
    this.keyStart = m[r + 1];
    this.valStart = m[r + 2];
    this.keyLength = this.valStart - this.keyStart;
    this.valLength = m[r + 3] - this.valStart;
    return true;
  }

  close(): void {}
}
