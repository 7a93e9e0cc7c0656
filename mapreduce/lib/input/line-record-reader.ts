import type { Readable } from 'node:stream';
import { HadoopError } from '../../../common/errors';
import { FileSystem } from '../../../common/fs';
import { codecForPath } from '../../../common/io/codec';
import { LongWritable, Text } from '../../../common/io/writables';
import { getLog } from '../../../common/log';
import type { TaskAttemptContext } from '../../api/context';
import { Counter, FileInputFormatCounter } from '../../api/counters';
import { InputSplit, RecordReader } from '../../api/input-format';
import { FileSplit } from './file-split';
import { LineReader } from './line-reader';

export const MAX_LINE_LENGTH = 'mapred.linerecordreader.maxlength';

const LOG = getLog('input.LineRecordReader');

/**
 * Hadoop's LineRecordReader: key = byte offset of the line (LongWritable), value = the line
 * without its terminator (Text).
 *
 * Split rule: a split that does not start at 0 discards its first line (it belongs to the split
 * before), then reads lines while its position is <= end, so every split reads the one line that
 * straddles or starts exactly at its end. Together the splits of a file return each line exactly
 * once. A compressed file (.gz, .deflate) is one split read through its codec; its keys are
 * offsets in the uncompressed text.
 *
 * Each record is a new key and value object (Hadoop reuses one pair; keeping references to
 * records is common in JavaScript and costs nothing next to decoding the line).
 */
export class LineRecordReader extends RecordReader<LongWritable, Text> {
  private in: LineReader | null = null;
  private start = 0;
  private end = 0;
  private pos = 0;
  private maxLineLength = 0x7fffffff;
  private key: LongWritable | null = null;
  private value: Text | null = null;
  /** For a compressed file: its size and the compressed bytes read so far (for progress). */
  private compressedSize = -1;
  private compressedRead = 0;
  private bytesRead: Counter | null = null;
  /** The file stream under a decompressor, to stop when the reader is closed early. */
  private raw: Readable | null = null;
  private file = '';

  async initialize(genericSplit: InputSplit, context: TaskAttemptContext): Promise<void> {
    const split = genericSplit as FileSplit;
    const conf = context.getConfiguration();
    this.maxLineLength = conf.getInt(MAX_LINE_LENGTH, 0x7fffffff);
    const counter = context.getCounter(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ);
    this.start = split.getStart();
    this.end = this.start + split.getLength();
    const file = split.getPath();
    this.file = file.toString();
    const fs = FileSystem.get(conf, file);
    const codec = codecForPath(file);
    if (codec) {
      if (this.start !== 0) {
        throw new HadoopError('MR_BAD_SPLIT', `${split}: a compressed file can only be read from its start`);
      }
      const raw = await fs.open(file);
      const inflate = codec.createInputStream();
      raw.on('error', (e) => inflate.destroy(e));
      raw.on('data', (chunk: Buffer) => {
        this.compressedRead += chunk.length;
        counter.increment(chunk.length);
      });
      raw.pipe(inflate);
      this.raw = raw;
      this.compressedSize = split.getLength();
      this.end = Infinity;
      this.in = new LineReader(inflate as Readable);
    } else {
      this.bytesRead = counter;
      this.in = new LineReader(await fs.open(file, { start: this.start }));
      if (this.start !== 0) {
        const skipped = await this.in.readLine(0);
        counter.increment(skipped);
        this.start += skipped;
      }
    }
    this.pos = this.start;
  }

  async nextKeyValue(): Promise<boolean> {
    const input = this.in;
    if (input === null) return false;
    while (this.pos <= this.end) {
      const lineStart = this.pos;
      let n = input.readLineSync();
      if (n < 0) n = await this.readLine(input);
      if (n === 0) break;
      this.pos += n;
      if (this.bytesRead !== null) this.bytesRead.value += n;
      const length = input.getLineLength();
      if (length > this.maxLineLength) {
        LOG.info(`Skipped line of size ${length} at pos ${lineStart}`);
        continue;
      }
      this.key = new LongWritable(lineStart);
      this.value = new Text(input.lineText());
      return true;
    }
    this.key = null;
    this.value = null;
    return false;
  }

  private async readLine(input: LineReader): Promise<number> {
    try {
      return await input.readLine(this.maxLineLength);
    } catch (e) {
      // zlib's messages ("incorrect header check") do not say which file
      if (this.compressedSize < 0 || e instanceof HadoopError) throw e;
      throw new HadoopError('IO_CORRUPT', `${this.file}: cannot decompress: ${(e as Error).message}`, { cause: e });
    }
  }

  getCurrentKey(): LongWritable {
    if (this.key === null) throw new HadoopError('MR_NO_RECORD', 'No current record: call nextKeyValue first');
    return this.key;
  }

  getCurrentValue(): Text {
    if (this.value === null) throw new HadoopError('MR_NO_RECORD', 'No current record: call nextKeyValue first');
    return this.value;
  }

  getProgress(): number {
    if (this.compressedSize >= 0) return this.compressedSize === 0 ? 1 : Math.min(1, this.compressedRead / this.compressedSize);
    if (this.start >= this.end) return this.in === null ? 1 : 0;
    return Math.min(1, (this.pos - this.start) / (this.end - this.start));
  }

  async close(): Promise<void> {
    const input = this.in;
    this.in = null;
    if (this.raw) {
      this.raw.unpipe();
      this.raw.destroy();
      this.raw = null;
    }
    if (input) await input.close();
  }
}
