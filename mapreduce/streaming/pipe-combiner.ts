import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import type { Text } from '../../common/io/writables';
import type { ReduceContext } from '../api/context';
import { PipeReducer } from './pipe-reducer';
import { StreamCommand } from './stream-command';
import { StreamConf, StreamKeys } from './stream-conf';

/**
 * Hadoop's PipeCombiner: the -combiner command, run over sorted map output the way the reduce
 * command is. The engine brackets each combine pass (a spill, a merge, a pass over the map-side
 * combine cache) with setup and cleanup, so one command serves the whole pass.
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

  /** The working directory stays: the map command may still be running in it. */
  override async cleanup(_context: ReduceContext<Text, Text>): Promise<void> {
    const command = this.command;
    this.command = null;
    if (command) await command.close(this.sink);
  }
}
