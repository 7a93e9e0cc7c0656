import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rmrf, runHadoop, tempDir } from './helpers';

function readLines(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  expect(lines.pop()).to.equal('');
  return lines;
}

describe('examples: invertedindex', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-invertedindex-');
  });
  after(() => rmrf(dir));

  it('lists, for each word, the distinct files containing it, sorted and comma-separated', async () => {
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'b.txt'), 'the cat sat\non the mat the end\n');
    fs.writeFileSync(path.join(input, 'a.txt'), 'a cat\tand\ra dog\n');
    fs.writeFileSync(path.join(input, 'Z.txt'), 'dog  eat dog\n\nThe end\n');
    fs.writeFileSync(path.join(input, 'empty.txt'), '');
    const out = path.join(dir, 'out');
    const r = await runHadoop(['jar', 'examples', 'invertedindex', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readLines(path.join(out, 'part-r-00000'))).to.deep.equal([
      'The\tZ.txt',
      'a\ta.txt',
      'and\ta.txt',
      'cat\ta.txt,b.txt',
      'dog\tZ.txt,a.txt',
      'eat\tZ.txt',
      'end\tZ.txt,b.txt',
      'mat\tb.txt',
      'on\tb.txt',
      'sat\tb.txt',
      'the\tb.txt',
    ]);
  });

  it('gives the index computed here for many files read in several splits each', async () => {
    const input = path.join(dir, 'gen');
    fs.mkdirSync(input);
    let s = 5;
    const rand = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i}`).concat(['ünï', 'b,c']);
    const index = new Map<string, Set<string>>();
    for (let f = 0; f < 12; f++) {
      const name = `doc-${f}.txt`;
      const lines: string[] = [];
      for (let l = 0; l < 200; l++) {
        const words = Array.from({ length: 1 + rand(6) }, () => vocabulary[rand(Math.min(vocabulary.length, 20 + f * 25))]);
        for (const w of words) (index.get(w) ?? index.set(w, new Set()).get(w)!).add(name);
        lines.push(words.join(' '));
      }
      fs.writeFileSync(path.join(input, name), lines.join('\n') + '\n');
    }
    const out = path.join(dir, 'gen-out');
    const r = await runHadoop(['jar', 'examples', 'invertedindex', '-D', 'mapred.max.split.size=1000', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    const expected = [...index.keys()].sort(byBytes).map((w) => `${w}\t${[...index.get(w)!].sort(byBytes).join(',')}`);
    expect(readLines(path.join(out, 'part-r-00000'))).to.deep.equal(expected);
  });

  it('prints its usage and exits 2 without two paths', async () => {
    const r = await runHadoop(['jar', 'examples', 'invertedindex']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('Usage: invertedindex <in> <out>\n');
  });
});
