import { DataInputBuffer } from '../../common/io/data-input';
import { DataOutputBuffer } from '../../common/io/data-output';
import type { Writable } from '../../common/io/writable';
import { Text } from '../../common/io/writables';

/** One distinct key: its values each framed by a 4-byte length, or one folded value. */
export interface CacheEntry<V> {
  keyBytes: Buffer;
  values: DataOutputBuffer;
  count: number;
  folded: V | null;
}

const ENTRY_OVERHEAD = 160;

/**
 * Map-side aggregation before the sort buffer. A combiner may run any number of times on any
 * subset of a key's values, so values are grouped by key in memory and combined there; wordcount's
 * tens of millions of (word, 1) records become a few thousand records per flush. A combiner with
 * foldValues is applied as each value arrives (one running value per key); any other combiner runs
 * over a key's buffered values when the cache fills. Bounded by `budget` bytes: when full, every
 * key is combined, and if that does not free enough the whole cache moves to the sort buffer.
 */
export class CombineCache<K extends Writable, V extends Writable> {
  private entries = new Map<string, CacheEntry<V>>();
  bytes = 0;
  /** Records that went into and came out of folding, counted when drained. */
  combineInput = 0;
  combineOutput = 0;
  private readonly scratch = new DataOutputBuffer(256);
  private readonly input = new DataInputBuffer();
  /** Text keys are cached by their string; others by their bytes read as latin1. */
  private textKeys = false;

  constructor(
    readonly budget: number,
    private readonly fold: ((acc: V, value: V) => V) | null,
    private readonly newValue: () => V,
  ) {}

  get full(): boolean {
    return this.bytes >= this.budget;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds one record; returns the number of serialized key+value bytes it stands for. */
  add(key: K, value: V): number {
    let id: string;
    let keyBytes: Buffer | null = null;
    if (key instanceof Text) {
      id = key.toString();
      this.textKeys = true;
    } else {
      this.scratch.reset();
      key.write(this.scratch);
      id = this.scratch.data.toString('latin1', 0, this.scratch.length);
      keyBytes = this.scratch.toBuffer();
    }
    let e = this.entries.get(id);
    if (e === undefined) {
      keyBytes ??= Buffer.from(id, 'utf8');
      e = { keyBytes, values: new DataOutputBuffer(this.fold ? 4 : 64), count: 0, folded: null };
      this.entries.set(id, e);
      this.bytes += ENTRY_OVERHEAD + id.length * 2 + keyBytes.length;
    }
    if (this.fold) {
      if (e.folded === null) {
        // the mapper may reuse its value object: keep a copy
        const s = this.scratch;
        s.reset();
        value.write(s);
        const copy = this.newValue();
        copy.readFields(this.input.reset(s.data, 0, s.length));
        e.folded = copy;
        e.count = 1;
        this.bytes += 32 + s.length;
        return e.keyBytes.length + s.length;
      }
      e.folded = this.fold(e.folded, value);
      e.count++;
      return e.keyBytes.length + 4;
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

  /** Each key's values as framed bytes (folded values serialized first). */
  *drain(): Iterable<[Buffer, DataOutputBuffer, number]> {
    for (const e of this.entries.values()) {
      if (e.folded !== null) {
        // every cached record went through the fold, as through a combiner at a spill
        this.combineInput += e.count;
        this.combineOutput++;
        const out = new DataOutputBuffer(16);
        out.writeInt(0);
        e.folded.write(out);
        out.data.writeInt32BE(out.length - 4, 0);
        yield [e.keyBytes, out, 1];
      } else {
        yield [e.keyBytes, e.values, e.count];
      }
    }
  }

  /** Replaces an entry's values with the combiner's output for it. */
  replace(id: string, values: DataOutputBuffer, count: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.bytes += values.length - e.values.length;
    e.values = values;
    e.count = count;
  }

  /** The cache id of a serialized key. */
  idOf(data: Buffer, start: number, length: number): string {
    return data.toString(this.textKeys ? 'utf8' : 'latin1', start, start + length);
  }

  entryIds(): IterableIterator<string> {
    return this.entries.keys();
  }

  get(id: string): CacheEntry<V> | undefined {
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
