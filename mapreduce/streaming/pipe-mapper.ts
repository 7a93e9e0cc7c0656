import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import type { Text } from '../../common/io/writables';
import type { MapContext, TaskAttemptContext } from '../api/context';
import { JobKeys } from '../api/job-keys';
import { Mapper } from '../api/mapper';
import { FileSplit } from '../lib/input/file-split';
import { FileOutputFormat } from '../lib/output/file-output-format';
import type { LineSink } from './pipe-process';
import { StreamCommand } from './stream-command';
import { StreamConf, StreamKeys } from './stream-conf';
import { releaseWorkDir } from './task-workdir';
import { formatRecord, LineSplitter } from './text-io';

/**
 * Hadoop's PipeMapper: each input record goes to the map command's stdin as a line (`value`
 * for TextInputFormat, `key\tvalue` otherwise), each line of its stdout becomes a Text/Text
 * map output record.
 */
export class PipeMapper extends Mapper<unknown, unknown, Text, Text> {
  private command: StreamCommand | null = null;
  private sink: LineSink = () => undefined;
  private separator = '\t';
  private ignoreKey = false;

  override async setup(context: MapContext<Text, Text>): Promise<void> {
    const conf = context.getConfiguration();
    const split = context.getInputSplit();
    if (split instanceof FileSplit) {
      conf.set('map.input.file', split.getPath().toString());
      conf.set('map.input.start', split.getStart());
      conf.set('map.input.length', split.getLength());
    }
    setWorkOutputDir(conf, context);
    const cmd = StreamConf.mapCommand(conf);
    if (cmd === null) throw new HadoopError('STREAM_NO_COMMAND', `PipeMapper needs a command in ${StreamKeys.MAP_PROCESSOR}`);
    this.separator = StreamConf.separator(conf, StreamKeys.MAP_INPUT_SEPARATOR);
    this.ignoreKey = StreamConf.ignoreMapInputKey(conf);
    const out = new LineSplitter(
      StreamConf.separator(conf, StreamKeys.MAP_OUTPUT_SEPARATOR),
      StreamConf.keyFields(conf, StreamKeys.MAP_OUTPUT_KEY_FIELDS),
    );
    this.sink = (line) => {
      out.split(line);
      return context.write(out.key, out.value);
    };
    this.command = await StreamCommand.start(context, cmd);
  }

  override map(key: unknown, value: unknown, context: MapContext<Text, Text>): void | Promise<void> {
    try {
      const r = this.command!.write(formatRecord(key, value, this.separator, this.ignoreKey), this.sink);
      if (r) return r.catch((e: unknown) => this.fail(context, e));
    } catch (e) {
      return this.fail(context, e);
    }
  }

  override async cleanup(context: MapContext<Text, Text>): Promise<void> {
    try {
      await this.command!.close(this.sink);
    } catch (e) {
      return this.fail(context, e);
    }
    // a streaming combiner still runs in this directory after the mapper is done
    if (StreamConf.combineCommand(context.getConfiguration()) === null) await releaseWorkDir(context.getTaskAttemptID());
  }

  private async fail(context: TaskAttemptContext, e: unknown): Promise<never> {
    this.command?.abort();
    await releaseWorkDir(context.getTaskAttemptID());
    throw e;
  }
}

/** mapred.work.output.dir: where a task's side files go (its directory under _temporary). */
export function setWorkOutputDir(conf: Configuration, context: TaskAttemptContext): void {
  if (conf.get(JobKeys.OUTPUT_DIR)) conf.set(JobKeys.WORK_OUTPUT_DIR, FileOutputFormat.getWorkOutputPath(context).toString());
}
