import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countWords, HADOOP_HOME, readOutput, rmrf, runHadoop, tempDir } from '../helpers';

/** A deterministic corpus that exercises the line reader: CRLF, blank lines, tabs, no final newline. */
function corpus(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  let s = 12345;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const vocab = ['the', 'quick', 'brown', 'fox', 'jumps', 'über', 'lazy', 'dog', '日本', 'a', 'I', 'x-y', "don't"];
  const texts: string[] = [];
  for (let f = 0; f < 4; f++) {
    const lines: string[] = [];
    const n = f === 0 ? 30000 : 500 + f * 100;
    for (let i = 0; i < n; i++) {
      const words: string[] = [];
      const len = rnd(12);
      for (let j = 0; j < len; j++) words.push(vocab[rnd(vocab.length)] + (rnd(50) === 0 ? String(rnd(1000)) : ''));
      lines.push(words.join(rnd(9) === 0 ? '\t' : rnd(30) === 0 ? '  \f ' : ' '));
    }
    const eol = f === 1 ? '\r\n' : '\n';
    const text = lines.join(eol) + (f === 2 ? '' : eol);
    fs.writeFileSync(path.join(dir, `part${f}.txt`), text);
    texts.push(text);
  }
  fs.writeFileSync(path.join(dir, 'empty.txt'), '');
  fs.writeFileSync(path.join(dir, '_ignored'), 'hidden hidden');
  fs.writeFileSync(path.join(dir, '.ignored'), 'hidden hidden');
  return texts;
}

describe('hadoop jar examples wordcount (local runner)', function () {
  this.timeout(120000);
  let dir: string;
  let input: string;
  let expected: Map<string, string>;

  before(() => {
    dir = tempDir('wordcount-');
    input = path.join(dir, 'in');
    expected = new Map([...countWords(corpus(input))].map(([k, v]) => [k, String(v)]));
  });
  after(() => rmrf(dir));

  it('counts words exactly, with three reducers and many splits', async () => {
    const out = path.join(dir, 'out-3');
    const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', 'mapred.reduce.tasks=3', '-D', 'mapred.max.split.size=65536', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(fs.readdirSync(out).sort()).to.deep.equal(['_SUCCESS', '_logs', 'part-r-00000', 'part-r-00001', 'part-r-00002']);
    expect(readOutput(out)).to.deep.equal(expected);
    // each reducer's output is sorted by key bytes
    for (const f of ['part-r-00000', 'part-r-00001', 'part-r-00002']) {
      const keys = fs.readFileSync(path.join(out, f), 'utf8').trim().split('\n').map((l) => Buffer.from(l.split('\t')[0]));
      for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1], keys[i])).to.equal(-1);
    }
    expect(r.stderr).to.match(/INFO mapred\.JobClient: Running job: job_local\d+_\d{4}/);
    expect(r.stderr).to.include('INFO mapred.JobClient:  map 100% reduce 100%');
    expect(r.stderr).to.match(/Counters: \d+/);
    expect(r.stderr).to.match(/    Map input records=\d+/);
    expect(r.stderr).to.include('    Launched reduce tasks=3');
    // FileSystemCounters: everything here goes through file://, the part files and the spills
    // written, the splits (read on to the end of their last lines) and the fetched map outputs read
    const counter = (name: string) => Number(new RegExp(`JobClient: {5}${name}=(\\d+)\\n`).exec(r.stderr)?.[1]);
    const sizeOf = (d: string, names: string[]) => names.reduce((n, f) => n + fs.statSync(path.join(d, f)).size, 0);
    const parts = ['part-r-00000', 'part-r-00001', 'part-r-00002'];
    expect(counter('FILE_BYTES_WRITTEN')).to.equal(counter('Map output materialized bytes') + sizeOf(out, parts));
    const inputBytes = sizeOf(input, fs.readdirSync(input));
    const splits = counter('Launched map tasks');
    expect(counter('FILE_BYTES_READ') - counter('Reduce shuffle bytes')).to.be.within(inputBytes, inputBytes + splits * 65536);
    expect(r.stderr).to.not.include('HDFS_BYTES');
    const history = fs.readdirSync(path.join(out, '_logs', 'history'));
    expect(history.some((f) => f.endsWith('_conf.xml'))).to.equal(true);
    expect(history.length).to.equal(2);
  });

  it('gives the same output with a tiny io.sort.mb (spills and merges) and one reducer', async () => {
    const out = path.join(dir, 'out-spill');
    const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', 'io.sort.mb=1', '-D', 'io.sort.factor=2', '-D', 'mapreduce.map.combine.cache.mb=0', input, out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readOutput(out)).to.deep.equal(expected);
    expect(r.stderr).to.match(/Spilled Records=\d+/);
  });

  it('refuses an existing output directory and leaves it untouched', async () => {
    const out = path.join(dir, 'existing');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    const r = await runHadoop(['jar', 'examples', 'wordcount', input, out]);
    expect(r.code).to.not.equal(0);
    expect(r.stderr.trim()).to.equal(`hadoop: Output directory file:${out} already exists`);
    expect(fs.readdirSync(out)).to.deep.equal(['keep.txt']);
  });

  it('reports a missing input path and a glob that matches nothing', async () => {
    const missing = await runHadoop(['jar', 'examples', 'wordcount', path.join(dir, 'nope'), path.join(dir, 'o1')]);
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr.trim()).to.equal(`hadoop: Input path does not exist: file:${path.join(dir, 'nope')}`);
    const glob = await runHadoop(['jar', 'examples', 'wordcount', path.join(dir, 'nope*'), path.join(dir, 'o2')]);
    expect(glob.code).to.not.equal(0);
    expect(glob.stderr.trim()).to.equal(`hadoop: Input Pattern file:${path.join(dir, 'nope*')} matches 0 files`);
    expect(fs.existsSync(path.join(dir, 'o1'))).to.equal(false);
  });

  it('reads input through a glob', async () => {
    const out = path.join(dir, 'out-glob');
    const r = await runHadoop(['jar', 'examples', 'wordcount', path.join(input, 'part[12].txt'), out]);
    expect(r.code, r.stderr).to.equal(0);
    const exp = countWords([1, 2].map((i) => fs.readFileSync(path.join(input, `part${i}.txt`), 'utf8')));
    expect(readOutput(out)).to.deep.equal(new Map([...exp].map(([k, v]) => [k, String(v)])));
  });
});

describe('hadoop jar errors', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = tempDir('jarerr-');
    fs.mkdirSync(path.join(dir, 'in'));
    fs.writeFileSync(path.join(dir, 'in', 'a.txt'), 'one two two\nthree three three\n');
  });
  after(() => rmrf(dir));
  const fixtures = path.join(HADOOP_HOME, 'dist', 'test', 'fixtures');

  it('lists the examples when no program is named, and rejects an unknown one', async () => {
    const none = await runHadoop(['jar', 'examples']);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.include('Valid program names are:');
    expect(none.stderr).to.include('  wordcount: A map/reduce program that counts the words in the input files.');
    const unknown = await runHadoop(['jar', 'examples', 'nosuch']);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr.split('\n')[0]).to.equal("Unknown program 'nosuch' chosen.");
  });

  it('rejects a missing jar and a module without main', async () => {
    const missing = await runHadoop(['jar', path.join(dir, 'nope.js')]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim()).to.equal(`hadoop: JAR does not exist or is not a normal file: ${path.join(dir, 'nope.js')}`);
    const noMain = await runHadoop(['jar', path.join(fixtures, 'no-main.js')]);
    expect(noMain.code).to.equal(1);
    expect(noMain.stderr.trim()).to.equal(`hadoop: Job module ${path.join(fixtures, 'no-main.js')} exports no main function (export function main(args, conf))`);
  });

  it('fails a job whose mapper always throws after 4 attempts, showing the error', async () => {
    const out = path.join(dir, 'out-fail');
    const r = await runHadoop(['jar', path.join(fixtures, 'faulty-jobs.js'), 'AlwaysFails', path.join(dir, 'in'), out]);
    expect(r.code).to.equal(1);
    expect(r.stderr.match(/Status : FAILED/g)?.length).to.equal(4);
    expect(r.stderr).to.include('boom: cannot parse record at offset 0');
    expect(r.stderr).to.match(/faulty: Task task_local\d+_0001_m_000000 failed 4 times\. Last error: boom: cannot parse record at offset 0/);
    expect(fs.readdirSync(out).filter((f) => f.startsWith('part-') || f === '_SUCCESS' || f === '_temporary')).to.deep.equal([]);
  });

  it('retries a mapper that fails its first attempt, and counts the failure', async () => {
    const out = path.join(dir, 'out-once');
    const r = await runHadoop(['jar', path.join(fixtures, 'faulty-jobs.js'), 'FailsOnce', path.join(dir, 'in'), out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readOutput(out)).to.deep.equal(new Map([['one', '1'], ['three', '3'], ['two', '2']]));
    expect(r.stderr).to.include('    Failed map tasks=1');
    expect(r.stderr).to.include('    Launched map tasks=2');
  });

  it('survives a task process that exits mid-task, failing only the attempt', async () => {
    const out = path.join(dir, 'out-crash');
    const r = await runHadoop(['jar', path.join(fixtures, 'faulty-jobs.js'), 'Crashes', '-D', 'mapred.map.max.attempts=2', path.join(dir, 'in'), out]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/Child process for attempt_local\d+_0001_m_000000_1 exited \(code 7\)/);
  });

  it('kills an attempt that reports no progress within mapred.task.timeout, but not a slow one that does', async () => {
    const hung = await runHadoop(['jar', path.join(fixtures, 'faulty-jobs.js'), 'Hangs', '-D', 'mapred.task.timeout=1000', '-D', 'mapred.map.max.attempts=2', path.join(dir, 'in'), path.join(dir, 'out-hang')]);
    expect(hung.code).to.equal(1);
    expect(hung.stderr).to.match(/Task attempt_local\d+_0001_m_000000_1 failed to report status for 1 seconds\. Killing!/);
    const slow = await runHadoop(['jar', path.join(fixtures, 'faulty-jobs.js'), 'SlowButAlive', '-D', 'mapred.task.timeout=1000', path.join(dir, 'in'), path.join(dir, 'out-slow')]);
    expect(slow.code, slow.stderr).to.equal(0);
    expect(slow.stderr).to.not.include('FAILED');
  });

  it('names the key of a bad configuration value and the file of malformed XML', async () => {
    const bad = await runHadoop(['jar', 'examples', 'wordcount', '-D', 'io.sort.mb=abc', path.join(dir, 'in'), path.join(dir, 'o')]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr.trim()).to.equal("hadoop: Invalid value for io.sort.mb: 'abc' is not an integer");
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(conf);
    fs.writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>x</name><value>1</value></property>');
    const xml = await runHadoop(['jar', 'examples', 'wordcount', path.join(dir, 'in'), path.join(dir, 'o')], { env: { HADOOP_CONF_DIR: conf } });
    expect(xml.code).to.equal(1);
    expect(xml.stderr.trim()).to.match(new RegExp(`^hadoop: Malformed configuration file ${path.join(conf, 'core-site.xml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+ \\(line \\d+\\)$`));
    expect(fs.existsSync(path.join(dir, 'o'))).to.equal(false);
  });
});
