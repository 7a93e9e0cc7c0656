import { LongWritable, Text } from '../../../common/io/writables';
import type { TaskAttemptContext } from '../../api/context';
import type { InputSplit, RecordReader } from '../../api/input-format';
import { FileInputFormat } from './file-input-format';
import { LineRecordReader } from './line-record-reader';

/** Plain text: one record per line, keyed by the line's byte offset. The default input format. */
export class TextInputFormat extends FileInputFormat<LongWritable, Text> {
  createRecordReader(_split: InputSplit, _context: TaskAttemptContext): RecordReader<LongWritable, Text> {
    return new LineRecordReader();
  }
}
