import { ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { HadoopError } from '../../common/errors';

/** Receives each output line of the command; a returned promise is awaited (output draining). */
export type LineSink = (line: string) => void | Promise<void>;

export interface PipeProcessOptions {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * Each line the command writes to stderr; returns true when it is the command's own (not a
   * reporter line), so that the last such line can be quoted if the command fails.
   */
  onStderrLine(line: string): boolean;
  /** Called when the command shows it is alive (a line on stdout or stderr). */
  onActivity(): void;
  nonZeroExitIsFailure: boolean;
}

/** Characters of complete output lines held before the command's stdout is paused. */
const OUTPUT_HIGH_WATER = 1 << 20;

/**
 * One streaming command (`/bin/sh -c CMD`, Hadoop's PipeMapRed) with bounded memory both ways:
 * input is written only while the pipe accepts it (write() returning false waits for 'drain'),
 * and output lines are queued up to OUTPUT_HIGH_WATER, after which stdout is paused until the
 * caller takes them. Output lines reach the caller only inside send() and finish(), that is
 * while the task engine is waiting on the mapper or reducer, never in between.
 */
export class PipeProcess {
  private readonly child: ChildProcess;
  private lines: string[] = [];
  private head = 0;
  private queuedChars = 0;
  private partial: string[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private paused = false;
  private outputEnded = false;
  private status: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private spawnError: Error | null = null;
  /** Set when the command stopped reading (EPIPE): later input is dropped. */
  private inputClosed = false;
  private lastStderr = '';
  private waiter: (() => void) | null = null;

  constructor(private readonly o: PipeProcessOptions) {
    const child = spawn('/bin/sh', ['-c', o.command], { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.on('error', (e) => {
      this.spawnError ??= e;
      this.wake();
    });
    child.stdin!.on('error', () => {
      this.inputClosed = true;
      this.wake();
    });
    child.stdout!.on('data', (chunk: Buffer) => this.onOutput(chunk));
    child.stdout!.on('end', () => {
      const rest = this.partial.join('') + this.decoder.end();
      this.partial = [];
      if (rest !== '') this.push(rest);
      this.outputEnded = true;
      this.wake();
    });
    const errDecoder = new StringDecoder('utf8');
    let errPartial = '';
    const errLines = (text: string, last: boolean) => {
      const all = errPartial + text;
      const parts = all.split('\n');
      errPartial = last ? '' : parts.pop()!;
      for (const p of parts) {
        if (last && p === '') continue;
        const line = p.endsWith('\r') ? p.slice(0, -1) : p;
        this.o.onActivity();
        if (this.o.onStderrLine(line) && line.trim() !== '') this.lastStderr = line.length > 200 ? line.slice(0, 200) + '...' : line;
      }
    };
    child.stderr!.on('data', (chunk: Buffer) => errLines(errDecoder.write(chunk), false));
    child.stderr!.on('end', () => errLines(errDecoder.end(), true));
    child.on('close', (code, signal) => {
      this.status = { code, signal };
      this.wake();
    });
  }

  /** Characters of output lines waiting for the caller (bounded by OUTPUT_HIGH_WATER + a chunk). */
  get queuedOutputChars(): number {
    return this.queuedChars;
  }

  /** Bytes written to the command's stdin that the pipe has not taken yet. */
  get queuedInputBytes(): number {
    return this.child.stdin!.writableLength;
  }

  /** Writes input, waiting while the pipe is full; output arriving meanwhile goes to sink. */
  async send(data: string, sink: LineSink): Promise<void> {
    await this.deliver(sink);
    this.checkAlive();
    if (this.inputClosed || data === '') return;
    const stdin = this.child.stdin!;
    if (stdin.write(data)) return;
    let drained = false;
    const onDrain = () => {
      drained = true;
      this.wake();
    };
    stdin.once('drain', onDrain);
    try {
      for (;;) {
        await this.deliver(sink);
        if (drained || this.inputClosed) return;
        this.checkAlive();
        await this.nextEvent();
      }
    } finally {
      stdin.off('drain', onDrain);
    }
  }

  /**
   * Closes the command's stdin, passes the rest of its output to sink and waits for it to exit.
   * A non-zero exit fails with Hadoop's message unless stream.non.zero.exit.is.failure=false.
   */
  async finish(sink: LineSink): Promise<void> {
    if (!this.inputClosed) this.child.stdin!.end();
    for (;;) {
      await this.deliver(sink);
      if (this.spawnError) throw this.startFailure();
      if (this.outputEnded && this.status !== null && this.head >= this.lines.length) break;
      await this.nextEvent();
    }
    const code = this.exitCode();
    if (code !== 0 && this.o.nonZeroExitIsFailure) throw this.exitFailure(code);
  }

  /** Stops the command (the task failed elsewhere). */
  kill(): void {
    if (this.status === null) this.child.kill('SIGKILL');
  }

  private onOutput(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      let piece = text.slice(start, nl);
      if (this.partial.length > 0) {
        this.partial.push(piece);
        piece = this.partial.join('');
        this.partial = [];
      }
      this.push(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.partial.push(text.slice(start));
    if (this.queuedChars > OUTPUT_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.child.stdout!.pause();
    }
    this.wake();
  }

  private push(line: string): void {
    this.lines.push(line);
    this.queuedChars += line.length + 1;
  }

  /** Hands every queued line to sink, then lets stdout flow again. */
  private async deliver(sink: LineSink): Promise<void> {
    if (this.head < this.lines.length) this.o.onActivity();
    while (this.head < this.lines.length) {
      const line = this.lines[this.head++];
      this.queuedChars -= line.length + 1;
      const r = sink(line);
      if (r) await r;
      if (this.head >= 4096 && this.head * 2 >= this.lines.length) {
        this.lines = this.lines.slice(this.head);
        this.head = 0;
      }
    }
    this.lines = [];
    this.head = 0;
    this.queuedChars = 0;
    if (this.paused) {
      this.paused = false;
      this.child.stdout!.resume();
    }
  }

  /** Fails fast when the command cannot start or has already exited with a failure. */
  private checkAlive(): void {
    if (this.spawnError) throw this.startFailure();
    if (this.status !== null && this.o.nonZeroExitIsFailure) {
      const code = this.exitCode();
      if (code !== 0) throw this.exitFailure(code);
    }
  }

  private exitCode(): number {
    const s = this.status!;
    if (s.code !== null) return s.code;
    // a signal, as Java's Process.waitFor reports it
    return 128 + (s.signal ? (os.constants.signals[s.signal] ?? 0) : 0);
  }

  private exitFailure(code: number): HadoopError {
    const last = this.lastStderr !== '' ? ` (last stderr line: ${this.lastStderr})` : '';
    return new HadoopError('STREAM_SUBPROCESS_FAILED', `PipeMapRed.waitOutputThreads(): subprocess failed with code ${code}${last}`);
  }

  private startFailure(): HadoopError {
    return new HadoopError('STREAM_CANNOT_RUN', `Cannot run program "/bin/sh" for '${this.o.command}': ${this.spawnError!.message}`);
  }

  private nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
