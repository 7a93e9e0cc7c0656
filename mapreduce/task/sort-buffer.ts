import type { RawComparator } from '../api/partitioner';
import { RawKeyValueIterator, RawRecordCursor } from './ifile';
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
    // the first eight key bytes as two unsigned ints: a radix sort on (partition, prefix) does
    // nearly all the work, full byte comparisons only break ties
    const prefix = new Uint32Array(n);
    const prefix2 = new Uint32Array(n);
    const partition = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ks = m[i * 4 + 1];
      const kl = m[i * 4 + 2] - ks;
      prefix[i] = word(d, ks, kl);
      prefix2[i] = kl > 4 ? word(d, ks + 4, kl - 4) : 0;
      partition[i] = m[i * 4];
    }
    const cmp = (a: number, b: number) => {
      const ka = m[a * 4 + 1];
      const kb = m[b * 4 + 1];
      return compareRaw(d, ka, m[a * 4 + 2] - ka, d, kb, m[b * 4 + 2] - kb);
    };
    // records of one run share their first eight bytes: equal lengths and equal tails mean equal keys
    const sameKey = (a: number, b: number) => {
      const ka = m[a * 4 + 1];
      const kb = m[b * 4 + 1];
      const len = m[a * 4 + 2] - ka;
      if (len !== m[b * 4 + 2] - kb) return false;
      for (let i = 8; i < len; i++) if (d[ka + i] !== d[kb + i]) return false;
      return true;
    };
    return radixSortIndexes(partition, prefix, prefix2, n, cmp, sameKey);
  }

  /** The sorted records of one partition, from position `from` of the sorted index. */
  iterator(sorted: Uint32Array, from: number, to: number): RawKeyValueIterator {
    return new SortedRunIterator(this, sorted, from, to);
  }
}

class SortedRunIterator extends RawRecordCursor {
  private pos: number;

  constructor(
    private readonly buf: SortBuffer,
    private readonly sorted: Uint32Array,
    from: number,
    private readonly to: number,
  ) {
    super();
    this.pos = from;
    this.key = buf.data;
    this.val = buf.data;
  }

  override next(): boolean {
    if (this.pos >= this.to) return false;
    const r = this.sorted[this.pos++] * 4;
    const m = this.buf.meta;
    this.keyStart = m[r + 1];
    this.valStart = m[r + 2];
    this.keyLength = this.valStart - this.keyStart;
    this.valLength = m[r + 3] - this.valStart;
    return true;
  }

  override close(): void {}
}

/** Up to four bytes at d[at] as a big-endian unsigned int, zero-padded. */
function word(d: Buffer, at: number, len: number): number {
  const b0 = len > 0 ? d[at] : 0;
  const b1 = len > 1 ? d[at + 1] : 0;
  const b2 = len > 2 ? d[at + 2] : 0;
  const b3 = len > 3 ? d[at + 3] : 0;
  return ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}
