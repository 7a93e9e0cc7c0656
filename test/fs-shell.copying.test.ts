import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Configuration } from '../common/conf/configuration';
import { FileSystem } from '../common/fs/filesystem';
import { LocalFileSystem } from '../common/fs/local-filesystem';
import { runFsShellWith } from '../dfs/shell/fs-shell';
import { rmrf, tempDir } from './helpers';

/** A stream that hands over `partial` and then fails, like a connection dropped mid-file. */
function failingStream(partial: string): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(partial);
      } else {
        this.destroy(new Error('injected read failure'));
      }
    },
  });
}

/** file:// under another scheme name whose reads fail after the first bytes. */
class FaultyFileSystem extends LocalFileSystem {
  constructor(conf: Configuration) {
    super(conf);
    Object.defineProperty(this, 'scheme', { value: 'faulty' });
  }

  protected override async _open(): Promise<Readable> {
    return failingStream('partial data');
  }
}
FileSystem.register('faulty', (_uri, conf) => new FaultyFileSystem(conf));

describe('hadoop fs: a failed copy leaves nothing half-written', function () {
  let dir: string;
  const conf = new Configuration({ loadSiteFiles: false });

  beforeEach(function () {
    dir = tempDir('fs-shell-copying-');
  });

  afterEach(function () {
    rmrf(dir);
  });

  async function shell(args: string[], input: Readable = Readable.from([])) {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    const errs: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    err.on('data', (c: Buffer) => errs.push(c));
    const code = await runFsShellWith(conf, args, { out, err, in: input });
    return { code, stdout: Buffer.concat(chunks).toString(), stderr: Buffer.concat(errs).toString() };
  }
  const abs = (rel: string) => path.join(dir, rel);
  const listing = () => fs.readdirSync(dir).sort();

  it('put from a failing stdin creates neither the file nor a ._COPYING_ leftover', async function () {
    const r = await shell(['-put', '-', abs('dst')], failingStream('half of it'));
    expect(r).to.deep.equal({ code: 1, stdout: '', stderr: `put: \`${abs('dst')}': injected read failure\n` });
    expect(listing()).to.deep.equal([]);
  });

  it('put -f from a failing stdin keeps the existing file as it was', async function () {
    fs.writeFileSync(abs('dst'), 'precious');
    const r = await shell(['-put', '-f', '-', abs('dst')], failingStream('half'));
    expect(r.code).to.equal(1);
    expect(fs.readFileSync(abs('dst'), 'utf8')).to.equal('precious');
    expect(listing()).to.deep.equal(['dst']);
  });

  it('get, cp and getmerge from a failing source leave their targets untouched', async function () {
    fs.writeFileSync(abs('src'), 'source bytes');
    fs.writeFileSync(abs('merged'), 'old merge');
    const src = `faulty://${abs('src')}`;
    const get = await shell(['-get', src, abs('got')]);
    const cp = await shell(['-cp', src, `faulty://${abs('copied')}`]);
    const merge = await shell(['-getmerge', src, abs('merged')]);
    expect(get).to.deep.equal({ code: 1, stdout: '', stderr: `get: \`${abs('got')}': injected read failure\n` });
    expect(cp).to.deep.equal({ code: 1, stdout: '', stderr: `cp: \`faulty://${abs('copied')}': injected read failure\n` });
    expect(merge).to.deep.equal({ code: 1, stdout: '', stderr: `getmerge: \`${abs('merged')}': injected read failure\n` });
    expect(listing()).to.deep.equal(['merged', 'src']);
    expect(fs.readFileSync(abs('merged'), 'utf8')).to.equal('old merge');
  });

  it('runs in-process against buffers: ls output and exit code', async function () {
    fs.writeFileSync(abs('a'), 'abc');
    const r = await shell(['-ls', abs('a'), abs('missing')]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.match(new RegExp(`^-rw-r--r-- {3}1 \\S+ \\S+ {10}3 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d ${abs('a')}\\n$`));
    expect(r.stderr).to.equal(`ls: \`${abs('missing')}': No such file or directory\n`);
  });
});
