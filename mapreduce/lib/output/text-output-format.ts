import type { Writable as WritableStream } from 'node:stream';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { FileSystem } from '../../../common/fs';
import { NullWritable } from '../../../common/io/writables';
import type { TaskAttemptContext } from '../../api/context';
import { Counter, FileOutputFormatCounter } from '../../api/counters';
import { RecordWriter } from '../../api/output-format';
import { FileOutputFormat } from './file-output-format';

export const SEPARATOR = 'mapred.textoutputformat.separator';

/** Characters gathered before one write to the stream (string concatenation is the fast path). */
const FLUSH_CHARS = 1 << 16;

function isNull(o: unknown): boolean {
  return o === null || o === undefined || o instanceof NullWritable;
}

/**
 * Writes `key SEP value\n` lines with each side's toString(). A null or NullWritable key writes
 * only the value, a null value only the key (no separator), both null nothing.
 *
 * Lines are gathered into large chunks; write() returns a promise only when the stream below
 * asks the writer to wait. close() resolves once the file is complete.
 */
export class LineRecordWriter<K = unknown, V = unknown> extends RecordWriter<K, V> {
  private pending = '';
  private error: Error | null = null;
  private closed = false;

  /**
   * @param out where lines go (the file, or a compressor in front of it)
   * @param done settles when the file is written and closed, after out.end()
   * @param bytesWritten counts the bytes handed to out (BYTES_WRITTEN when out is the file)
   */
  constructor(
    private readonly out: WritableStream,
    private readonly separator: string,
    private readonly done: () => Promise<void>,
    private readonly bytesWritten: Counter | null = null,
  ) {
    super();
    out.on('error', (e: Error) => {
      this.error ??= e;
    });
  }

  write(key: K, value: V): void | Promise<void> {
    const nullKey = isNull(key);
    const nullValue = isNull(value);
    if (nullKey && nullValue) return;
    if (this.error) throw this.error;
    if (nullKey) this.pending += String(value) + '\n';
    else if (nullValue) this.pending += String(key) + '\n';
    else this.pending += String(key) + this.separator + String(value) + '\n';
    if (this.pending.length >= FLUSH_CHARS) return this.flush();
  }

  async close(_context?: TaskAttemptContext): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const wait = this.flush();
    if (wait) await wait;
    this.out.end();
    await this.done();
    if (this.error) throw this.error;
  }

  private flush(): void | Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    if (this.bytesWritten) this.bytesWritten.increment(chunk.length);
    if (!this.out.write(chunk)) return this.drain();
  }

  private async drain(): Promise<void> {
    await once(this.out, 'drain');
    if (this.error) throw this.error;
  }
}

/** Plain text output, the default output format; gzip'd when mapred.output.compress is set. */
export class TextOutputFormat<K = unknown, V = unknown> extends FileOutputFormat<K, V> {
  async getRecordWriter(context: TaskAttemptContext): Promise<RecordWriter<K, V>> {
    const conf = context.getConfiguration();
    const separator = conf.get(SEPARATOR, '\t');
    const counter = context.getCounter(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN);
    const codec = FileOutputFormat.getCompressOutput(context) ? FileOutputFormat.getOutputCompressor(context) : null;
    const file = this.getDefaultWorkFile(context, codec ? codec.defaultExtension : '');
    const fileOut = await FileSystem.get(conf, file).create(file, { overwrite: false });
    if (!codec) return new LineRecordWriter<K, V>(fileOut, separator, () => finished(fileOut), counter);
    const compressor = codec.createOutputStream();
    const piped = pipeline(compressor, fileOut);
    compressor.on('data', (chunk: Buffer) => counter.increment(chunk.length));
    // close() awaits this; until then the rejection must not go unhandled
    piped.catch(() => undefined);
    return new LineRecordWriter<K, V>(compressor, separator, () => piped);
  }
}

