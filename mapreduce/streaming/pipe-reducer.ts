import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import type { Text } from '../../common/io/writables';
import type { ReduceContext } from '../api/context';
import { Reducer } from '../api/reducer';
import { setWorkOutputDir } from './pipe-mapper';
import type { LineSink } from './pipe-process';
import { StreamCommand } from './stream-command';
import { StreamConf, StreamKeys } from './stream-conf';
import { releaseWorkDir } from './task-workdir';
import { LineSplitter } from './text-io';

/**
 * Hadoop's PipeReducer: one command per reduce task; it reads the sorted records as
 * `key\tvalue` lines, one per record (a group is the run of lines with equal keys), and each
 * line of its stdout becomes a Text/Text output record.
 */
export class PipeReducer extends Reducer<Text, Text, Text, Text> {
  protected command: StreamCommand | null = null;
  protected sink: LineSink = () => undefined;
  protected separator = '\t';

  /** The command this class runs: stream.reduce.streamprocessor. */
  protected commandOf(conf: Configuration): string {
    const cmd = StreamConf.reduceCommand(conf);
    if (cmd === null) throw new HadoopError('STREAM_NO_COMMAND', `PipeReducer needs a command in ${StreamKeys.REDUCE_PROCESSOR}`);
    return cmd;
  }

  /** Reads the separators and prepares the output sink; returns the command to run. */
  protected configure(context: ReduceContext<Text, Text>): string {
    const conf = context.getConfiguration();
    this.separator = StreamConf.separator(conf, StreamKeys.REDUCE_INPUT_SEPARATOR);
    const out = new LineSplitter(
      StreamConf.separator(conf, StreamKeys.REDUCE_OUTPUT_SEPARATOR),
      StreamConf.keyFields(conf, StreamKeys.REDUCE_OUTPUT_KEY_FIELDS),
    );
    this.sink = (line) => {
      out.split(line);
      return context.write(out.key, out.value);
    };
    return this.commandOf(conf);
  }

  override async setup(context: ReduceContext<Text, Text>): Promise<void> {
    setWorkOutputDir(context.getConfiguration(), context);
    const cmd = this.configure(context);
    this.command = await StreamCommand.start(context, cmd);
  }

  override async reduce(key: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    try {
      await this.feed(this.command!, key, values);
    } catch (e) {
      await this.fail(context, e);
    }
  }

  override async cleanup(context: ReduceContext<Text, Text>): Promise<void> {
    try {
      await this.command!.close(this.sink);
    } catch (e) {
      await this.fail(context, e);
    }
    await releaseWorkDir(context.getTaskAttemptID());
  }

  /** Writes one group's records to the command. */
  protected async feed(command: StreamCommand, key: Text, values: AsyncIterable<Text>): Promise<void> {
    const prefix = key.toString() + this.separator;
    for await (const v of values) {
      const r = command.write(prefix + v.toString() + '\n', this.sink);
      if (r) await r;
    }
  }

  protected async fail(context: ReduceContext<Text, Text>, e: unknown): Promise<never> {
    this.command?.abort();
    await releaseWorkDir(context.getTaskAttemptID());
    throw e;
  }
}
