import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawComparator } from '../api/partitioner';
import { FdSink, IFileReader, IFileWriter, RawKeyValueIterator, Segment, RawRecordCursor } from './ifile';

/**
 * Merges sorted segments into one sorted stream with a binary heap; keys are compared as raw
 * bytes and never decoded. Ties keep segment order, so equal keys come out in spill order.
 */
export class MergeIterator extends RawRecordCursor {
  private heap: number[] = [];
  private started = false;
  private current = -1;

  constructor(
    private readonly inputs: RawKeyValueIterator[],
    private readonly cmp: RawComparator,
  ) {
    super();
  }

  private less(i: number, j: number): boolean {
    const a = this.inputs[i];
    const b = this.inputs[j];
    const c = this.cmp.compare(a.key, a.keyStart, a.keyLength, b.key, b.keyStart, b.keyLength);
    return c < 0 || (c === 0 && i < j);
  }

  private siftDown(pos: number): void {
    const h = this.heap;
    const n = h.length;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[m], h[pos])) return;
      [h[m], h[pos]] = [h[pos], h[m]];
      pos = m;
    }
  }

  override next(): boolean {
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < this.inputs.length; i++) if (this.inputs[i].next()) this.heap.push(i);
      for (let p = (this.heap.length >> 1) - 1; p >= 0; p--) this.siftDown(p);
    } else if (this.current >= 0) {
      // advance the segment we returned last time
      if (this.inputs[this.current].next()) this.siftDown(0);
      else {
        const last = this.heap.pop()!;
        if (this.heap.length > 0) {
          this.heap[0] = last;
          this.siftDown(0);
        }
      }
    }
    if (this.heap.length === 0) {
      this.current = -1;
      return false;
    }
    const top = this.inputs[this.heap[0]];
    this.current = this.heap[0];
    this.key = top.key;
    this.keyStart = top.keyStart;
    this.keyLength = top.keyLength;
    this.val = top.val;
    this.valStart = top.valStart;
    this.valLength = top.valLength;
    return true;
  }

  override close(): void {
    for (const i of this.inputs) i.close();
  }
}

export function openSegments(segments: Segment[], bufferSize: number): RawKeyValueIterator[] {
  return segments.map((s) => new IFileReader(s, bufferSize));
}

/** One input needs no heap. */
export function merge(inputs: RawKeyValueIterator[], cmp: RawComparator): RawKeyValueIterator {
  return inputs.length === 1 ? inputs[0] : new MergeIterator(inputs, cmp);
}

/**
 * Merges any number of segments with at most `factor` open at once (io.sort.factor): while
 * there are too many, the smallest `factor` are merged into a file in tmpDir. Returns the final
 * merge and the intermediate files to delete after it.
 */
export function mergeInPasses(
  segments: Segment[],
  cmp: RawComparator,
  factor: number,
  tmpDir: string,
  bufferSize: number,
  name: string,
): { iterator: RawKeyValueIterator; tempFiles: string[] } {
  const tempFiles: string[] = [];
  let pending = [...segments];
  const f = Math.max(2, factor);
  let pass = 0;
  while (pending.length > f) {
    pending.sort((a, b) => segmentSize(a) - segmentSize(b));
    const batch = pending.slice(0, f);
    const file = path.join(tmpDir, `${name}.merge${pass++}.out`);
    const fd = fs.openSync(file, 'w');
    const writer = new IFileWriter(new FdSink(fd));
    const it = merge(openSegments(batch, bufferSize), cmp);
    try {
      while (it.next()) writer.append(it.key, it.keyStart, it.keyLength, it.val, it.valStart, it.valLength);
    } finally {
      it.close();
    }
    const { partLength } = writer.close();
    fs.closeSync(fd);
    tempFiles.push(file);
    pending = [...pending.slice(f), { kind: 'file', path: file, start: 0, length: partLength }];
  }
  return { iterator: merge(openSegments(pending, bufferSize), cmp), tempFiles };
}

function segmentSize(s: Segment): number {
  return s.kind === 'file' ? s.length : s.data.length;
}
