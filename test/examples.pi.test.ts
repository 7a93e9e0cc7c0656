import { expect } from 'chai';
import * as fs from 'node:fs';
import { rmrf, runHadoop, tempDir } from './helpers';

/** The radical inverse of i in base b, digit by digit (not the incremental form pi uses). */
function radicalInverse(i: number, b: number): number {
  let x = 0;
  let f = 1 / b;
  for (let k = i; k > 0; k = Math.floor(k / b), f /= b) x += (k % b) * f;
  return x;
}

/** Points H(1) .. H(maps * samples) of the Halton sequence inside the circle of radius 1/2. */
function countInside(maps: number, samples: number): number {
  let inside = 0;
  for (let i = 1; i <= maps * samples; i++) {
    const x = radicalInverse(i, 2) - 0.5;
    const y = radicalInverse(i, 3) - 0.5;
    if (x * x + y * y <= 0.25) inside++;
  }
  return inside;
}

/** 4 * inside / total with 20 decimals, rounded half up (Hadoop's BigDecimal arithmetic). */
function hadoopDecimal(inside: number, total: number): string {
  const scaled = (4n * BigInt(inside) * 10n ** 21n) / BigInt(total);
  const rounded = (scaled + 5n) / 10n;
  return `${rounded / 10n ** 20n}.${(rounded % 10n ** 20n).toString().padStart(20, '0')}`;
}

describe('examples: pi', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = tempDir('examples-pi-');
  });
  after(() => rmrf(dir));

  it('prints the estimate from H(1)..H(maps*samples) exactly as Hadoop formats it, within the error bound', async () => {
    const maps = 5;
    const samples = 3000;
    const r = await runHadoop(['jar', 'examples', 'pi', String(maps), String(samples)], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).to.deep.equal([`Number of Maps  = ${maps}`, `Samples per Map = ${samples}`]);
    expect(lines.slice(2, 2 + maps)).to.deep.equal(Array.from({ length: maps }, (_, i) => `Wrote input for Map #${i}`));
    expect(lines[2 + maps]).to.equal('Starting Job');
    expect(lines[3 + maps]).to.match(/^Job Finished in \d+\.\d+ seconds$/);
    const last = lines[4 + maps];
    expect(last).to.match(/^Estimated value of Pi is \d\.\d{20}$/);
    expect(last).to.equal(`Estimated value of Pi is ${hadoopDecimal(countInside(maps, samples), maps * samples)}`);
    // the star discrepancy of N Halton points is O((log N)^2 / N)
    const n = maps * samples;
    expect(Math.abs(Number(last.slice('Estimated value of Pi is '.length)) - Math.PI)).to.be.below((4 * Math.log(n) ** 2) / n);
    // nothing is left behind in the working directory
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it("gives Hadoop's own published results for small runs", async () => {
    // `hadoop jar hadoop-examples.jar pi 2 5` and `pi 16 1000` print these on Apache Hadoop
    const a = await runHadoop(['jar', 'examples', 'pi', '2', '5'], { cwd: dir });
    expect(a.code, a.stderr).to.equal(0);
    expect(a.stdout).to.include('\nEstimated value of Pi is 3.60000000000000000000\n');
    const b = await runHadoop(['jar', 'examples', 'pi', '16', '1000'], { cwd: dir });
    expect(b.code, b.stderr).to.equal(0);
    expect(b.stdout).to.include('\nEstimated value of Pi is 3.14250000000000000000\n');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('prints its usage and exits 2 on bad arguments', async () => {
    for (const args of [[], ['4'], ['0', '10'], ['4', 'x'], ['4', '10', '1']]) {
      const r = await runHadoop(['jar', 'examples', 'pi', ...args], { cwd: dir });
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr).to.equal('Usage: pi <nMaps> <nSamples>\n');
    }
  });
});
