import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { rmrf, runHadoop, tempDir } from '../helpers';

function records(dir: string): Buffer[] {
  const out: Buffer[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('part-')).sort()) {
    const data = fs.readFileSync(path.join(dir, f));
    expect(data.length % 100, f).to.equal(0);
    for (let at = 0; at < data.length; at += 100) out.push(data.subarray(at, at + 100));
  }
  return out;
}

describe('teragen, terasort, teravalidate (local runner)', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = tempDir('terasort-');
  });
  after(() => rmrf(dir));

  it('generates exactly ROWS deterministic records, sorts them globally and validates the checksum', async () => {
    const gen = await runHadoop(['jar', 'examples', 'teragen', '-D', 'mapred.map.tasks=3', '12345', path.join(dir, 'in')]);
    expect(gen.code, gen.stderr).to.equal(0);
    const input = records(path.join(dir, 'in'));
    expect(input.length).to.equal(12345);
    // Hadoop 2's binary layout
    const r = input[7];
    expect([...r.subarray(10, 12)]).to.deep.equal([0x00, 0x11]);
    expect(r.toString('latin1', 12, 44)).to.equal('7'.padStart(32, '0'));
    expect([...r.subarray(44, 48)]).to.deep.equal([0x88, 0x99, 0xaa, 0xbb]);
    expect([...r.subarray(96, 100)]).to.deep.equal([0xcc, 0xdd, 0xee, 0xff]);
    // the same rows from one map
    const again = await runHadoop(['jar', 'examples', 'teragen', '-D', 'mapred.map.tasks=1', '12345', path.join(dir, 'in1')]);
    expect(again.code).to.equal(0);
    expect(Buffer.concat(records(path.join(dir, 'in1'))).equals(Buffer.concat(input))).to.equal(true);
    let sum = 0;
    for (const rec of input) sum = (sum + (zlib.crc32(rec) >>> 0)) % 4294967296;
    expect(gen.stdout.trim()).to.equal(`Checksum: ${sum.toString(16)}`);

    const sort = await runHadoop(['jar', 'examples', 'terasort', '-D', 'mapred.reduce.tasks=3', '-D', 'mapred.max.split.size=200000', path.join(dir, 'in'), path.join(dir, 'out')]);
    expect(sort.code, sort.stderr).to.equal(0);
    const parts = fs.readdirSync(path.join(dir, 'out')).filter((n) => n.startsWith('part-'));
    expect(parts).to.deep.equal(['part-r-00000', 'part-r-00001', 'part-r-00002']);
    for (const p of parts) expect(fs.statSync(path.join(dir, 'out', p)).size).to.be.above(0);
    const expected = [...input].sort((a, b) => Buffer.compare(a.subarray(0, 10), b.subarray(0, 10)) || Buffer.compare(a, b));
    const output = records(path.join(dir, 'out'));
    expect(output.length).to.equal(expected.length);
    // keys in order everywhere; the same multiset of records
    for (let i = 0; i < output.length; i++) expect(output[i].subarray(0, 10).equals(expected[i].subarray(0, 10)), `key ${i}`).to.equal(true);
    expect(output.map((b) => b.toString('hex')).sort()).to.deep.equal(expected.map((b) => b.toString('hex')).sort());
    expect(fs.existsSync(path.join(dir, 'out._partition.lst'))).to.equal(false);

    const val = await runHadoop(['jar', 'examples', 'teravalidate', path.join(dir, 'out'), path.join(dir, 'report')]);
    expect(val.code, val.stderr).to.equal(0);
    expect(fs.readFileSync(path.join(dir, 'report', 'part-r-00000'), 'utf8')).to.equal(`checksum\t${sum.toString(16)}\n`);
  });

  it('teravalidate reports records out of order', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    const recs = records(path.join(dir, 'in')).slice(0, 3);
    recs.sort((a, b) => Buffer.compare(b.subarray(0, 10), a.subarray(0, 10)));
    fs.writeFileSync(path.join(bad, 'part-r-00000'), Buffer.concat(recs));
    const val = await runHadoop(['jar', 'examples', 'teravalidate', bad, path.join(dir, 'badreport')]);
    expect(val.code, val.stderr).to.equal(0);
    const report = fs.readFileSync(path.join(dir, 'badreport', 'part-r-00000'), 'utf8').trim().split('\n');
    expect(report.filter((l) => l.startsWith('error\tmisorder in part-r-00000')).length).to.equal(2);
  });
});
