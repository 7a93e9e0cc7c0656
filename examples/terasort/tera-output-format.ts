import { Writable as Stream } from 'node:stream';
import { FileSystem } from '../../common/fs/index';
import { closeStream } from '../../common/fs/filesystem';
import type { BytesWritable } from '../../common/io/writables';
import type { TaskAttemptContext } from '../../mapreduce/api/context';
import { FileOutputFormatCounter } from '../../mapreduce/api/counters';
import { RecordWriter } from '../../mapreduce/api/output-format';
import { FileOutputFormat } from '../../mapreduce/lib/output/file-output-format';
import { copyBytes } from '../../common/io/bytes';

const CHUNK = 1 << 20;

/** Writes key bytes then value bytes, nothing between records: TeraGen's and TeraSort's output. */
export class TeraOutputFormat extends FileOutputFormat<BytesWritable, BytesWritable> {
  async getRecordWriter(context: TaskAttemptContext): Promise<RecordWriter<BytesWritable, BytesWritable>> {
    const file = this.getDefaultWorkFile(context, '');
    const fs = FileSystem.get(context.getConfiguration(), file);
    return new TeraRecordWriter(await fs.create(file, { overwrite: false }), context);
  }
}

class TeraRecordWriter extends RecordWriter<BytesWritable, BytesWritable> {
  private buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  private written = 0;

  constructor(
    private readonly out: Stream,
    private readonly context: TaskAttemptContext,
  ) {
    super();
  }

  write(key: BytesWritable, value: BytesWritable): void | Promise<void> {
    const k = key.getBytes();
    const v = value.getBytes();
    if (this.pos + k.length + v.length > this.buf.length) {
      const r = this.flush();
      if (k.length + v.length > this.buf.length) this.buf = Buffer.allocUnsafe(k.length + v.length);
      copyBytes(k, 0, k.length, this.buf, 0);
      copyBytes(v, 0, v.length, this.buf, k.length);
      this.pos = k.length + v.length;
      return r;
    }
    copyBytes(k, 0, k.length, this.buf, this.pos);
    copyBytes(v, 0, v.length, this.buf, this.pos + k.length);
    this.pos += k.length + v.length;
  }

  private flush(): Promise<void> | void {
    if (this.pos === 0) return;
    const chunk = this.buf.subarray(0, this.pos);
    this.written += chunk.length;
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.pos = 0;
    if (!this.out.write(chunk)) return new Promise((resolve) => this.out.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    const r = this.flush();
    if (r) await r;
    await closeStream(this.out);
    this.context.getCounter(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN).increment(this.written);
  }
}
