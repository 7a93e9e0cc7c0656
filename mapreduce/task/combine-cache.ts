import { DataInputBuffer } from '../../common/io/data-input';
import { DataOutputBuffer } from '../../common/io/data-output';
import type { Writable } from '../../common/io/writable';
import { Text } from '../../common/io/writables';

/** One distinct key's values, each framed by a 4-byte length. */
interface Entry {
  keyBytes: Buffer;
  values: DataOutputBuffer;
  count: number;
}

const ENTRY_OVERHEAD = 160;

/**
 * Map-side aggregation before the sort buffer. A combiner may run any number of times on any
 * subset of a key's values, so values are grouped by key in memory and combined there; wordcount's
 * tens of millions of (word, 1) records become a few thousand records per flush. Bounded by
 * `budget` bytes: when full, every key is combined, and if that does not free enough the whole
 * cache moves to the sort buffer.
 */
export class CombineCache<K extends Writable, V extends Writable> {
  private entries = new Map<string, Entry>();
  bytes = 0;
  private readonly scratch = new DataOutputBuffer(256);

  constructor(readonly budget: number) {}

  get full(): boolean {
    return this.bytes >= this.budget;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds one record; returns the number of serialized key+value bytes it stands for. */
  add(key: K, value: V): number {
    let id: string;
    let keyLen: number;
    if (key instanceof Text) {
      id = key.toString();
      keyLen = -1;
    } else {
      this.scratch.reset();
      key.write(this.scratch);
      id = this.scratch.data.toString('latin1', 0, this.scratch.length);
      keyLen = this.scratch.length;
    }
    let e = this.entries.get(id);
    if (e === undefined) {
      const keyBytes = keyLen < 0 ? Buffer.from(id, 'utf8') : this.scratch.toBuffer();
      e = { keyBytes, values: new DataOutputBuffer(64), count: 0 };
      this.entries.set(id, e);
      this.bytes += ENTRY_OVERHEAD + id.length * 2 + keyBytes.length;
    }
    const vals = e.values;
    const lenPos = vals.length;
    vals.writeInt(0);
    value.write(vals);
    const vl = vals.length - lenPos - 4;
    vals.data.writeInt32BE(vl, lenPos);
    e.count++;
    this.bytes += vl + 4;
    return e.keyBytes.length + vl;
  }

  /** Every entry, for combining or flushing. */
  *drain(): Iterable<[Buffer, DataOutputBuffer, number]> {
    for (const e of this.entries.values()) yield [e.keyBytes, e.values, e.count];
  }

  /** Replaces an entry's values with the combiner's output for it. */
  replace(keyBytes: Buffer, values: DataOutputBuffer, count: number, id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.bytes += values.length - e.values.length;
    e.values = values;
    e.count = count;
  }

  entryIds(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  clear(): void {
    this.entries = new Map();
    this.bytes = 0;
  }
}

/** Iterates the framed values of an entry as raw (buffer, start, length) triples. */
export function* framedValues(values: DataOutputBuffer): Iterable<[Buffer, number, number]> {
  const d = values.data;
  let p = 0;
  while (p < values.length) {
    const len = d.readInt32BE(p);
    yield [d, p + 4, len];
    p += 4 + len;
  }
}

export function readValue<V extends Writable>(v: V, input: DataInputBuffer, d: Buffer, start: number, len: number): V {
  v.readFields(input.reset(d, start, start + len));
  return v;
}
