import { DataInputBuffer } from './data-input';
import { DataOutputBuffer } from './data-output';
import { copyBytes } from './bytes';
import { compareBytes, hashBytes, WritableComparable } from './writable';

/**
 * The standard types. Their serialized forms sort as raw bytes in value order: integers are
 * big-endian with the sign bit flipped, doubles use the IEEE order-preserving flip, text is
 * plain UTF-8 (length comes from the record frame).
 */
export class Text implements WritableComparable<Text> {
  constructor(private value = '') {}

  set(v: string | Text): this {
    this.value = typeof v === 'string' ? v : v.value;
    return this;
  }

  write(out: DataOutputBuffer): void {
    out.writeUtf8(this.value);
  }

  readFields(input: DataInputBuffer): void {
    this.value = input.readUtf8ToEnd();
  }

  getBytes(): Buffer {
    return Buffer.from(this.value, 'utf8');
  }

  getLength(): number {
    return Buffer.byteLength(this.value, 'utf8');
  }

  compareTo(other: Text): number {
    if (isAscii(this.value) && isAscii(other.value)) {
      return this.value < other.value ? -1 : this.value > other.value ? 1 : 0;
    }
    const a = this.getBytes();
    const b = other.getBytes();
    return compareBytes(a, 0, a.length, b, 0, b.length);
  }

  hashCode(): number {
    const s = this.value;
    let h = 1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        const b = this.getBytes();
        return hashBytes(b, 0, b.length);
      }
      h = (Math.imul(31, h) + c) | 0;
    }
    return h;
  }

  equals(other: unknown): boolean {
    return other instanceof Text && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

export class IntWritable implements WritableComparable<IntWritable> {
  constructor(private value = 0) {}
  get(): number {
    return this.value;
  }
  set(v: number): this {
    this.value = v | 0;
    return this;
  }
  write(out: DataOutputBuffer): void {
    out.writeUInt((this.value ^ 0x80000000) >>> 0);
  }
  readFields(input: DataInputBuffer): void {
    this.value = (input.readUInt() ^ 0x80000000) | 0;
  }
  compareTo(o: IntWritable): number {
    return this.value < o.value ? -1 : this.value > o.value ? 1 : 0;
  }
  hashCode(): number {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
}

export class LongWritable implements WritableComparable<LongWritable> {
  constructor(private value = 0) {}
  get(): number {
    return this.value;
  }
  set(v: number): this {
    this.value = v;
    return this;
  }
  write(out: DataOutputBuffer): void {
    const hi = Math.floor(this.value / 4294967296);
    out.writeUInt((hi ^ 0x80000000) >>> 0);
    out.writeUInt(this.value - hi * 4294967296);
  }
  readFields(input: DataInputBuffer): void {
    const hi = (input.readUInt() ^ 0x80000000) | 0;
    this.value = hi * 4294967296 + input.readUInt();
  }
  compareTo(o: LongWritable): number {
    return this.value < o.value ? -1 : this.value > o.value ? 1 : 0;
  }
  /** (int)(value ^ (value >>> 32)) as in Java's LongWritable. */
  hashCode(): number {
    const hi = Math.floor(this.value / 4294967296) | 0;
    const lo = (this.value - Math.floor(this.value / 4294967296) * 4294967296) | 0;
    return lo ^ hi;
  }
  toString(): string {
    return String(this.value);
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

export class DoubleWritable implements WritableComparable<DoubleWritable> {
  constructor(private value = 0) {}
  get(): number {
    return this.value;
  }
  set(v: number): this {
    this.value = v;
    return this;
  }
  write(out: DataOutputBuffer): void {
    f64[0] = this.value;
    let hi = u32[HI];
    let lo = u32[1 - HI];
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    out.writeUInt(hi);
    out.writeUInt(lo);
  }
  readFields(input: DataInputBuffer): void {
    let hi = input.readUInt();
    let lo = input.readUInt();
    if (hi & 0x80000000) {
      hi = (hi & 0x7fffffff) >>> 0;
    } else {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    }
    u32[HI] = hi;
    u32[1 - HI] = lo;
    this.value = f64[0];
  }
  compareTo(o: DoubleWritable): number {
    return this.value < o.value ? -1 : this.value > o.value ? 1 : 0;
  }
  hashCode(): number {
    f64[0] = this.value;
    return (u32[HI] ^ u32[1 - HI]) | 0;
  }
  toString(): string {
    const s = String(this.value);
    return Number.isInteger(this.value) && !s.includes('e') ? s + '.0' : s;
  }
}

export class FloatWritable implements WritableComparable<FloatWritable> {
  private static readonly buf = Buffer.alloc(4);
  constructor(private value = 0) {}
  get(): number {
    return this.value;
  }
  set(v: number): this {
    this.value = Math.fround(v);
    return this;
  }
  write(out: DataOutputBuffer): void {
    const b = FloatWritable.buf;
    b.writeFloatBE(this.value, 0);
    let bits = b.readUInt32BE(0);
    bits = bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
    out.writeUInt(bits);
  }
  readFields(input: DataInputBuffer): void {
    let bits = input.readUInt();
    bits = bits & 0x80000000 ? (bits & 0x7fffffff) >>> 0 : ~bits >>> 0;
    FloatWritable.buf.writeUInt32BE(bits, 0);
    this.value = FloatWritable.buf.readFloatBE(0);
  }
  compareTo(o: FloatWritable): number {
    return this.value < o.value ? -1 : this.value > o.value ? 1 : 0;
  }
  hashCode(): number {
    FloatWritable.buf.writeFloatBE(this.value, 0);
    return FloatWritable.buf.readInt32BE(0);
  }
  toString(): string {
    const s = String(this.value);
    return Number.isInteger(this.value) && !s.includes('e') ? s + '.0' : s;
  }
}

export class BooleanWritable implements WritableComparable<BooleanWritable> {
  constructor(private value = false) {}
  get(): boolean {
    return this.value;
  }
  set(v: boolean): this {
    this.value = v;
    return this;
  }
  write(out: DataOutputBuffer): void {
    out.writeBoolean(this.value);
  }
  readFields(input: DataInputBuffer): void {
    this.value = input.readBoolean();
  }
  compareTo(o: BooleanWritable): number {
    return Number(this.value) - Number(o.value);
  }
  hashCode(): number {
    return this.value ? 1231 : 1237;
  }
  toString(): string {
    return String(this.value);
  }
}

export class NullWritable implements WritableComparable<NullWritable> {
  private static readonly instance = new NullWritable();
  static get(): NullWritable {
    return NullWritable.instance;
  }
  write(): void {}
  readFields(): void {}
  compareTo(): number {
    return 0;
  }
  hashCode(): number {
    return 0;
  }
  toString(): string {
    return '(null)';
  }
}

export class BytesWritable implements WritableComparable<BytesWritable> {
  private owned = false;
  constructor(private bytes: Buffer = Buffer.alloc(0)) {}
  getBytes(): Buffer {
    return this.bytes;
  }
  getLength(): number {
    return this.bytes.length;
  }
  set(b: Uint8Array): this {
    this.bytes = Buffer.from(b);
    this.owned = true;
    return this;
  }
  /** Points at b without copying: for record readers, valid until the reader moves on. */
  setRef(b: Buffer): this {
    this.bytes = b;
    this.owned = false;
    return this;
  }
  write(out: DataOutputBuffer): void {
    out.writeBytes(this.bytes);
  }
  readFields(input: DataInputBuffer): void {
    const n = input.remaining();
    // reuse our own buffer when the length matches (never one lent to us by setRef)
    if (!this.owned || this.bytes.length !== n) {
      this.bytes = Buffer.allocUnsafe(n);
      this.owned = true;
    }
    input.position += copyBytes(input.data, input.position, input.position + n, this.bytes, 0);
  }
  compareTo(o: BytesWritable): number {
    return compareBytes(this.bytes, 0, this.bytes.length, o.bytes, 0, o.bytes.length);
  }
  hashCode(): number {
    return hashBytes(this.bytes, 0, this.bytes.length);
  }
  /** Hex pairs separated by spaces, as Hadoop prints them. */
  toString(): string {
    return [...this.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  }
}

/** Serializes a Writable into a fresh buffer (tests, small values). */
export function toBytes(w: { write(out: DataOutputBuffer): void }): Buffer {
  const out = new DataOutputBuffer(32);
  w.write(out);
  return out.toBuffer();
}

export function fromBytes<T extends { readFields(i: DataInputBuffer): void }>(w: T, b: Buffer): T {
  w.readFields(new DataInputBuffer(b, 0, b.length));
  return w;
}
