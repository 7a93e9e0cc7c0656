import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countWords, readOutput, rmrf, runHadoop, tempDir } from './helpers';

function launchedMaps(stderr: string): number {
  const m = /Launched map tasks=(\d+)/.exec(stderr);
  expect(m, stderr).to.not.equal(null);
  return Number(m![1]);
}

const asStrings = (counts: Map<string, number>) => new Map([...counts].map(([k, v]) => [k, String(v)]));

describe('examples: multifilewc', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-multifilewc-');
  });
  after(() => rmrf(dir));

  it('packs many small files into few maps, in name order up to mapred.max.split.size, and counts like WordCount', async () => {
    const input = path.join(dir, 'small');
    fs.mkdirSync(input);
    let s = 17;
    const rand = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const texts = new Map<string, string>();
    for (let f = 0; f < 60; f++) {
      const lines = Array.from({ length: 1 + rand(8) }, () => Array.from({ length: 1 + rand(7) }, () => `w${rand(50)}`).join(rand(3) ? ' ' : '\t'));
      texts.set(`file-${String(f).padStart(2, '0')}.txt`, lines.join('\n') + '\n');
    }
    for (const [name, text] of texts) fs.writeFileSync(path.join(input, name), text);
    const limit = 1000;
    // the packing rule: whole files in name order, a new split when the next would pass the limit
    let splits = 0;
    let size = 0;
    for (const name of [...texts.keys()].sort()) {
      const n = Buffer.byteLength(texts.get(name)!);
      if (splits === 0 || size + n > limit) {
        splits++;
        size = 0;
      }
      size += n;
    }
    expect(splits).to.be.within(3, 20);
    const out = path.join(dir, 'small-out');
    const r = await runHadoop(['jar', 'examples', 'multifilewc', '-D', `mapred.max.split.size=${limit}`, input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(launchedMaps(r.stderr)).to.equal(splits);
    expect(readOutput(out)).to.deep.equal(asStrings(countWords([...texts.values()])));
  });

  it('reads all files in one map when no split size is set', async () => {
    const input = path.join(dir, 'few');
    fs.mkdirSync(input);
    const texts = ['one two\n', 'two three three\n', '', 'four\r\nfour four four\n'];
    texts.forEach((t, i) => fs.writeFileSync(path.join(input, `f${i}`), t));
    const out = path.join(dir, 'few-out');
    const r = await runHadoop(['jar', 'examples', 'multifilewc', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(launchedMaps(r.stderr)).to.equal(1);
    expect(readOutput(out)).to.deep.equal(asStrings(countWords(texts)));
  });

  it('cuts a file larger than the limit into pieces without losing or repeating a line', async () => {
    const input = path.join(dir, 'mixed');
    fs.mkdirSync(input);
    const big = Array.from({ length: 500 }, (_, i) => `line${i} word${i % 7} ${'x'.repeat(i % 13)}`).join('\n') + '\n';
    const texts = ['a b c\n', big, 'c d\n'];
    fs.writeFileSync(path.join(input, 'a'), texts[0]);
    fs.writeFileSync(path.join(input, 'b'), texts[1]);
    fs.writeFileSync(path.join(input, 'c'), texts[2]);
    const out = path.join(dir, 'mixed-out');
    const r = await runHadoop(['jar', 'examples', 'multifilewc', '-D', 'mapred.max.split.size=4000', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(launchedMaps(r.stderr)).to.equal(Math.ceil(Buffer.byteLength(big) / 4000) + 1);
    expect(readOutput(out)).to.deep.equal(asStrings(countWords(texts)));
  });

  it('prints its usage and exits 2 without two paths', async () => {
    const r = await runHadoop(['jar', 'examples', 'multifilewc', 'in']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('Usage: multifilewc <input> <output>\n');
  });
});
