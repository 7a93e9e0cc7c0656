import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';
import { decodeVLong, vlongSize } from '../../common/io/data-input';
import { copyBytes } from '../../common/io/bytes';

/**
 * IFile: the map output segment format. Records are `vint keyLen, vint valLen, key, value`,
 * closed by `vint -1, vint -1`, then a 4-byte CRC32 of everything before it.
 * Writes and reads are synchronous: segments live on this task's local disk or in memory,
 * and a task process has nothing else to do meanwhile.
 */
export const EOF_MARKER = -1;
const CHUNK = 1 << 17;

/** Where a segment's bytes go: a file descriptor or a growing list of in-memory buffers. */
export interface ByteSink {
  write(buf: Buffer, start: number, end: number): void;
}

export class FdSink implements ByteSink {
  constructor(readonly fd: number) {}
  write(buf: Buffer, start: number, end: number): void {
    let off = start;
    while (off < end) off += fs.writeSync(this.fd, buf, off, end - off);
  }
}

export class IFileWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private crc = 0;
  /** Bytes written so far, including the buffered ones. */
  length = 0;
  records = 0;
  private closed = false;

  constructor(private readonly sink: ByteSink) {}

  append(key: Buffer, ks: number, kl: number, val: Buffer, vs: number, vl: number): void {
    const need = vlongSize(kl) + vlongSize(vl) + kl + vl;
    if (this.pos + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) this.buf = Buffer.allocUnsafe(need);
    }
    this.pos = writeVLong(this.buf, this.pos, kl);
    this.pos = writeVLong(this.buf, this.pos, vl);
    if (key === val && vs === ks + kl) {
      // key and value side by side (the sort buffer, a merge buffer): one copy
      this.pos += copyBytes(key, ks, vs + vl, this.buf, this.pos);
    } else {
      this.pos += copyBytes(key, ks, ks + kl, this.buf, this.pos);
      this.pos += copyBytes(val, vs, vs + vl, this.buf, this.pos);
    }
    this.length += need;
    this.records++;
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.crc = zlib.crc32(this.buf.subarray(0, this.pos), this.crc);
    this.sink.write(this.buf, 0, this.pos);
    this.pos = 0;
  }

  /** Writes the end marker and checksum; returns { rawLength, partLength }. */
  close(): { rawLength: number; partLength: number } {
    if (this.closed) throw new Error('IFile writer already closed');
    this.closed = true;
    if (this.pos + 6 > this.buf.length) this.flush();
    this.pos = writeVLong(this.buf, this.pos, EOF_MARKER);
    this.pos = writeVLong(this.buf, this.pos, EOF_MARKER);
    this.length += 2;
    this.flush();
    const tail = Buffer.allocUnsafe(4);
    tail.writeUInt32BE(this.crc >>> 0, 0);
    this.sink.write(tail, 0, 4);
    return { rawLength: this.length, partLength: this.length + 4 };
  }
}

function writeVLong(buf: Buffer, pos: number, value: number): number {
  if (value >= -112 && value <= 127) {
    buf[pos] = value & 0xff;
    return pos + 1;
  }
  let len = -112;
  let v = value;
  if (v < 0) {
    v = -v - 1;
    len = -120;
  }
  let tmp = v;
  while (tmp !== 0) {
    tmp = Math.floor(tmp / 256);
    len--;
  }
  buf[pos++] = len & 0xff;
  const n = len < -120 ? -(len + 120) : -(len + 112);
  for (let idx = n; idx !== 0; idx--) buf[pos++] = Math.floor(v / 2 ** ((idx - 1) * 8)) & 0xff;
  return pos;
}

/** A sorted stream of raw records; key/val fields are valid until the next call to next(). */
export interface RawKeyValueIterator {
  next(): boolean;
  key: Buffer;
  keyStart: number;
  keyLength: number;
  val: Buffer;
  valStart: number;
  valLength: number;
  close(): void;
}

/** The fields every raw iterator exposes; a subclass sets them in next(). */
export abstract class RawRecordCursor implements RawKeyValueIterator {
  key: Buffer = EMPTY;
  keyStart = 0;
  keyLength = 0;
  val: Buffer = EMPTY;
  valStart = 0;
  valLength = 0;

  abstract next(): boolean;

  close(): void {}
}

const EMPTY = Buffer.alloc(0);

/** Where a segment lives: a byte range of a local file, or a buffer. */
export type Segment =
  | { kind: 'file'; path: string; start: number; length: number }
  | { kind: 'memory'; data: Buffer };

const sizeOut = new Int32Array(1);

/** Reads one IFile segment, checking its CRC when it reaches the end marker. */
export class IFileReader extends RawRecordCursor {
  private buf: Buffer;
  private pos = 0;
  private lim = 0;
  private fd = -1;
  private filePos = 0;
  private fileEnd = 0;
  private crc = 0;
  private crcDone = 0; // bytes of buf[0, crcDone) already in crc
  private done = false;
  /** Bytes of record data consumed, for progress. */
  bytesRead = 0;

  constructor(
    private readonly segment: Segment,
    bufferSize = CHUNK,
    private readonly describe = segment.kind === 'file' ? `${segment.path}@${segment.start}` : 'memory segment',
  ) {
    super();
    if (segment.kind === 'memory') {
      this.buf = segment.data;
      this.lim = segment.data.length - 4;
      if (this.lim < 2) throw this.corrupt('segment too short');
    } else {
      this.buf = Buffer.allocUnsafe(Math.min(bufferSize, Math.max(segment.length, 16)));
      this.fd = fs.openSync(segment.path, 'r');
      this.filePos = segment.start;
      this.fileEnd = segment.start + segment.length - 4;
      if (segment.length < 6) throw this.corrupt('segment too short');
    }
  }

  /** Makes at least n unread bytes available in buf[pos, lim); false at the segment's end. */
  private fill(n: number): boolean {
    if (this.lim - this.pos >= n) return true;
    if (this.fd < 0) return false;
    // fold consumed bytes into the crc, then move the unread tail to the front
    this.crc = zlib.crc32(this.buf.subarray(this.crcDone, this.pos), this.crc);
    const rest = this.lim - this.pos;
    if (n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(bigger, 0, this.pos, this.lim);
      this.buf = bigger;
    } else if (rest > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.lim);
    }
    this.pos = 0;
    this.lim = rest;
    this.crcDone = 0;
    while (this.lim < n && this.filePos < this.fileEnd) {
      const want = Math.min(this.buf.length - this.lim, this.fileEnd - this.filePos);
      const got = fs.readSync(this.fd, this.buf, this.lim, want, this.filePos);
      if (got <= 0) break;
      this.filePos += got;
      this.lim += got;
    }
    return this.lim - this.pos >= n;
  }

  override next(): boolean {
    if (this.done) return false;
    if (!this.fill(2)) throw this.corrupt('truncated record header');
    const b0 = (this.buf[this.pos] << 24) >> 24;
    const s0 = b0 >= -112 ? 1 : b0 < -120 ? -(b0 + 120) + 1 : -(b0 + 112) + 1;
    if (!this.fill(s0 + 1)) throw this.corrupt('truncated record header');
    const b1 = (this.buf[this.pos + s0] << 24) >> 24;
    const s1 = b1 >= -112 ? 1 : b1 < -120 ? -(b1 + 120) + 1 : -(b1 + 112) + 1;
    if (!this.fill(s0 + s1)) throw this.corrupt('truncated record header');
    const kl = decodeVLong(this.buf, this.pos, sizeOut);
    const vl = decodeVLong(this.buf, this.pos + s0, sizeOut);
    if (kl === EOF_MARKER && vl === EOF_MARKER) {
      this.pos += s0 + s1;
      this.finish();
      return false;
    }
    if (kl < 0 || vl < 0) throw this.corrupt(`negative record length ${kl}/${vl}`);
    const total = s0 + s1 + kl + vl;
    if (!this.fill(total)) throw this.corrupt('truncated record');
    this.key = this.buf;
    this.val = this.buf;
    this.keyStart = this.pos + s0 + s1;
    this.keyLength = kl;
    this.valStart = this.keyStart + kl;
    this.valLength = vl;
    this.pos += total;
    this.bytesRead += total;
    return true;
  }

  private finish(): void {
    this.done = true;
    this.crc = zlib.crc32(this.buf.subarray(this.crcDone, this.pos), this.crc) >>> 0;
    let expected: number;
    if (this.segment.kind === 'memory') {
      expected = this.segment.data.readUInt32BE(this.segment.data.length - 4);
    } else {
      const tail = Buffer.alloc(4);
      fs.readSync(this.fd, tail, 0, 4, this.fileEnd);
      expected = tail.readUInt32BE(0);
    }
    this.close();
    if (expected !== this.crc) throw this.corrupt(`checksum mismatch (expected ${expected}, computed ${this.crc})`);
  }

  override close(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }

  private corrupt(why: string): HadoopError {
    this.close();
    return new HadoopError('MR_CORRUPT_MAP_OUTPUT', `Corrupt map output in ${this.describe}: ${why}`);
  }
}
