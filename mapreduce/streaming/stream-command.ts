import { getLog } from '../../common/log';
import type { TaskAttemptContext } from '../api/context';
import { LineSink, PipeProcess } from './pipe-process';
import { parseReporterLine } from './stderr-reporter';
import { StreamConf } from './stream-conf';
import { commandEnvironment } from './task-env';
import { acquireWorkDir, resolveCommand } from './task-workdir';

const LOG = getLog('streaming.PipeMapRed');

/** Input gathered before one write to the command's stdin (Hadoop buffers 128 KB). */
const INPUT_CHUNK = 1 << 16;

/**
 * A streaming command started for a task attempt: in the attempt's working directory, with the
 * job's environment, its stderr reporter lines turned into counters and status, and its input
 * written in chunks.
 */
export class StreamCommand {
  private buffer = '';

  private constructor(private readonly pipe: PipeProcess) {}

  static async start(context: TaskAttemptContext, command: string): Promise<StreamCommand> {
    const conf = context.getConfiguration();
    const work = await acquireWorkDir(conf, context.getTaskAttemptID());
    const prefix = StreamConf.reporterPrefix(conf);
    const resolved = resolveCommand(command, work);
    const pipe = new PipeProcess({
      command: resolved,
      cwd: work.dir,
      env: commandEnvironment(conf, work.tmp),
      nonZeroExitIsFailure: StreamConf.nonZeroExitIsFailure(conf),
      onActivity: () => context.progress(),
      onStderrLine: (line) => {
        const r = parseReporterLine(line, prefix);
        if (r.kind === 'counter') context.getCounter(r.group, r.name).increment(r.amount);
        else if (r.kind === 'status') context.setStatus(r.message);
        else if (r.kind === 'invalid') LOG.warn(r.warning);
        else process.stderr.write(line + '\n');
        return r.kind === 'stderr';
      },
    });
    LOG.debug(`${context.getTaskAttemptID()}: started '${resolved}' in ${work.dir}`);
    return new StreamCommand(pipe);
  }

  /** Queues one record's text; returns a promise when it had to be written and must be awaited. */
  write(text: string, sink: LineSink): void | Promise<void> {
    this.buffer += text;
    if (this.buffer.length < INPUT_CHUNK) return;
    const chunk = this.buffer;
    this.buffer = '';
    return this.pipe.send(chunk, sink);
  }

  /** Writes what is queued, closes the command's input and takes the rest of its output. */
  async close(sink: LineSink): Promise<void> {
    const chunk = this.buffer;
    this.buffer = '';
    await this.pipe.send(chunk, sink);
    await this.pipe.finish(sink);
  }

  abort(): void {
    this.buffer = '';
    this.pipe.kill();
  }
}
