import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { countWords, readOutput, rmrf, runHadoop, tempDir } from '../helpers';

describe('bundled examples (local runner)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-');
  });
  after(() => rmrf(dir));

  it('randomtextwriter writes the same bytes for the same seed, map-only into part-m files', async () => {
    const args = (out: string) => ['jar', 'examples', 'randomtextwriter', '-seed', '42', '-bytes', '300000', '-maps', '3', out];
    const a = await runHadoop(args(path.join(dir, 'rtw-a')));
    const b = await runHadoop(args(path.join(dir, 'rtw-b')));
    expect(a.code, a.stderr).to.equal(0);
    expect(b.code, b.stderr).to.equal(0);
    const parts = fs.readdirSync(path.join(dir, 'rtw-a')).filter((f) => f.startsWith('part-'));
    expect(parts).to.deep.equal(['part-m-00000', 'part-m-00001', 'part-m-00002']);
    for (const p of parts) {
      const x = fs.readFileSync(path.join(dir, 'rtw-a', p));
      expect(x.length).to.be.within(100000, 101000);
      expect(x.equals(fs.readFileSync(path.join(dir, 'rtw-b', p)))).to.equal(true);
    }
    const other = await runHadoop(['jar', 'examples', 'randomtextwriter', '-seed', '43', '-bytes', '300000', '-maps', '3', path.join(dir, 'rtw-c')]);
    expect(other.code).to.equal(0);
    expect(fs.readFileSync(path.join(dir, 'rtw-c', 'part-m-00000')).equals(fs.readFileSync(path.join(dir, 'rtw-a', 'part-m-00000')))).to.equal(false);
  });

  it('grep counts regex matches and sorts them by count, highest first', async () => {
    const input = path.join(dir, 'grep-in');
    fs.mkdirSync(input);
    const texts = ['foo food fool\nbar foo\n', 'fox foo food\nfoo\n'];
    texts.forEach((t, i) => fs.writeFileSync(path.join(input, `f${i}.txt`), t));
    const out = path.join(dir, 'grep-out');
    const r = await runHadoop(['jar', 'examples', 'grep', input, out, 'fo[a-z]*'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const lines = fs.readFileSync(path.join(out, 'part-r-00000'), 'utf8').trim().split('\n');
    const expected = new Map<string, number>();
    for (const m of texts.join('').matchAll(/fo[a-z]*/g)) expected.set(m[0], (expected.get(m[0]) ?? 0) + 1);
    expect(new Map(lines.map((l) => [l.split('\t')[1], Number(l.split('\t')[0])]))).to.deep.equal(expected);
    const counts = lines.map((l) => Number(l.split('\t')[0]));
    expect(counts).to.deep.equal([...counts].sort((a, b) => b - a));
    expect(lines[0]).to.equal('4\tfoo');
    // the temporary search output is gone
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('grep-temp-'))).to.deep.equal([]);
  });

  it('reads gzip input whole and gives the same counts as the plain text', async () => {
    const input = path.join(dir, 'gz-in');
    fs.mkdirSync(input);
    const text = Array.from({ length: 20000 }, (_, i) => `line ${i % 97} of the gzip test\r\nword${i % 13}`).join('\n') + '\n';
    fs.writeFileSync(path.join(input, 'a.txt.gz'), zlib.gzipSync(text));
    const out = path.join(dir, 'gz-out');
    const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', 'mapred.max.split.size=1000', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.include('    Launched map tasks=1');
    expect(readOutput(out)).to.deep.equal(new Map([...countWords([text])].map(([k, v]) => [k, String(v)])));
  });

  it('writes gzip output when mapred.output.compress is set', async () => {
    const input = path.join(dir, 'gzo-in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'a.txt'), 'b a b\nc\n');
    const out = path.join(dir, 'gzo-out');
    const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', 'mapred.output.compress=true', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(zlib.gunzipSync(fs.readFileSync(path.join(out, 'part-r-00000.gz'))).toString()).to.equal('a\t1\nb\t2\nc\t1\n');
  });

  it('prints the version', async () => {
    const r = await runHadoop(['version']);
    expect(r.code).to.equal(0);
    expect(r.stdout.split('\n')[0]).to.match(/^Hadoop \d+\.\d+\.\d+/);
  });
});
