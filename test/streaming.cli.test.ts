import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countWords, HADOOP_HOME, readOutput, rmrf, runHadoop, RunResult, tempDir } from './helpers';

const FIXTURES = path.join(HADOOP_HOME, 'test', 'fixtures', 'streaming');
/** Streaming wordcount: a word per line with a 1, then a sum over each run of equal keys. */
const MAP_AWK = `awk '{ for (i = 1; i <= NF; i++) print $i "\\t1" }'`;
const SUM_AWK = `awk -F'\\t' '$1 != k { if (n) print k "\\t" c; k = $1; c = 0; n = 1 } { c += $2 } END { if (n) print k "\\t" c }'`;

/** Words split by spaces and tabs only (awk's default fields and wordcount's tokens agree). */
function corpus(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  let s = 4242;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const vocab = ['the', 'quick', 'brown', 'fox', 'jumps', 'über', 'lazy', 'dog', '日本', 'a', 'A', 'x-y', "don't", 'zz'];
  const texts: string[] = [];
  for (let f = 0; f < 3; f++) {
    const lines: string[] = [];
    for (let i = 0; i < 2500 + f * 500; i++) {
      const words = Array.from({ length: rnd(10) }, () => vocab[rnd(vocab.length)]);
      lines.push((rnd(20) === 0 ? ' ' : '') + words.join(rnd(8) === 0 ? '\t' : rnd(10) === 0 ? '   ' : ' '));
    }
    const text = lines.join('\n') + '\n';
    fs.writeFileSync(path.join(dir, `part${f}.txt`), text);
    texts.push(text);
  }
  return texts;
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function parts(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('part-')).sort();
}

function jobId(r: RunResult): string {
  const m = /Running job: (job_local\d+_\d{4})/.exec(r.stderr);
  if (!m) throw new Error(`no job id in:\n${r.stderr}`);
  return m[1];
}

describe('hadoop jar streaming (local runner)', function () {
  this.timeout(60000);
  let dir: string;
  let tmp: string;
  let input: string;
  let texts: string[];

  /** `hadoop jar streaming` with hadoop.tmp.dir (local dirs, staging) inside the test's directory. */
  const stream = (args: string[], generic: string[] = []) =>
    runHadoop(['jar', 'streaming', '-D', `hadoop.tmp.dir=${tmp}`, ...generic, ...args], { cwd: dir });

  before(async () => {
    dir = tempDir('streaming-');
    tmp = path.join(dir, 'tmp');
    input = path.join(dir, 'corpus');
    texts = corpus(input);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'one line\nanother\tline with a tab\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), 'b first\n\nb third\n');
    // the reference the streaming wordcounts are compared with, byte for byte
    const example = await runHadoop(
      ['jar', 'examples', 'wordcount', '-D', `hadoop.tmp.dir=${tmp}`, '-D', 'mapred.reduce.tasks=3', input, path.join(dir, 'wc-example')],
      { cwd: dir },
    );
    expect(example.code, example.stderr).to.equal(0);
  });
  after(() => rmrf(dir));

  it('wordcount with awk as mapper and reducer writes the same part files as the wordcount example', async () => {
    const generic = ['-D', 'mapred.reduce.tasks=3', '-D', 'mapred.max.split.size=65536'];
    const r = await stream(['-input', input, '-output', 'wc-stream', '-mapper', MAP_AWK, '-reducer', SUM_AWK], generic);
    expect(r.code, r.stderr).to.equal(0);
    const out = path.join(dir, 'wc-stream');
    expect(fs.readdirSync(out).sort()).to.deep.equal(['_SUCCESS', '_logs', 'part-r-00000', 'part-r-00001', 'part-r-00002']);
    for (const p of parts(out)) expect(read(path.join(out, p)), p).to.equal(read(path.join(dir, 'wc-example', p)));
    expect(readOutput(out)).to.deep.equal(new Map([...countWords(texts)].map(([k, v]) => [k, String(v)])));
    expect(r.stderr).to.include(`INFO streaming.StreamJob: Output: wc-stream\n`);
  });

  it('a combiner command gives the same counts from fewer records', async () => {
    const words = [...countWords(texts).values()].reduce((a, b) => a + b, 0);
    const r = await stream(['-input', input, '-output', 'wc-combined', '-mapper', MAP_AWK, '-combiner', SUM_AWK, '-reducer', SUM_AWK], [
      '-D',
      'mapred.reduce.tasks=3',
      '-D',
      'mapred.max.split.size=131072',
    ]);
    expect(r.code, r.stderr).to.equal(0);
    for (const p of parts(path.join(dir, 'wc-combined'))) {
      expect(read(path.join(dir, 'wc-combined', p)), p).to.equal(read(path.join(dir, 'wc-example', p)));
    }
    expect(r.stderr).to.include(`    Map output records=${words}\n`);
    expect(r.stderr).to.include(`    Combine input records=${words}\n`);
    const combined = Number(/ {4}Combine output records=(\d+)\n/.exec(r.stderr)![1]);
    expect(combined).to.be.below(words / 100);
    expect(r.stderr).to.include(`    Reduce input records=${combined}\n`);
  });

  it("-mapper cat -reducer 'wc -l' counts the input lines", async () => {
    const lines = texts.reduce((a, t) => a + t.split('\n').length - 1, 0);
    const r = await stream(['-input', input, '-output', 'lines', '-mapper', 'cat', '-reducer', 'wc -l']);
    expect(r.code, r.stderr).to.equal(0);
    // wc's output line has no tab: all key, an empty value
    expect(read(path.join(dir, 'lines', 'part-r-00000'))).to.equal(`${lines}\t\n`);
  });

  it('is map-only with -reducer NONE or -numReduceTasks 0: part-m files, one per map, in input order', async () => {
    const expected = ['one line\t\nanother\tline with a tab\n', 'b first\t\n\t\nb third\t\n'];
    for (const [out, args] of [
      ['maponly-none', ['-reducer', 'NONE']],
      ['maponly-zero', ['-reducer', 'wc -l', '-numReduceTasks', '0']],
    ] as const) {
      const r = await stream(['-input', 'a.txt', '-input', 'b.txt', '-output', out, '-mapper', 'cat', ...args]);
      expect(r.code, r.stderr).to.equal(0);
      expect(fs.readdirSync(path.join(dir, out)).sort()).to.deep.equal(['_SUCCESS', '_logs', 'part-m-00000', 'part-m-00001']);
      expect(parts(path.join(dir, out)).map((p) => read(path.join(dir, out, p)))).to.deep.equal(expected);
    }
  });

  it('runs a python3 script shipped with -file from the task working directory, with its data file beside it', async () => {
    fs.writeFileSync(path.join(dir, 'py.txt'), 'the cat sat on a mat\nof mice and the men\n');
    const r = await stream([
      '-input', 'py.txt', '-output', 'py-out', '-mapper', 'wordfilter.py', '-reducer', 'NONE',
      '-file', path.join(FIXTURES, 'wordfilter.py'), '-file', path.join(FIXTURES, 'stopwords.txt'),
    ]);
    expect(r.code, r.stderr).to.equal(0);
    const attempt = `attempt_${jobId(r).slice(4)}_m_000000_0`;
    expect(read(path.join(dir, 'py-out', 'part-m-00000'))).to.equal(
      ['cat', 'sat', 'on', 'mat', 'mice', 'and', 'men'].map((w) => `${w}\t1\n`).join('') + `cwd\t${attempt}\n`,
    );
    expect(r.stderr).to.match(/INFO mapred\.JobClient: {3}WordFilter\n.*INFO mapred\.JobClient: {5}Skipped=4\n/);
  });

  it('gives the command the job configuration and -cmdenv in its environment, in its own directory', async () => {
    const file = path.join(dir, 'env.txt');
    fs.writeFileSync(file, 'x\ny\n');
    const r = await stream(
      [
        '-input', file, '-output', 'env-out',
        '-mapper', 'cat > /dev/null; echo "map|$GREETING|$mapred_task_id|$mapred_tip_id|$mapred_job_id|$mapred_task_is_map|$mapred_task_partition|$map_input_file|$map_input_start|$map_input_length|$custom_key|$(pwd)|$TMPDIR"',
        '-reducer', 'cat; echo "reduce|$GREETING|$mapred_task_id|$mapred_task_is_map|$mapred_task_partition|$mapred_work_output_dir|$mapred_reduce_tasks"',
        '-cmdenv', 'GREETING=hello world',
      ],
      ['-D', 'custom.key=custom value'],
    );
    expect(r.code, r.stderr).to.equal(0);
    const job = jobId(r).slice(4);
    const mapDir = path.join(tmp, 'mapred', 'local', 'streaming', `attempt_${job}_m_000000_0`);
    expect(read(path.join(dir, 'env-out', 'part-r-00000'))).to.equal(
      [
        `map|hello world|attempt_${job}_m_000000_0|task_${job}_m_000000|job_${job}|true|0|file:${file}|0|4|custom value|${mapDir}|${mapDir}/tmp\t`,
        `reduce|hello world|attempt_${job}_r_000000_0|false|0|file:${dir}/env-out/_temporary/_attempt_${job}_r_000000_0|1\t`,
        '',
      ].join('\n'),
    );
  });

  it('turns reporter:counter: stderr lines into counters and passes other stderr lines on', async () => {
    const r = await stream([
      '-input', 'a.txt', '-input', 'b.txt', '-output', 'counters', '-reducer', 'NONE',
      '-mapper', `awk '{ print; n++ } END { print "reporter:counter:Stream Stats,Lines," n > "/dev/stderr"; print "reporter:status:counted " n > "/dev/stderr"; print "a plain diagnostic" > "/dev/stderr" }'`,
    ]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/INFO mapred\.JobClient: {3}Stream Stats\n.*INFO mapred\.JobClient: {5}Lines=5\n/);
    expect(r.stderr.split('\n').filter((l) => l === 'a plain diagnostic')).to.have.length(2);
    expect(r.stderr).not.to.include('reporter:');
  });

  it('fails the job when a command exits non-zero, unless stream.non.zero.exit.is.failure=false', async () => {
    const failed = await stream(['-input', 'a.txt', '-output', 'exit-fail', '-mapper', 'cat; exit 3'], ['-D', 'mapred.map.max.attempts=2']);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.include('Job Failed: Task task_');
    expect(failed.stderr).to.include('failed 2 times. Last error: PipeMapRed.waitOutputThreads(): subprocess failed with code 3\n');
    expect(failed.stderr).to.include('ERROR streaming.StreamJob: Job not Successful!\nStreaming Command Failed!\n');
    expect(parts(path.join(dir, 'exit-fail'))).to.deep.equal([]);

    const tolerated = await stream(['-input', 'a.txt', '-output', 'exit-ok', '-mapper', 'cat; exit 3'], ['-D', 'stream.non.zero.exit.is.failure=false']);
    expect(tolerated.code, tolerated.stderr).to.equal(0);
    expect(read(path.join(dir, 'exit-ok', 'part-r-00000'))).to.equal('another\tline with a tab\none line\t\n');
  });

  it('gives the mapper key<TAB>value lines for KeyValueTextInputFormat, the line alone for TextInputFormat', async () => {
    fs.writeFileSync(path.join(dir, 'kv.txt'), 'a:b\nc:d:e\nf\n');
    const run = (out: string, format: string) =>
      stream(['-input', 'kv.txt', '-output', out, '-inputformat', format, '-mapper', `sed 's/^/</'`, '-reducer', 'NONE'], ['-D', 'key.value.separator.in.input.line=:']);
    const kv = await run('kv-out', 'KeyValueTextInputFormat');
    expect(kv.code, kv.stderr).to.equal(0);
    expect(read(path.join(dir, 'kv-out', 'part-m-00000'))).to.equal('<a\tb\n<c\td:e\n<f\t\n');
    const text = await run('text-out', 'org.apache.hadoop.mapred.TextInputFormat');
    expect(text.code, text.stderr).to.equal(0);
    expect(read(path.join(dir, 'text-out', 'part-m-00000'))).to.equal('<a:b\t\n<c:d:e\t\n<f\t\n');
  });

  it('writes SequenceFiles of Text and reads them back with SequenceFileAsTextInputFormat', async () => {
    const w = await stream(['-input', 'a.txt', '-output', 'seq', '-mapper', 'cat', '-reducer', 'NONE', '-outputformat', 'SequenceFileOutputFormat']);
    expect(w.code, w.stderr).to.equal(0);
    const bytes = fs.readFileSync(path.join(dir, 'seq', 'part-m-00000'));
    expect(bytes.subarray(0, 4).toString('latin1')).to.equal('SEQ\x06');
    expect(bytes.toString('latin1')).to.include('org.apache.hadoop.io.Text');
    const r = await stream(['-input', 'seq', '-output', 'seq-text', '-mapper', 'cat', '-reducer', 'NONE', '-inputformat', 'SequenceFileAsTextInputFormat']);
    expect(r.code, r.stderr).to.equal(0);
    expect(read(path.join(dir, 'seq-text', 'part-m-00000'))).to.equal('one line\t\nanother\tline with a tab\n');
  });

  it('partitions on the first of two key fields with KeyFieldBasedPartitioner, sorted on both (secondary sort)', async () => {
    const records = ['b\t2', 'a\t10', 'c\t1', 'a\t2', 'e\t5', 'd\t1', 'b\t1', 'a\t1', 'e\t0'];
    fs.writeFileSync(path.join(dir, 'pairs.txt'), records.join('\n') + '\n');
    const r = await stream(
      ['-input', 'pairs.txt', '-output', 'keyfield', '-mapper', 'cat', '-reducer', 'cat', '-numReduceTasks', '3',
        '-partitioner', 'org.apache.hadoop.mapred.lib.KeyFieldBasedPartitioner'],
      ['-D', 'stream.num.map.output.key.fields=2', '-D', 'mapred.text.key.partitioner.options=-k1,1'],
    );
    expect(r.code, r.stderr).to.equal(0);
    // Hadoop's hash of a one-byte first field is its code: a=97, b=98, ... modulo 3
    const expected = [['c'], ['a', 'd'], ['b', 'e']].map((users) =>
      records
        .filter((l) => users.includes(l.split('\t')[0]))
        .sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
        .map((l) => `${l}\t\n`)
        .join(''),
    );
    expect(parts(path.join(dir, 'keyfield')).map((p) => read(path.join(dir, 'keyfield', p)))).to.deep.equal(expected);
  });

  it('prints usage for -help and refuses bad arguments with one line and exit code 1', async () => {
    const help = await stream(['-help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: hadoop jar streaming \[genericOptions\] \[streamingOptions\]\n/);
    const cases: Array<[string[], string]> = [
      [['-output', 'x'], 'Required argument: -input <name>\nTry -help for more information\n'],
      [['-input', 'a.txt', '-output', 'x', '-bogus'], 'Unrecognized option: -bogus\nTry -help for more information\n'],
      [['-input', 'a.txt', '-output', 'x', '-D', 'k=v'], 'Generic option -D must come before the streaming options\nTry -help for more information\n'],
      [['-input', 'a.txt', '-output', 'x', '-inputformat', 'NoSuchFormat'], "-inputformat: unknown class 'NoSuchFormat'; use one of TextInputFormat, KeyValueTextInputFormat, SequenceFileInputFormat, SequenceFileAsTextInputFormat or a module and its export (file.js#Class)\nTry -help for more information\n"],
      [['-input', 'a.txt', '-output', 'x', '-file', 'missing.py'], `hadoop: File: ${path.join(dir, 'missing.py')} does not exist, or is not readable.\n`],
      [['-input', 'missing', '-output', 'x', '-mapper', 'cat'], `hadoop: Input path does not exist: file:${path.join(dir, 'missing')}\n`],
    ];
    for (const [args, stderr] of cases) {
      const r = await stream(args);
      expect({ code: r.code, stderr: r.stderr }, args.join(' ')).to.deep.equal({ code: 1, stderr });
    }
    expect(fs.existsSync(path.join(dir, 'x'))).to.equal(false);
  });

  it('leaves no working directories or staged -file copies behind', () => {
    expect(fs.readdirSync(path.join(tmp, 'mapred', 'local', 'streaming'))).to.deep.equal([]);
    expect(fs.readdirSync(path.join(tmp, 'mapred', 'staging', os.userInfo().username, '.staging'))).to.deep.equal([]);
  });
});
