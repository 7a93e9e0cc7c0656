import { FileSystem } from '../../../common/fs';
import { SequenceFileWriter } from '../../../common/io/sequence-file';
import type { Writable } from '../../../common/io/writable';
import { getLog } from '../../../common/log';
import type { TaskAttemptContext } from '../../api/context';
import { FileOutputFormatCounter } from '../../api/counters';
import { JobConf } from '../../api/job-conf';
import { RecordWriter } from '../../api/output-format';
import { FileOutputFormat } from './file-output-format';

const LOG = getLog('output.SequenceFileOutputFormat');

class SequenceFileRecordWriter<K extends Writable, V extends Writable> extends RecordWriter<K, V> {
  constructor(private readonly writer: SequenceFileWriter<K, V>) {
    super();
  }
  write(key: K, value: V): void | Promise<void> {
    return this.writer.append(key, value);
  }
  close(): Promise<void> {
    return this.writer.close();
  }
}

/**
 * Output as uncompressed SequenceFiles of the job's output key and value classes
 * (mapred.output.key.class / mapred.output.value.class, by default LongWritable and Text); a
 * record of another class fails the task with Hadoop's "wrong key class" error.
 */
export class SequenceFileOutputFormat<K extends Writable = Writable, V extends Writable = Writable> extends FileOutputFormat<K, V> {
  async getRecordWriter(context: TaskAttemptContext): Promise<RecordWriter<K, V>> {
    const conf = context.getConfiguration();
    if (FileOutputFormat.getCompressOutput(context)) {
      LOG.warn('Compressed SequenceFiles are not supported; writing the output uncompressed');
    }
    const counter = context.getCounter(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN);
    const file = this.getDefaultWorkFile(context, '');
    const writer = await SequenceFileWriter.create<K, V>(FileSystem.get(conf, file), file, {
      keyClass: JobConf.outputKeyClass(conf) as new () => K,
      valueClass: JobConf.outputValueClass(conf) as new () => V,
      conf,
      onFlush: (n) => counter.increment(n),
    });
    return new SequenceFileRecordWriter(writer);
  }
}
