import type { Readable, Writable } from 'node:stream';

/**
 * Bytes read and written through each filesystem scheme in this process (Hadoop's
 * FileSystem.Statistics). A task reads them before and after it runs and publishes the
 * difference as FileSystemCounters <SCHEME>_BYTES_READ and <SCHEME>_BYTES_WRITTEN.
 */
export interface SchemeStatistics {
  bytesRead: number;
  bytesWritten: number;
}

const byScheme = new Map<string, SchemeStatistics>();

export function statisticsFor(scheme: string): SchemeStatistics {
  let s = byScheme.get(scheme);
  if (!s) {
    s = { bytesRead: 0, bytesWritten: 0 };
    byScheme.set(scheme, s);
  }
  return s;
}

/** A copy of every scheme's figures now. */
export function statisticsSnapshot(): Map<string, SchemeStatistics> {
  return new Map([...byScheme].map(([k, v]) => [k, { ...v }]));
}

/**
 * Counts what a stream hands out. The stream itself is returned, not wrapped: a pass-through
 * stream per file would copy nothing but still cost a hop per chunk on every read.
 */
export function countReads<T extends Readable>(stream: T, stats: SchemeStatistics): T {
  const push = stream.push;
  stream.push = function (this: Readable, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null && chunk !== undefined) stats.bytesRead += byteLength(chunk, encoding);
    return push.call(this, chunk, encoding);
  };
  return stream;
}

/**
 * Counts what is written to a stream (see countReads), where every chunk passes: its _write and
 * _writev (write() and end(chunk) both lead there, after any buffering).
 */
export function countWrites<T extends Writable>(stream: T, stats: SchemeStatistics): T {
  type WriteFn = (this: Writable, chunk: unknown, encoding: BufferEncoding, cb: (e?: Error | null) => void) => void;
  type WritevFn = (this: Writable, chunks: Array<{ chunk: unknown; encoding: BufferEncoding }>, cb: (e?: Error | null) => void) => void;
  const target = stream as unknown as { _write: WriteFn; _writev?: WritevFn | null };
  const write = target._write;
  target._write = function (chunk, encoding, cb) {
    stats.bytesWritten += byteLength(chunk, encoding);
    write.call(this, chunk, encoding, cb);
  };
  const writev = target._writev;
  if (writev) {
    target._writev = function (chunks, cb) {
      for (const c of chunks) stats.bytesWritten += byteLength(c.chunk, c.encoding);
      writev.call(this, chunks, cb);
    };
  }
  return stream;
}

function byteLength(chunk: unknown, encoding?: BufferEncoding): number {
  if (typeof chunk === 'string') return Buffer.byteLength(chunk, encoding);
  if (chunk instanceof Uint8Array) return chunk.length;
  return 0;
}
