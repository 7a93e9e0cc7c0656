import type { Configuration } from '../../../common/conf/configuration';
import { HadoopError } from '../../../common/errors';
import { FileStatus, FileSystem } from '../../../common/fs';
import { codecForPath } from '../../../common/io/codec';
import { LongWritable, Text } from '../../../common/io/writables';
import type { JobContext, TaskAttemptContext } from '../../api/context';
import type { InputSplit, RecordReader } from '../../api/input-format';
import { FileInputFormat } from './file-input-format';
import { FileSplit } from './file-split';
import { LineReader } from './line-reader';
import { LineRecordReader } from './line-record-reader';
import { hadoopPath, HasConfiguration } from './path-strings';

export const LINES_PER_MAP = 'mapred.line.input.format.linespermap';

/**
 * N lines of input per split (`mapred.line.input.format.linespermap`, default 1), for jobs whose
 * every line is a task's worth of work. Splits are found by reading the files at submission.
 *
 * A split of lines [b, b+len) is stored as (b-1, len), or (0, len-1) for the first: with
 * LineRecordReader's rule (skip the first line unless at 0, read while position <= end) that
 * reads exactly its N lines. (Hadoop does the same; it reads a one-byte first line twice, which
 * we avoid by giving that line to the second split.)
 */
export class NLineInputFormat extends FileInputFormat<LongWritable, Text> {
  static setNumLinesPerSplit(job: HasConfiguration, n: number): void {
    job.getConfiguration().set(LINES_PER_MAP, n);
  }

  static getNumLinesPerSplit(job: HasConfiguration): number {
    return job.getConfiguration().getInt(LINES_PER_MAP, 1);
  }

  createRecordReader(_split: InputSplit, _context: TaskAttemptContext): RecordReader<LongWritable, Text> {
    return new LineRecordReader();
  }

  override async getSplits(job: JobContext): Promise<InputSplit[]> {
    const n = NLineInputFormat.getNumLinesPerSplit(job);
    if (n < 1) throw new HadoopError('CONF_BAD_VALUE', `Invalid value for ${LINES_PER_MAP}: '${n}' must be at least 1`);
    const splits: FileSplit[] = [];
    for (const file of await this.listStatus(job)) {
      splits.push(...(await NLineInputFormat.getSplitsForFile(file, job.getConfiguration(), n)));
    }
    return splits;
  }

  static async getSplitsForFile(file: FileStatus, conf: Configuration, linesPerSplit: number): Promise<FileSplit[]> {
    const path = hadoopPath(file.path);
    if (codecForPath(path)) {
      throw new HadoopError('MR_BAD_INPUT', `${path}: NLineInputFormat cannot split compressed input; decompress it first`);
    }
    const splits: FileSplit[] = [];
    const add = (begin: number, length: number): void => {
      if (begin === 0) splits.push(new FileSplit(path, 0, length - 1, []));
      else if (begin === 1) {
        // the first group was one empty line ("\n"): a split cannot start its lines at offset 1
        // (start 0 never skips), so that line joins this group rather than be read twice
        splits[splits.length - 1] = new FileSplit(path, 0, length, []);
      } else splits.push(new FileSplit(path, begin - 1, length, []));
    };
    const reader = new LineReader(await FileSystem.get(conf, file.path).open(file.path));
    try {
      let lines = 0;
      let begin = 0;
      let length = 0;
      for (;;) {
        let n = reader.readLineSync();
        if (n < 0) n = await reader.readLine(0);
        if (n === 0) break;
        lines++;
        length += n;
        if (lines === linesPerSplit) {
          add(begin, length);
          begin += length;
          length = 0;
          lines = 0;
        }
      }
      if (lines !== 0) add(begin, length);
    } finally {
      await reader.close();
    }
    return splits;
  }
}
