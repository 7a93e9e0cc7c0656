import { Text } from '../../common/io/writables';
import type { Writable } from '../../common/io/writable';
import type { TaskAttemptContext } from '../api/context';
import { InputSplit, RecordReader } from '../api/input-format';
import { SequenceFileInputFormat, SequenceFileRecordReader } from '../lib/input/sequence-file-input-format';

/** Hadoop's SequenceFileAsTextRecordReader: a SequenceFile's records with toString() of each side. */
export class SequenceFileAsTextRecordReader extends RecordReader<Text, Text> {
  private readonly reader = new SequenceFileRecordReader<Writable, Writable>();
  private readonly key = new Text();
  private readonly value = new Text();

  initialize(split: InputSplit, context: TaskAttemptContext): Promise<void> {
    return this.reader.initialize(split, context);
  }

  async nextKeyValue(): Promise<boolean> {
    if (!(await this.reader.nextKeyValue())) return false;
    this.key.set(String(this.reader.getCurrentKey()));
    this.value.set(String(this.reader.getCurrentValue()));
    return true;
  }

  getCurrentKey(): Text {
    return this.key;
  }

  getCurrentValue(): Text {
    return this.value;
  }

  getProgress(): number {
    return this.reader.getProgress();
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}

/** SequenceFile input with keys and values as Text (streaming's -inputformat SequenceFileAsTextInputFormat). */
export class SequenceFileAsTextInputFormat extends SequenceFileInputFormat<Writable, Writable> {
  override createRecordReader(_split: InputSplit, _context: TaskAttemptContext): RecordReader<Writable, Writable> {
    return new SequenceFileAsTextRecordReader() as unknown as RecordReader<Writable, Writable>;
  }
}
