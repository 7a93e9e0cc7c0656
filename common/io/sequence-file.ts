import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Readable, Writable as WritableStream } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Configuration } from '../conf/configuration';
import { HadoopError } from '../errors';
import type { FileSystem } from '../fs/filesystem';
import type { Path } from '../fs/path';
import { DataInputBuffer, decodeVLong } from './data-input';
import { DataOutputBuffer } from './data-output';
import type { Writable, WritableClass } from './writable';
import { writableClassForName, writableClassName, writableSerializer, WritableSerializer } from './writable-names';

/**
 * Hadoop's SequenceFile (version 6, uncompressed): a header, then records
 * `int recordLength, int keyLength, key bytes, value bytes`, with a sync mark (`int -1` and the
 * file's 16 random bytes) at least every SYNC_INTERVAL bytes so that a reader dropped anywhere
 * in the file can find the next record boundary.
 *
 * Header: `SEQ`, version byte 6, key and value class names (vint length + UTF-8), compression
 * flag, block-compression flag, (codec class name when compressed), metadata as an int count and
 * that many name/value string pairs, the 16-byte sync.
 */
export const SEQ_MAGIC = Buffer.from('SEQ', 'latin1');
export const SEQ_VERSION = 6;
export const SYNC_HASH_SIZE = 16;
/** The escape and the hash. */
export const SYNC_SIZE = 4 + SYNC_HASH_SIZE;
export const SYNC_INTERVAL = 100 * SYNC_SIZE;
const SYNC_ESCAPE = -1;
const FLUSH_BYTES = 1 << 16;
const EMPTY = Buffer.alloc(0);

export interface SequenceFileHeader {
  version: number;
  keyClassName: string;
  valueClassName: string;
  compressed: boolean;
  blockCompressed: boolean;
  codecName: string | null;
  metadata: Array<[string, string]>;
  sync: Buffer;
  /** Bytes the header takes; the first record starts here. */
  length: number;
}

/** True when the bytes start like a SequenceFile (what `hadoop fs -text` checks). */
export function isSequenceFile(head: Buffer): boolean {
  return head.length >= 3 && head[0] === SEQ_MAGIC[0] && head[1] === SEQ_MAGIC[1] && head[2] === SEQ_MAGIC[2];
}

// ---- writing ---------------------------------------------------------------------------------

export interface SequenceFileWriterOptions<K extends Writable, V extends Writable> {
  keyClass: WritableClass<K>;
  valueClass: WritableClass<V>;
  /** Needed to name classes that are not Hadoop built-ins. */
  conf: Configuration;
  metadata?: Array<[string, string]>;
  /** Told how many bytes each flush hands to the stream (for BYTES_WRITTEN). */
  onFlush?: (bytes: number) => void;
}

/**
 * Writes a SequenceFile to a stream. append() returns a promise only when the stream asks the
 * writer to wait (backpressure); records are buffered and handed over in 64 KB chunks.
 */
export class SequenceFileWriter<K extends Writable = Writable, V extends Writable = Writable> {
  private buf = new DataOutputBuffer(FLUSH_BYTES + 1024);
  private flushed = 0;
  private lastSyncPos = 0;
  private readonly sync = randomBytes(SYNC_HASH_SIZE);
  private readonly keyClass: WritableClass<K>;
  private readonly valueClass: WritableClass<V>;
  private readonly keySer: WritableSerializer<K>;
  private readonly valueSer: WritableSerializer<V>;
  private readonly onFlush?: (bytes: number) => void;
  private error: Error | null = null;
  private closed = false;

  constructor(
    private readonly out: WritableStream,
    options: SequenceFileWriterOptions<K, V>,
  ) {
    this.keyClass = options.keyClass;
    this.valueClass = options.valueClass;
    this.keySer = writableSerializer(options.keyClass);
    this.valueSer = writableSerializer(options.valueClass);
    this.onFlush = options.onFlush;
    out.on('error', (e: Error) => {
      this.error ??= e;
    });
    const b = this.buf;
    b.writeBytes(SEQ_MAGIC);
    b.writeByte(SEQ_VERSION);
    b.writeString(writableClassName(options.keyClass as WritableClass, options.conf));
    b.writeString(writableClassName(options.valueClass as WritableClass, options.conf));
    b.writeBoolean(false); // compressed
    b.writeBoolean(false); // block-compressed
    const metadata = options.metadata ?? [];
    b.writeInt(metadata.length);
    for (const [k, v] of metadata) {
      b.writeString(k);
      b.writeString(v);
    }
    b.writeBytes(this.sync);
  }

  /** Creates path on fs and writes a SequenceFile into it. */
  static async create<K extends Writable, V extends Writable>(
    fs: FileSystem,
    path: Path | string,
    options: SequenceFileWriterOptions<K, V> & { overwrite?: boolean },
  ): Promise<SequenceFileWriter<K, V>> {
    const out = await fs.create(path, { overwrite: options.overwrite ?? false });
    return new SequenceFileWriter(out, options);
  }

  /** Bytes written so far, buffered or not: the position the next record starts at. */
  getLength(): number {
    return this.flushed + this.buf.length;
  }

  append(key: K, value: V): void | Promise<void> {
    if (this.error) throw this.error;
    if (this.closed) throw new HadoopError('IO_CLOSED', 'SequenceFile writer is closed');
    if (key === null || key === undefined || (key as object).constructor !== this.keyClass) {
      throw new HadoopError('IO_WRONG_CLASS', `wrong key class: ${className(key)} is not ${this.keyClass.name}`);
    }
    if (value === null || value === undefined || (value as object).constructor !== this.valueClass) {
      throw new HadoopError('IO_WRONG_CLASS', `wrong value class: ${className(value)} is not ${this.valueClass.name}`);
    }
    const b = this.buf;
    if (this.getLength() >= this.lastSyncPos + SYNC_INTERVAL) this.writeSync();
    const at = b.length;
    b.writeInt(0);
    b.writeInt(0);
    this.keySer.write(key, b);
    const keyLength = b.length - at - 8;
    this.valueSer.write(value, b);
    b.data.writeInt32BE(b.length - at - 8, at);
    b.data.writeInt32BE(keyLength, at + 4);
    if (b.length >= FLUSH_BYTES) return this.flush();
  }

  /** Writes a sync mark now (Hadoop's Writer.sync), unless one ends right here already. */
  writeSync(): void {
    if (this.lastSyncPos === this.getLength()) return;
    this.buf.writeInt(SYNC_ESCAPE);
    this.buf.writeBytes(this.sync);
    this.lastSyncPos = this.getLength();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.flush();
    if (pending) await pending;
    this.out.end();
    await finished(this.out);
    if (this.error) throw this.error;
  }

  private flush(): void | Promise<void> {
    const b = this.buf;
    if (b.length === 0) return;
    const chunk = b.data.subarray(0, b.length);
    this.flushed += b.length;
    this.onFlush?.(b.length);
    // the stream keeps the chunk until written, so the next records go to a fresh buffer
    this.buf = new DataOutputBuffer(FLUSH_BYTES + 1024);
    if (!this.out.write(chunk)) return this.drain();
  }

  private async drain(): Promise<void> {
    if (this.error) throw this.error;
    await once(this.out, 'drain');
  }
}

function className(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  return (v as object).constructor?.name ?? typeof v;
}

// ---- reading ---------------------------------------------------------------------------------

/** Pulls chunks from a stream and hands out contiguous byte ranges of any size. */
class ByteInput {
  buf: Buffer = EMPTY;
  p = 0;
  /** File offset of buf[0]. */
  private base: number;
  private eof = false;

  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    base: number,
  ) {
    this.base = base;
  }

  position(): number {
    return this.base + this.p;
  }

  available(): number {
    return this.buf.length - this.p;
  }

  /** Makes n bytes available from p; false when the input ends first. */
  async ensure(n: number): Promise<boolean> {
    let have = this.buf.length - this.p;
    if (have >= n) return true;
    if (this.eof) return false;
    const parts: Buffer[] = have > 0 ? [this.buf.subarray(this.p)] : [];
    while (have < n) {
      const r = await this.chunks.next();
      if (r.done) {
        this.eof = true;
        break;
      }
      parts.push(r.value);
      have += r.value.length;
    }
    this.base += this.p;
    this.buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    this.p = 0;
    return have >= n;
  }

  async close(): Promise<void> {
    this.eof = true;
    this.buf = EMPTY;
    await this.chunks.return?.();
  }
}

const vsize = new Int32Array(1);

async function readVLong(input: ByteInput, name: string): Promise<number> {
  if (!(await input.ensure(1))) throw truncated(name);
  const first = (input.buf[input.p] << 24) >> 24;
  const size = first >= -112 ? 1 : first < -120 ? -119 - first : -111 - first;
  if (!(await input.ensure(size))) throw truncated(name);
  const v = decodeVLong(input.buf, input.p, vsize);
  input.p += vsize[0];
  return v;
}

async function readString(input: ByteInput, name: string): Promise<string> {
  const n = await readVLong(input, name);
  if (n < 0 || !(await input.ensure(n))) throw truncated(name);
  const s = input.buf.toString('utf8', input.p, input.p + n);
  input.p += n;
  return s;
}

async function readHeader(input: ByteInput, name: string): Promise<SequenceFileHeader> {
  if (!(await input.ensure(4)) || !isSequenceFile(input.buf.subarray(input.p))) {
    throw new HadoopError('IO_NOT_SEQUENCEFILE', `${name} is not a SequenceFile`);
  }
  const version = input.buf[input.p + 3];
  input.p += 4;
  if (version !== SEQ_VERSION) {
    throw new HadoopError(
      'IO_NOT_SEQUENCEFILE',
      `${name} is a version ${version} SequenceFile; only version ${SEQ_VERSION} (Hadoop 0.20 and later) can be read`,
    );
  }
  const keyClassName = await readString(input, name);
  const valueClassName = await readString(input, name);
  if (!(await input.ensure(2))) throw truncated(name);
  const compressed = input.buf[input.p++] !== 0;
  const blockCompressed = input.buf[input.p++] !== 0;
  const codecName = compressed ? await readString(input, name) : null;
  if (compressed) {
    throw new HadoopError(
      'IO_SEQUENCEFILE_COMPRESSED',
      `${name} is a ${blockCompressed ? 'block' : 'record'}-compressed SequenceFile (codec ${codecName}); only uncompressed SequenceFiles can be read`,
    );
  }
  if (!(await input.ensure(4))) throw truncated(name);
  const count = input.buf.readInt32BE(input.p);
  input.p += 4;
  if (count < 0) throw corrupt(name, `negative metadata count ${count}`);
  const metadata: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) metadata.push([await readString(input, name), await readString(input, name)]);
  if (!(await input.ensure(SYNC_HASH_SIZE))) throw truncated(name);
  const sync = Buffer.from(input.buf.subarray(input.p, input.p + SYNC_HASH_SIZE));
  input.p += SYNC_HASH_SIZE;
  return {
    version,
    keyClassName,
    valueClassName,
    compressed,
    blockCompressed,
    codecName,
    metadata,
    sync,
    length: input.position(),
  };
}

function truncated(name: string): HadoopError {
  return new HadoopError('IO_EOF', `${name}: SequenceFile ends in the middle of its header or a record`);
}

function corrupt(name: string, what: string): HadoopError {
  return new HadoopError('IO_CORRUPT', `${name}: corrupt SequenceFile: ${what}`);
}

export interface ReadRange {
  /** Read the records after the first sync mark at or after start (all records when 0). */
  start?: number;
  /** Stop at the first sync mark at or after end. */
  end?: number;
}

/**
 * Streams the records of a SequenceFile, or of a byte range of one the way
 * SequenceFileRecordReader does: a range starting past 0 begins at the first sync mark at or
 * after its start, and a range stops at the first sync mark at or after its end. Ranges that
 * tile a file therefore read every record exactly once.
 */
export class SequenceFileReader<K extends Writable = Writable, V extends Writable = Writable> {
  readonly keyClass: WritableClass<K>;
  readonly valueClass: WritableClass<V>;
  private readonly keySer: WritableSerializer<K>;
  private readonly valueSer: WritableSerializer<V>;
  private readonly din = new DataInputBuffer();
  private done = false;
  /** Set after a sync search: the first record's position is the sync mark's. */
  private pendingSyncPos = -1;
  private recordBuf: Buffer = EMPTY;
  private keyStart = 0;
  private keyEnd = 0;
  private valueEnd = 0;
  private key: K | null = null;
  private value: V | null = null;
  private lastPos = 0;

  private constructor(
    readonly name: string,
    readonly header: SequenceFileHeader,
    private input: ByteInput,
    conf: Configuration,
    readonly start: number,
    readonly end: number,
  ) {
    this.keyClass = writableClassForName(header.keyClassName, conf) as WritableClass<K>;
    this.valueClass = writableClassForName(header.valueClassName, conf) as WritableClass<V>;
    this.keySer = writableSerializer(this.keyClass);
    this.valueSer = writableSerializer(this.valueClass);
    this.lastPos = input.position();
  }

  /** Reads a whole SequenceFile from a stream positioned at its first byte. */
  static async fromStream<K extends Writable = Writable, V extends Writable = Writable>(
    stream: Readable | AsyncIterable<Buffer>,
    conf: Configuration,
    name = 'stream',
  ): Promise<SequenceFileReader<K, V>> {
    const input = new ByteInput(iteratorOf(stream), 0);
    try {
      const header = await readHeader(input, name);
      return new SequenceFileReader<K, V>(name, header, input, conf, 0, Infinity);
    } catch (e) {
      await input.close();
      throw e;
    }
  }

  /** Opens path on fs, optionally for a byte range (a split). */
  static async open<K extends Writable = Writable, V extends Writable = Writable>(
    fs: FileSystem,
    path: Path | string,
    conf: Configuration,
    range: ReadRange = {},
  ): Promise<SequenceFileReader<K, V>> {
    const name = path.toString();
    const start = range.start ?? 0;
    const end = range.end ?? Infinity;
    let input = new ByteInput(iteratorOf(await fs.open(path)), 0);
    let reader: SequenceFileReader<K, V>;
    try {
      const header = await readHeader(input, name);
      reader = new SequenceFileReader<K, V>(name, header, input, conf, start, end);
    } catch (e) {
      await input.close();
      throw e;
    }
    if (start > 0) {
      // a sync mark's escape can be no earlier than the first record
      const from = Math.max(start, reader.header.length);
      if (from > input.position() + input.available()) {
        await input.close();
        input = new ByteInput(iteratorOf(await fs.open(path, { start: from })), from);
        reader.input = input;
      } else {
        input.p += from - input.position();
      }
      await reader.seekToSync();
    }
    return reader;
  }

  /** Position of the next record (or of the sync mark before it). */
  getPosition(): number {
    return this.pendingSyncPos >= 0 ? this.pendingSyncPos : this.input.position();
  }

  /** Fraction of the range read. */
  getProgress(): number {
    if (this.done) return 1;
    if (this.end === Infinity || this.end <= this.start) return 0;
    return Math.min(1, Math.max(0, (this.lastPos - this.start) / (this.end - this.start)));
  }

  /** Moves to the next record without decoding it; false past the range or at end of file. */
  async nextRaw(): Promise<boolean> {
    if (this.done) return false;
    const input = this.input;
    let syncSeen = this.pendingSyncPos >= 0;
    const pos = syncSeen ? this.pendingSyncPos : input.position();
    this.pendingSyncPos = -1;
    this.lastPos = pos;
    if (!(await input.ensure(4))) return this.finish(input.available() > 0);
    let length = input.buf.readInt32BE(input.p);
    input.p += 4;
    if (length === SYNC_ESCAPE) {
      if (!(await input.ensure(SYNC_HASH_SIZE))) throw truncated(this.name);
      if (input.buf.compare(this.header.sync, 0, SYNC_HASH_SIZE, input.p, input.p + SYNC_HASH_SIZE) !== 0) {
        throw corrupt(this.name, `sync check failure at ${pos}`);
      }
      input.p += SYNC_HASH_SIZE;
      syncSeen = true;
      if (!(await input.ensure(4))) return this.finish(input.available() > 0);
      length = input.buf.readInt32BE(input.p);
      input.p += 4;
    }
    if (syncSeen && pos >= this.end) return this.finish(false);
    if (length < 0) throw corrupt(this.name, `negative record length ${length} at ${pos}`);
    if (!(await input.ensure(4 + length))) throw truncated(this.name);
    const buf = input.buf;
    const keyLength = buf.readInt32BE(input.p);
    if (keyLength < 0 || keyLength > length) throw corrupt(this.name, `bad key length ${keyLength} at ${pos}`);
    this.recordBuf = buf;
    this.keyStart = input.p + 4;
    this.keyEnd = this.keyStart + keyLength;
    this.valueEnd = this.keyStart + length;
    input.p = this.valueEnd;
    return true;
  }

  /** The current record's key bytes, valid until the next call. */
  rawKey(): Buffer {
    return this.recordBuf.subarray(this.keyStart, this.keyEnd);
  }

  rawValue(): Buffer {
    return this.recordBuf.subarray(this.keyEnd, this.valueEnd);
  }

  /** Moves to and decodes the next record; each record is a new key and value object. */
  async next(): Promise<boolean> {
    if (!(await this.nextRaw())) {
      this.key = null;
      this.value = null;
      return false;
    }
    this.key = this.keySer.read(this.din.reset(this.recordBuf, this.keyStart, this.keyEnd));
    this.value = this.valueSer.read(this.din.reset(this.recordBuf, this.keyEnd, this.valueEnd));
    return true;
  }

  getCurrentKey(): K {
    if (this.key === null) throw new HadoopError('MR_NO_RECORD', 'No current record: call next first');
    return this.key;
  }

  getCurrentValue(): V {
    if (this.value === null) throw new HadoopError('MR_NO_RECORD', 'No current record: call next first');
    return this.value;
  }

  async close(): Promise<void> {
    this.done = true;
    await this.input.close();
  }

  private finish(partial: boolean): false {
    if (partial) throw truncated(this.name);
    this.done = true;
    return false;
  }

  /**
   * SequenceFile.Reader.sync: finds the first sync hash that starts at least 4 bytes after the
   * input's position (room for its escape) and stops after it.
   */
  private async seekToSync(): Promise<void> {
    const input = this.input;
    const sync = this.header.sync;
    // where the search starts, relative to input.p (ensure() may move the buffer under us)
    let rel = 4;
    for (;;) {
      if (!(await input.ensure(rel + SYNC_HASH_SIZE))) {
        this.done = true;
        return;
      }
      const buf = input.buf;
      const from = input.p + rel;
      const i = buf.indexOf(sync, from);
      if (i >= 0) {
        if (buf.readInt32BE(i - 4) === SYNC_ESCAPE) {
          this.pendingSyncPos = input.position() + (i - 4 - input.p);
          input.p = i + SYNC_HASH_SIZE;
          return;
        }
        rel = i + 1 - input.p; // the same bytes inside a record: look further
        continue;
      }
      // keep the bytes a hash could still start in, and the 4 before them for its escape
      const keep = Math.max(from, buf.length - (SYNC_HASH_SIZE - 1));
      input.p = keep - 4;
      rel = 4;
    }
  }
}

function iteratorOf(stream: Readable | AsyncIterable<Buffer>): AsyncIterator<Buffer> {
  return (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
}

/**
 * The records of a SequenceFile as `key<TAB>value\n` lines, each side printed with toString():
 * what `hadoop fs -text` shows.
 */
export async function* decodeSequenceFileToText(
  stream: Readable | AsyncIterable<Buffer>,
  conf: Configuration = new Configuration(),
): AsyncIterable<string> {
  const reader = await SequenceFileReader.fromStream(stream, conf);
  try {
    while (await reader.next()) yield `${reader.getCurrentKey()}\t${reader.getCurrentValue()}\n`;
  } finally {
    await reader.close();
  }
}
