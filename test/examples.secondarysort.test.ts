import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rmrf, runHadoop, tempDir } from './helpers';

const SEPARATOR = '------------------------------------------------';

/** The expected output, computed here: groups by first int ascending, seconds ascending. */
function expectedOutput(pairs: Array<[number, number]>): string[] {
  const groups = new Map<number, number[]>();
  for (const [a, b] of pairs) {
    if (!groups.has(a)) groups.set(a, []);
    groups.get(a)!.push(b);
  }
  const lines: string[] = [];
  for (const a of [...groups.keys()].sort((x, y) => x - y)) {
    lines.push(SEPARATOR);
    for (const b of groups.get(a)!.sort((x, y) => x - y)) lines.push(`${a}\t${b}`);
  }
  return lines;
}

function readLines(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  expect(lines.pop()).to.equal('');
  return lines;
}

describe('examples: secondarysort', function () {
  this.timeout(60000);
  let dir: string;
  const pairs: Array<[number, number]> = [];
  before(() => {
    dir = tempDir('examples-secondarysort-');
    let s = 12345;
    const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let i = 0; i < 3000; i++) {
      // few distinct firsts (so groups are large), seconds across the whole int range
      pairs.push([(rand() % 41) - 20, rand() | 0]);
    }
    pairs.push([2147483647, -2147483648], [-2147483648, 2147483647], [0, 0], [0, 0]);
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    const half = Math.floor(pairs.length / 2);
    const asLines = (ps: Array<[number, number]>) => ps.map(([a, b]) => `${a} ${b}`).join('\n') + '\n';
    fs.writeFileSync(path.join(input, 'a.txt'), asLines(pairs.slice(0, half)));
    fs.writeFileSync(path.join(input, 'b.txt'), '\n' + asLines(pairs.slice(half)).replace(/ /g, '\t'));
  });
  after(() => rmrf(dir));

  it('groups by the first int with the seconds ascending, behind a separator line per group', async () => {
    const out = path.join(dir, 'out');
    const r = await runHadoop(['jar', 'examples', 'secondarysort', '-D', 'mapred.max.split.size=8000', path.join(dir, 'in'), out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/Launched map tasks=([3-9]|\d\d)\n/);
    expect(readLines(path.join(out, 'part-r-00000'))).to.deep.equal(expectedOutput(pairs));
  });

  it('sends each first int to the reduce abs(first * 127) % reduces picks, each part in order', async () => {
    const out = path.join(dir, 'out3');
    const r = await runHadoop(['jar', 'examples', 'secondarysort', '-D', 'mapred.reduce.tasks=3', path.join(dir, 'in'), out]);
    expect(r.code, r.stderr).to.equal(0);
    for (let p = 0; p < 3; p++) {
      const mine = pairs.filter(([a]) => Math.abs(Math.imul(a, 127)) % 3 === p);
      expect(readLines(path.join(out, `part-r-0000${p}`))).to.deep.equal(expectedOutput(mine));
    }
  });

  it('prints its usage and exits 2 without two paths', async () => {
    const r = await runHadoop(['jar', 'examples', 'secondarysort', 'in-only']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('Usage: secondarysort <in> <out>\n');
  });
});
