import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rmrf, runHadoop, tempDir } from './helpers';

function partLines(out: string): string[][] {
  return fs
    .readdirSync(out)
    .filter((f) => f.startsWith('part-'))
    .sort()
    .map((f) => {
      const lines = fs.readFileSync(path.join(out, f), 'utf8').split('\n');
      expect(lines.pop()).to.equal('');
      return lines;
    });
}

const keyBytes = (line: string) => Buffer.from(line.slice(0, line.indexOf('\t')), 'utf8');

/** Keys in UTF-8 byte order (lines of one key may come in any order among themselves). */
function expectSortedByKey(lines: string[]): void {
  for (let i = 1; i < lines.length; i++) {
    expect(Buffer.compare(keyBytes(lines[i - 1]), keyBytes(lines[i])), `${lines[i - 1]} before ${lines[i]}`).to.be.at.most(0);
  }
}

/** The inner join, as a nested loop over the parsed lines. */
function nestedLoopJoin(left: string[], right: string[]): string[] {
  const split = (l: string): [string, string] => {
    const t = l.indexOf('\t');
    return t < 0 ? [l, ''] : [l.slice(0, t), l.slice(t + 1)];
  };
  const out: string[] = [];
  for (const l of left.map(split)) for (const r of right.map(split)) if (l[0] === r[0]) out.push(`${l[0]}\t${l[1]}\t${r[1]}`);
  return out;
}

describe('examples: join', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-join-');
  });
  after(() => rmrf(dir));

  it('pairs every left value with every right value of the same key, keys in order, unmatched keys dropped', async () => {
    const left = path.join(dir, 'left');
    const right = path.join(dir, 'right.txt');
    fs.mkdirSync(left);
    fs.writeFileSync(path.join(left, 'part-1'), 'k2\tL2a\nab\tLab\nk1\tL1\n');
    fs.writeFileSync(path.join(left, 'part-2'), 'k2\tL2b\nonly-left\tx\na\tLa\nnaïve\tLn\n');
    fs.writeFileSync(right, 'k1\tR1a\nk2\tR2\nk1\tR1b\nonly-right\ty\na\t\nab\tRab\nnaïve\tRn\n');
    const out = path.join(dir, 'out');
    const r = await runHadoop(['jar', 'examples', 'join', left, right, out]);
    expect(r.code, r.stderr).to.equal(0);
    const [lines] = partLines(out);
    expectSortedByKey(lines);
    expect([...lines].sort()).to.deep.equal(
      ['a\tLa\t', 'ab\tLab\tRab', 'k1\tL1\tR1a', 'k1\tL1\tR1b', 'k2\tL2a\tR2', 'k2\tL2b\tR2', 'naïve\tLn\tRn'].sort(),
    );
  });

  it('matches a nested-loop join on generated inputs, across several reduces', async () => {
    let s = 99;
    const rand = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const keys = ['x', 'xy', 'x y', 'é', '10', '9', 'z'].concat(Array.from({ length: 40 }, (_, i) => `key${i}`));
    const left = Array.from({ length: 300 }, (_, i) => `${keys[rand(keys.length)]}\tl${i}`);
    const right = Array.from({ length: 200 }, (_, i) => `${keys[rand(keys.length)]}\tr${i}`);
    const lf = path.join(dir, 'gen-left.txt');
    const rf = path.join(dir, 'gen-right.txt');
    fs.writeFileSync(lf, left.join('\n') + '\n');
    fs.writeFileSync(rf, right.join('\n') + '\n');
    const out = path.join(dir, 'gen-out');
    const r = await runHadoop(['jar', 'examples', 'join', '-D', 'mapred.reduce.tasks=3', '-D', 'mapred.max.split.size=1500', lf, rf, out]);
    expect(r.code, r.stderr).to.equal(0);
    const parts = partLines(out);
    expect(parts).to.have.length(3);
    parts.forEach(expectSortedByKey);
    const expected = nestedLoopJoin(left, right);
    expect(expected.length).to.be.greaterThan(500);
    expect(parts.flat().sort()).to.deep.equal(expected.sort());
  });

  it('joins an input with itself when both sides name it', async () => {
    const f = path.join(dir, 'self.txt');
    const lines = ['a\t1', 'b\t2', 'a\t3'];
    fs.writeFileSync(f, lines.join('\n') + '\n');
    const out = path.join(dir, 'self-out');
    const r = await runHadoop(['jar', 'examples', 'join', f, f, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(partLines(out)[0].sort()).to.deep.equal(nestedLoopJoin(lines, lines).sort());
  });

  it('names the missing inputs of both sides and writes nothing', async () => {
    const out = path.join(dir, 'missing-out');
    const r = await runHadoop(['jar', 'examples', 'join', path.join(dir, 'no-left'), path.join(dir, 'no-right'), out]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(`Input path does not exist: file:${path.join(dir, 'no-left')}`);
    expect(r.stderr).to.include(`Input path does not exist: file:${path.join(dir, 'no-right')}`);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('prints its usage and exits 2 without three paths', async () => {
    const r = await runHadoop(['jar', 'examples', 'join', 'a', 'b']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('Usage: join <left> <right> <out>\n');
  });
});
