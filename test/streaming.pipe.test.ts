import { expect } from 'chai';
import * as os from 'node:os';
import { PipeProcess, PipeProcessOptions } from '../mapreduce/streaming/pipe-process';

/** A PipeProcess in the temp dir; stderr lines are collected. */
function pipe(command: string, o: Partial<PipeProcessOptions> = {}): { p: PipeProcess; stderr: string[] } {
  const stderr: string[] = [];
  const p = new PipeProcess({
    command,
    cwd: os.tmpdir(),
    env: process.env,
    nonZeroExitIsFailure: true,
    onActivity: () => undefined,
    onStderrLine: (line) => {
      stderr.push(line);
      return !line.startsWith('reporter:');
    },
    ...o,
  });
  return { p, stderr };
}

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a failure');
}

describe('streaming: the pipe to a command', function () {
  this.timeout(30000);

  it('passes records through and splits the output into lines (LF or CRLF, last line without newline)', async () => {
    const { p } = pipe(`cat; printf 'crlf\\r\\nlast'`);
    const lines: string[] = [];
    await p.send('a\tb\n\nü日本\n', (l) => void lines.push(l));
    await p.finish((l) => void lines.push(l));
    expect(lines).to.deep.equal(['a\tb', '', 'ü日本', 'crlf', 'last']);
  });

  it('waits for a command that does not read yet instead of buffering its input (stdin backpressure)', async () => {
    const { p } = pipe('sleep 0.5; cat > /dev/null');
    const chunk = 'x'.repeat((1 << 20) - 1) + '\n';
    const started = Date.now();
    let mostQueued = 0;
    for (let i = 0; i < 8; i++) {
      await p.send(chunk, () => undefined);
      mostQueued = Math.max(mostQueued, p.queuedInputBytes);
    }
    const waited = Date.now() - started;
    await p.finish(() => undefined);
    // 8 MB cannot fit in a pipe: send() must have waited for the command to start reading
    expect(waited).to.be.at.least(400);
    expect(mostQueued).to.be.at.most(1 << 20);
  });

  it('pauses a fast command while the caller is slow, holding at most about 1 MB of output lines', async () => {
    const { p } = pipe('yes 0123456789 | head -n 1000000');
    let n = 0;
    let mostQueued = 0;
    await p.finish((line) => {
      if (line !== '0123456789') throw new Error(`bad line ${line}`);
      n++;
      mostQueued = Math.max(mostQueued, p.queuedOutputChars);
      if (n % 20000 === 0) return new Promise<void>((resolve) => setTimeout(resolve, 2));
    });
    expect(n).to.equal(1000000);
    expect(mostQueued).to.be.at.most((1 << 20) + (1 << 16) + 11);
  });

  it('fails on a non-zero exit with Hadoop\'s message and the last stderr line, unless told not to', async () => {
    const { p, stderr } = pipe('cat > /dev/null; echo reporter:status:x >&2; echo "bad input" >&2; echo reporter:status:y >&2; exit 3');
    await p.send('some input\n', () => undefined);
    expect(await failure(() => p.finish(() => undefined))).to.equal(
      'PipeMapRed.waitOutputThreads(): subprocess failed with code 3 (last stderr line: bad input)',
    );
    expect(stderr).to.deep.equal(['reporter:status:x', 'bad input', 'reporter:status:y']);

    const quiet = pipe('exit 5', { nonZeroExitIsFailure: false }).p;
    await quiet.finish(() => undefined);

    const killed = pipe('kill -9 $$').p;
    expect(await failure(() => killed.finish(() => undefined))).to.equal('PipeMapRed.waitOutputThreads(): subprocess failed with code 137');
  });

  it('fails fast when the command has died while input remains', async () => {
    const { p } = pipe('exit 3');
    const chunk = 'y'.repeat(1 << 20);
    const message = await failure(async () => {
      for (let i = 0; i < 200; i++) await p.send(chunk, () => undefined);
      await p.finish(() => undefined);
    });
    expect(message).to.equal('PipeMapRed.waitOutputThreads(): subprocess failed with code 3');
  });

  it('lets a command stop reading early and succeed (head), dropping the rest of the input', async () => {
    const { p } = pipe('head -n 2');
    const lines: string[] = [];
    for (let i = 0; i < 50; i++) await p.send(`${'z'.repeat(100000)}${i}\n`, (l) => void lines.push(l.slice(-2)));
    await p.finish((l) => void lines.push(l.slice(-2)));
    expect(lines).to.deep.equal(['z0', 'z1']);
  });
});
