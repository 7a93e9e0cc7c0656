import { FileSystem, Path } from '../../../common/fs';
import { HadoopError } from '../../../common/errors';
import { SequenceFileReader, SYNC_INTERVAL } from '../../../common/io/sequence-file';
import type { Writable } from '../../../common/io/writable';
import type { JobContext, TaskAttemptContext } from '../../api/context';
import { FileInputFormat } from './file-input-format';
import { FileSplit } from './file-split';
import { Counter, FileInputFormatCounter } from '../../api/counters';
import { InputSplit, RecordReader } from '../../api/input-format';

/**
 * SequenceFileRecordReader: the records after the first sync mark at or after the split's start
 * (from the first record for a split at 0), up to the first sync mark at or after its end.
 */
export class SequenceFileRecordReader<K extends Writable = Writable, V extends Writable = Writable> extends RecordReader<K, V> {
  private reader: SequenceFileReader<K, V> | null = null;
  private more = true;
  private bytesRead: Counter | null = null;
  private counted = 0;
  private start = 0;

  async initialize(genericSplit: InputSplit, context: TaskAttemptContext): Promise<void> {
    const split = genericSplit as FileSplit;
    const conf = context.getConfiguration();
    const fs = FileSystem.get(conf, split.getPath());
    this.start = split.getStart();
    this.reader = await SequenceFileReader.open<K, V>(fs, split.getPath(), conf, {
      start: split.getStart(),
      end: split.getStart() + split.getLength(),
    });
    this.bytesRead = context.getCounter(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ);
  }

  async nextKeyValue(): Promise<boolean> {
    const reader = this.reader;
    if (!this.more || reader === null) return false;
    this.more = await reader.next();
    this.count();
    return this.more;
  }

  getCurrentKey(): K {
    return this.current().getCurrentKey();
  }

  getCurrentValue(): V {
    return this.current().getCurrentValue();
  }

  getProgress(): number {
    return this.reader === null ? 1 : this.reader.getProgress();
  }

  async close(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    if (reader) await reader.close();
  }

  /** BYTES_READ: from the split's start (the header when at 0) to the reader's position. */
  private count(): void {
    if (this.reader === null || this.bytesRead === null) return;
    const total = Math.max(0, this.reader.getPosition() - this.start);
    if (total > this.counted) {
      this.bytesRead.increment(total - this.counted);
      this.counted = total;
    }
  }

  private current(): SequenceFileReader<K, V> {
    if (this.reader === null) throw new HadoopError('MR_NO_RECORD', 'No current record: the reader is closed');
    return this.reader;
  }
}

/** Input from SequenceFiles; splits are at least SYNC_INTERVAL bytes, like Hadoop's. */
export class SequenceFileInputFormat<K extends Writable = Writable, V extends Writable = Writable> extends FileInputFormat<K, V> {
  createRecordReader(_split: InputSplit, _context: TaskAttemptContext): RecordReader<K, V> {
    return new SequenceFileRecordReader<K, V>();
  }

  protected override getFormatMinSplitSize(): number {
    return SYNC_INTERVAL;
  }

  /** A SequenceFile is splittable at its sync marks whatever its name. */
  protected override isSplitable(_context: JobContext, _file: Path): boolean {
    return true;
  }
}
