import { HadoopError } from '../errors';

/** Reads what DataOutputBuffer wrote, from data[position, limit). */
export class DataInputBuffer {
  data: Buffer;
  position: number;
  limit: number;

  constructor(data: Buffer = Buffer.alloc(0), start = 0, end = data.length) {
    this.data = data;
    this.position = start;
    this.limit = end;
  }

  reset(data: Buffer, start: number, end: number): this {
    this.data = data;
    this.position = start;
    this.limit = end;
    return this;
  }

  remaining(): number {
    return this.limit - this.position;
  }

  private need(n: number): void {
    if (this.position + n > this.limit) {
      throw new HadoopError('IO_EOF', `Unexpected end of record: needed ${n} bytes, ${this.remaining()} left`);
    }
  }

  readByte(): number {
    this.need(1);
    return (this.data[this.position++] << 24) >> 24;
  }

  readUnsignedByte(): number {
    this.need(1);
    return this.data[this.position++];
  }

  readBoolean(): boolean {
    return this.readUnsignedByte() !== 0;
  }

  readInt(): number {
    this.need(4);
    const v = this.data.readInt32BE(this.position);
    this.position += 4;
    return v;
  }

  readUInt(): number {
    this.need(4);
    const v = this.data.readUInt32BE(this.position);
    this.position += 4;
    return v;
  }

  readLong(): number {
    this.need(8);
    const hi = this.data.readInt32BE(this.position);
    const lo = this.data.readUInt32BE(this.position + 4);
    this.position += 8;
    return hi * 4294967296 + lo;
  }

  readDouble(): number {
    this.need(8);
    const v = this.data.readDoubleBE(this.position);
    this.position += 8;
    return v;
  }

  readBytes(n: number): Buffer {
    this.need(n);
    const out = this.data.subarray(this.position, this.position + n);
    this.position += n;
    return out;
  }

  /** The rest of the record as UTF-8 (a Text key or value fills its whole record). */
  readUtf8ToEnd(): string {
    const s = this.data.toString('utf8', this.position, this.limit);
    this.position = this.limit;
    return s;
  }

  readVLong(): number {
    const first = this.readByte();
    if (first >= -112) return first;
    const negative = first < -120;
    const n = negative ? -(first + 120) : -(first + 112);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.readUnsignedByte();
    return negative ? -v - 1 : v;
  }

  readVInt(): number {
    return this.readVLong();
  }

  readString(): string {
    const n = this.readVInt();
    return this.readBytes(n).toString('utf8');
  }
}

/** Decodes a vlong at data[pos]; returns the value and writes its size to out[0]. */
export function decodeVLong(data: Buffer, pos: number, size: Int32Array): number {
  const first = (data[pos] << 24) >> 24;
  if (first >= -112) {
    size[0] = 1;
    return first;
  }
  const negative = first < -120;
  const n = negative ? -(first + 120) : -(first + 112);
  let v = 0;
  for (let i = 1; i <= n; i++) v = v * 256 + data[pos + i];
  size[0] = n + 1;
  return negative ? -v - 1 : v;
}

/** Bytes a vlong takes: 1 to 9. */
export function vlongSize(value: number): number {
  if (value >= -112 && value <= 127) return 1;
  let v = value < 0 ? -value - 1 : value;
  let n = 1;
  while (v !== 0) {
    v = Math.floor(v / 256);
    n++;
  }
  return n;
}
