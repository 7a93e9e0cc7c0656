import { Text } from '../../../common/io/writables';
import type { TaskAttemptContext } from '../../api/context';
import { InputSplit, RecordReader } from '../../api/input-format';
import { FileInputFormat } from './file-input-format';
import { LineRecordReader } from './line-record-reader';

export const KEY_VALUE_SEPARATOR = 'key.value.separator.in.input.line';

/**
 * Lines split at the first separator character (`key.value.separator.in.input.line`, tab by
 * default; like Hadoop only its first character counts) into a Text key and a Text value. A line
 * without the separator is all key, with an empty value.
 */
export class KeyValueLineRecordReader extends RecordReader<Text, Text> {
  private readonly lines = new LineRecordReader();
  private separator = '\t';
  private key: Text | null = null;
  private value: Text | null = null;

  async initialize(split: InputSplit, context: TaskAttemptContext): Promise<void> {
    const sep = context.getConfiguration().get(KEY_VALUE_SEPARATOR, '\t');
    this.separator = sep.length > 0 ? sep[0] : '\t';
    await this.lines.initialize(split, context);
  }

  async nextKeyValue(): Promise<boolean> {
    if (!(await this.lines.nextKeyValue())) {
      this.key = null;
      this.value = null;
      return false;
    }
    const line = this.lines.getCurrentValue().toString();
    const i = line.indexOf(this.separator);
    if (i < 0) {
      this.key = new Text(line);
      this.value = new Text('');
    } else {
      this.key = new Text(line.slice(0, i));
      this.value = new Text(line.slice(i + this.separator.length));
    }
    return true;
  }

  getCurrentKey(): Text {
    return this.key ?? this.lines.getCurrentValue();
  }

  getCurrentValue(): Text {
    return this.value ?? this.lines.getCurrentValue();
  }

  getProgress(): number {
    return this.lines.getProgress();
  }

  close(): Promise<void> {
    return this.lines.close();
  }
}

export class KeyValueTextInputFormat extends FileInputFormat<Text, Text> {
  createRecordReader(_split: InputSplit, _context: TaskAttemptContext): RecordReader<Text, Text> {
    return new KeyValueLineRecordReader();
  }
}
