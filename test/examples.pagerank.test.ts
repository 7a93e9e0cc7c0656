import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rmrf, runHadoop, tempDir } from './helpers';

/**
 * PageRank with the example's stated rules, computed here: nodes are all ids in edges, repeated
 * edges count once, ranks start at 1/N, d = 0.85, and the dangling nodes' total rank is spread
 * evenly over all nodes in each iteration.
 */
function pageRank(edgeLines: string[], iterations: number): Map<string, number> {
  const out = new Map<string, Set<string>>();
  for (const line of edgeLines) {
    const t = line.trim().split(/\s+/);
    if (t.length !== 2) continue;
    if (!out.has(t[0])) out.set(t[0], new Set());
    if (!out.has(t[1])) out.set(t[1], new Set());
    out.get(t[0])!.add(t[1]);
  }
  const nodes = [...out.keys()];
  const n = nodes.length;
  let rank = new Map(nodes.map((v) => [v, 1 / n]));
  for (let i = 0; i < iterations; i++) {
    let dangling = 0;
    const incoming = new Map(nodes.map((v) => [v, 0]));
    for (const v of nodes) {
      const targets = out.get(v)!;
      if (targets.size === 0) dangling += rank.get(v)!;
      for (const t of targets) incoming.set(t, incoming.get(t)! + rank.get(v)! / targets.size);
    }
    rank = new Map(nodes.map((v) => [v, 0.15 / n + 0.85 * (incoming.get(v)! + dangling / n)]));
  }
  return rank;
}

function readRanks(out: string): Array<[string, string]> {
  const lines = fs
    .readdirSync(out)
    .filter((f) => f.startsWith('part-'))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(out, f), 'utf8').split('\n').slice(0, -1));
  return lines.map((l) => l.split('\t') as [string, string]);
}

function expectRanks(got: Array<[string, string]>, expected: Map<string, number>): void {
  expect(got.map(([node]) => node).sort()).to.deep.equal([...expected.keys()].sort());
  for (const [node, rank] of got) {
    expect(rank, node).to.match(/^\d\.\d{6}$/);
    expect(Math.abs(Number(rank) - expected.get(node)!), `${node}: ${rank} vs ${expected.get(node)}`).to.be.at.most(1e-6);
  }
}

describe('examples: pagerank', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-pagerank-');
  });
  after(() => rmrf(dir));

  it('matches PageRank computed here on a small graph with a dangling node, duplicate edges and a self-loop', async () => {
    const edges = ['a b', 'b c', 'c a', 'a c', 'd a', 'c e', 'a b', 'f f', '', 'not an edge line'];
    fs.mkdirSync(path.join(dir, 'small'));
    fs.writeFileSync(path.join(dir, 'small', 'edges.txt'), edges.join('\n') + '\n');
    const r = await runHadoop(['jar', 'examples', 'pagerank', 'small', 'small-out', '4'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const got = readRanks(path.join(dir, 'small-out'));
    // one reduce: the nodes come sorted
    expect(got.map(([node]) => node)).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
    expectRanks(got, pageRank(edges, 4));
    // the graph and iteration directories are gone
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['small', 'small-out']);
  });

  it('matches on a generated graph over several reduces and iterations', async () => {
    let s = 2024;
    const rand = (n: number) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const edges: string[] = [];
    for (let i = 0; i < 600; i++) {
      const src = rand(120);
      // a few nodes only receive links (dangling), and popular nodes get more links
      edges.push(`n${src}\t${rand(3) === 0 ? `sink${rand(5)}` : `n${Math.min(rand(120), rand(120))}`}`);
    }
    fs.writeFileSync(path.join(dir, 'gen.txt'), edges.join('\n') + '\n');
    const r = await runHadoop(['jar', 'examples', 'pagerank', '-D', 'mapred.reduce.tasks=3', 'gen.txt', 'gen-out', '6'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const expected = pageRank(edges, 6);
    expect([...expected.keys()].filter((k) => k.startsWith('sink'))).to.have.length(5);
    const got = readRanks(path.join(dir, 'gen-out'));
    expectRanks(got, expected);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    expect(total).to.be.closeTo(1, 1e-12);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('pagerank-temp-'))).to.deep.equal([]);
  });

  it('refuses an existing output directory before running, and prints its usage on bad arguments', async () => {
    fs.mkdirSync(path.join(dir, 'exists'));
    const r = await runHadoop(['jar', 'examples', 'pagerank', 'small', 'exists', '2'], { cwd: dir });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/Output directory .*exists already exists/);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('pagerank-temp-'))).to.deep.equal([]);
    for (const args of [['small', 'o'], ['small', 'o', '0'], ['small', 'o', 'x']]) {
      const u = await runHadoop(['jar', 'examples', 'pagerank', ...args], { cwd: dir });
      expect(u.code, args.join(' ')).to.equal(2);
      expect(u.stderr).to.equal('Usage: pagerank <edges> <out> <iterations>\n');
    }
  });
});
