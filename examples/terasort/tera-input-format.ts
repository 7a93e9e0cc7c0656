import { FileSystem } from '../../common/fs/index';
import { BytesWritable } from '../../common/io/writables';
import type { TaskAttemptContext } from '../../mapreduce/api/context';
import { InputSplit, RecordReader } from '../../mapreduce/api/input-format';
import { FileInputFormat } from '../../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../../mapreduce/lib/input/file-split';
import { KEY_LENGTH, RECORD_LENGTH } from './tera-record';

/**
 * Fixed 100-byte records: a split owns the records that start inside it. Key and value are
 * views into the read buffer (valid until the next record), so reading allocates nothing per record.
 */
export class TeraInputFormat extends FileInputFormat<BytesWritable, BytesWritable> {
  createRecordReader(): RecordReader<BytesWritable, BytesWritable> {
    return new TeraRecordReader();
  }
}

export class TeraRecordReader extends RecordReader<BytesWritable, BytesWritable> {
  private readonly key = new BytesWritable();
  private readonly value = new BytesWritable();
  private iterator: AsyncIterator<Buffer> | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private carry = Buffer.alloc(RECORD_LENGTH);
  private remaining = 0;
  private total = 0;

  async initialize(split: InputSplit, context: TaskAttemptContext): Promise<void> {
    const s = split as FileSplit;
    const first = Math.ceil(s.start / RECORD_LENGTH) * RECORD_LENGTH;
    const end = Math.ceil((s.start + s.length) / RECORD_LENGTH) * RECORD_LENGTH;
    const fs = FileSystem.get(context.getConfiguration(), s.path);
    const size = (await fs.getFileStatus(s.path)).length;
    const stop = Math.min(end, size - (size % RECORD_LENGTH));
    this.remaining = Math.max(0, (stop - first) / RECORD_LENGTH);
    this.total = this.remaining;
    if (this.remaining > 0) {
      const stream = await fs.open(s.path, { start: first, end: stop });
      this.iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    }
  }

  async nextKeyValue(): Promise<boolean> {
    if (this.remaining === 0) return false;
    let rec: Buffer;
    let at: number;
    if (this.buf.length - this.pos >= RECORD_LENGTH) {
      rec = this.buf;
      at = this.pos;
      this.pos += RECORD_LENGTH;
    } else {
      // the record straddles two reads: gather it in the carry buffer
      let have = this.buf.length - this.pos;
      this.buf.copy(this.carry, 0, this.pos);
      while (have < RECORD_LENGTH) {
        const next = await this.iterator!.next();
        if (next.done) throw new Error('Unexpected end of TeraSort input');
        this.buf = next.value;
        const take = Math.min(RECORD_LENGTH - have, this.buf.length);
        this.buf.copy(this.carry, have, 0, take);
        have += take;
        this.pos = take;
      }
      rec = this.carry;
      at = 0;
    }
    this.key.setRef(rec.subarray(at, at + KEY_LENGTH));
    this.value.setRef(rec.subarray(at + KEY_LENGTH, at + RECORD_LENGTH));
    this.remaining--;
    return true;
  }

  getCurrentKey(): BytesWritable {
    return this.key;
  }
  getCurrentValue(): BytesWritable {
    return this.value;
  }
  getProgress(): number {
    return this.total === 0 ? 1 : 1 - this.remaining / this.total;
  }
  async close(): Promise<void> {
    await this.iterator?.return?.();
  }
}
