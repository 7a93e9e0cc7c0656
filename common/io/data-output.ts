import { copyBytes } from './bytes';

/**
 * A growable byte buffer that Writables serialize into. Big-endian, like Java's DataOutput.
 */
export class DataOutputBuffer {
  data: Buffer;
  length = 0;

  constructor(initialSize = 256) {
    this.data = Buffer.allocUnsafe(initialSize);
  }

  reset(): void {
    this.length = 0;
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.data.copy(next, 0, 0, this.length);
    this.data = next;
  }

  writeByte(b: number): void {
    this.ensure(1);
    this.data[this.length++] = b & 0xff;
  }

  writeBoolean(b: boolean): void {
    this.writeByte(b ? 1 : 0);
  }

  writeInt(v: number): void {
    this.ensure(4);
    this.data.writeInt32BE(v | 0, this.length);
    this.length += 4;
  }

  writeUInt(v: number): void {
    this.ensure(4);
    this.data.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }

  /** A safe integer as a signed 64-bit big-endian value. */
  writeLong(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / 4294967296);
    this.data.writeInt32BE(hi | 0, this.length);
    this.data.writeUInt32BE(v - hi * 4294967296, this.length + 4);
    this.length += 8;
  }

  writeDouble(v: number): void {
    this.ensure(8);
    this.data.writeDoubleBE(v, this.length);
    this.length += 8;
  }

  writeBytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.ensure(n);
    this.length += copyBytes(src, start, end, this.data, this.length);
  }

  /** UTF-8 bytes of s with no length prefix. */
  writeUtf8(s: string): void {
    // worst case 3 bytes per UTF-16 unit
    this.ensure(s.length * 3);
    this.length += this.data.write(s, this.length, 'utf8');
  }

  writeVInt(v: number): void {
    writeVLongTo(this, v);
  }

  writeVLong(v: number): void {
    writeVLongTo(this, v);
  }

  /** A vint length then the UTF-8 bytes: for strings inside composite Writables. */
  writeString(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.writeVInt(bytes.length);
    this.writeBytes(bytes);
  }

  toBuffer(): Buffer {
    return Buffer.from(this.data.subarray(0, this.length));
  }
}

/** Hadoop's WritableUtils.writeVLong encoding (1 to 9 bytes). */
function writeVLongTo(out: DataOutputBuffer, value: number): void {
  out.ensure(9);
  const d = out.data;
  if (value >= -112 && value <= 127) {
    d[out.length++] = value & 0xff;
    return;
  }
  let len = -112;
  let v = value;
  if (v < 0) {
    v = -v - 1; // one's complement, in safe-integer arithmetic
    len = -120;
  }
  let tmp = v;
  while (tmp !== 0) {
    tmp = Math.floor(tmp / 256);
    len--;
  }
  d[out.length++] = len & 0xff;
  const n = len < -120 ? -(len + 120) : -(len + 112);
  for (let idx = n; idx !== 0; idx--) {
    const shift = (idx - 1) * 8;
    d[out.length++] = Math.floor(v / 2 ** shift) & 0xff;
  }
}

/** Thrown by FixedOutputBuffer when a write does not fit: the caller takes its slow path. */
export const OUTPUT_FULL: unique symbol = Symbol('output buffer full');

/**
 * A DataOutputBuffer over someone else's fixed buffer (the map sort buffer): it never grows,
 * it throws OUTPUT_FULL instead, so records serialize straight into place.
 */
export class FixedOutputBuffer extends DataOutputBuffer {
  constructor() {
    super(0);
  }

  override ensure(n: number): void {
    if (this.length + n > this.data.length) throw OUTPUT_FULL;
  }
}
