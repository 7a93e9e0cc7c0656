import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import type { Text } from '../../common/io/writables';
import type { ReduceContext } from '../api/context';
import { PipeReducer } from './pipe-reducer';
import { StreamCommand } from './stream-command';
import { StreamConf, StreamKeys } from './stream-conf';
import { releaseWorkDir } from './task-workdir';

/**
 * Hadoop's PipeCombiner: the -combiner command, run over sorted map output the way the reduce
 * command is. When the engine brackets a combine pass with setup/cleanup, one command serves the
 * whole pass. Our engine calls a combiner's reduce once per key group without setup or cleanup,
 * so then each group gets a command of its own: correct (a combiner may run on any subset of a
 * key's values) but a process per key, which is why the job turns the map-side combine cache off.
 */
export class PipeCombiner extends PipeReducer {
  protected override commandOf(conf: Configuration): string {
    const cmd = StreamConf.combineCommand(conf);
    if (cmd === null) throw new HadoopError('STREAM_NO_COMMAND', `PipeCombiner needs a command in ${StreamKeys.COMBINE_PROCESSOR}`);
    return cmd;
  }

  override async setup(context: ReduceContext<Text, Text>): Promise<void> {
    this.command = await StreamCommand.start(context, this.configure(context));
  }

  override async reduce(key: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    if (this.command) return super.reduce(key, values, context);
    const command = await StreamCommand.start(context, this.configure(context));
    try {
      await this.feed(command, key, values);
      await command.close(this.sink);
    } catch (e) {
      command.abort();
      await releaseWorkDir(context.getTaskAttemptID());
      throw e;
    }
  }

  /** The working directory stays: the map command may still be running in it. */
  override async cleanup(_context: ReduceContext<Text, Text>): Promise<void> {
    const command = this.command;
    this.command = null;
    if (command) await command.close(this.sink);
  }
}
