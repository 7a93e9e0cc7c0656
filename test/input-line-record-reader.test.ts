import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Configuration } from '../common/conf/configuration';
import { Path } from '../common/fs';
import { FileInputFormatCounter } from '../mapreduce/api/counters';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../mapreduce/lib/input/file-split';
import { LineReader } from '../mapreduce/lib/input/line-reader';
import { LineRecordReader } from '../mapreduce/lib/input/line-record-reader';
import { TextInputFormat } from '../mapreduce/lib/input/text-input-format';
import { TaskAttemptContextImpl } from '../mapreduce/task/task-context';
import { rmrf, tempDir } from './helpers';

type Rec = [number, string];

/** The lines of a file with their byte offsets, found independently of the reader. */
function expectedLines(content: Buffer): Rec[] {
  const out: Rec[] = [];
  let start = 0;
  let i = 0;
  while (i < content.length) {
    const b = content[i];
    if (b === 10 || b === 13) {
      out.push([start, content.toString('utf8', start, i)]);
      i += b === 13 && content[i + 1] === 10 ? 2 : 1;
      start = i;
    } else i++;
  }
  if (start < content.length) out.push([start, content.toString('utf8', start)]);
  return out;
}

function contextFor(conf: Configuration): TaskAttemptContextImpl {
  return new TaskAttemptContextImpl(conf, 'attempt_local_0001_m_000000_0');
}

async function readSplit(conf: Configuration, split: FileSplit, context = contextFor(conf)): Promise<Rec[]> {
  const reader = new LineRecordReader();
  await reader.initialize(split, context);
  const out: Rec[] = [];
  try {
    while (await reader.nextKeyValue()) out.push([reader.getCurrentKey().get(), reader.getCurrentValue().toString()]);
    expect(reader.getProgress()).to.be.within(0, 1);
  } finally {
    await reader.close();
  }
  return out;
}

/** Reads a file as consecutive splits of splitSize bytes and concatenates their records. */
async function readInSplits(conf: Configuration, file: string, splitSize: number): Promise<Rec[]> {
  const length = fs.statSync(file).size;
  const out: Rec[] = [];
  const p = new Path(`file:${file}`);
  if (length === 0) return readSplit(conf, new FileSplit(p, 0, 0));
  for (let start = 0; start < length; start += splitSize) {
    out.push(...(await readSplit(conf, new FileSplit(p, start, Math.min(splitSize, length - start)))));
  }
  return out;
}

const FILES: Record<string, string> = {
  lf: 'alpha\nbeta\n\ngamma delta\nepsilon\n',
  crlf: 'alpha\r\nbeta\r\n\r\ngamma delta\r\nepsilon\r\n',
  cr: 'alpha\rbeta\r\rgamma\r',
  mixed: 'one\r\ntwo\nthree\rfour\r\n\n\r\r\nfive\n\rsix',
  noTrailingNewline: 'first\nsecond\nthird',
  empty: '',
  onlyNewlines: '\n\r\n\r\n\n',
  longLine: 'a\n' + 'x'.repeat(300) + '\r\nb\nc\r\n' + 'y'.repeat(120) + '\nend',
  unicode: 'héllo wörld\n日本語のテキスト\r\nüber\rok',
};

describe('LineRecordReader', function () {
  this.timeout(120000);
  let dir: string;

  before(() => {
    dir = tempDir('line-reader-');
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  });

  after(() => rmrf(dir));

  const conf = (bufferSize: number) => new Configuration({ loadSiteFiles: false }).set('io.file.buffer.size', bufferSize);

  for (const name of Object.keys(FILES)) {
    it(`reads every line of '${name}' exactly once for every split size and read buffer size`, async () => {
      const file = path.join(dir, name);
      const content = fs.readFileSync(file);
      const expected = expectedLines(content);
      // byte-sized chunks on the short files; the long one would take minutes at that size
      for (const bufferSize of content.length > 100 ? [13, 65536] : [1, 2, 3, 7, 65536]) {
        for (let splitSize = 1; splitSize <= content.length + 1; splitSize++) {
          const got = await readInSplits(conf(bufferSize), file, splitSize);
          expect(got, `split size ${splitSize}, buffer ${bufferSize}`).to.deep.equal(expected);
        }
      }
    });
  }

  it('gives a line that starts exactly at a split end to the split before', async () => {
    const file = path.join(dir, 'lf'); // alpha\n beta\n ...: "beta" starts at 6
    const p = new Path(`file:${file}`);
    expect(await readSplit(conf(4096), new FileSplit(p, 0, 6))).to.deep.equal([
      [0, 'alpha'],
      [6, 'beta'],
    ]);
    expect(await readSplit(conf(4096), new FileSplit(p, 6, 5))).to.deep.equal([[11, '']]);
  });

  it('splits a \\r\\n between two splits without an empty line or a lost line', async () => {
    const file = path.join(dir, 'crlf'); // "alpha\r\n": \r at 5, \n at 6, "beta" at 7
    const p = new Path(`file:${file}`);
    expect(await readSplit(conf(4096), new FileSplit(p, 0, 6))).to.deep.equal([[0, 'alpha']]);
    expect(await readSplit(conf(4096), new FileSplit(p, 6, 3))).to.deep.equal([[7, 'beta']]);
  });

  it('returns nothing from a split inside a line longer than the split', async () => {
    const file = path.join(dir, 'longLine');
    const p = new Path(`file:${file}`);
    expect(await readSplit(conf(64), new FileSplit(p, 50, 100))).to.deep.equal([]);
    expect(await readSplit(conf(64), new FileSplit(p, 0, 10))).to.deep.equal([
      [0, 'a'],
      [2, 'x'.repeat(300)],
    ]);
  });

  it('skips lines longer than mapred.linerecordreader.maxlength', async () => {
    const c = conf(16).set('mapred.linerecordreader.maxlength', 100);
    const file = path.join(dir, 'longLine');
    const got = await readSplit(c, new FileSplit(new Path(`file:${file}`), 0, fs.statSync(file).size));
    expect(got).to.deep.equal([
      [0, 'a'],
      [304, 'b'],
      [306, 'c'],
      [430, 'end'],
    ]);
  });

  it('counts the bytes it consumed in BYTES_READ', async () => {
    const file = path.join(dir, 'mixed');
    const c = conf(4096);
    const context = contextFor(c);
    await readSplit(c, new FileSplit(new Path(`file:${file}`), 0, fs.statSync(file).size), context);
    expect(context.counters.value(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ)).to.equal(
      fs.statSync(file).size,
    );
  });

  it('reads gzip input whole, with the same records as the plain file', async () => {
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'z'.repeat(i % 37)}`).join('\r\n') + '\nlast';
    fs.writeFileSync(path.join(dir, 'big.txt'), text);
    const gz = zlib.gzipSync(Buffer.from(text));
    fs.mkdirSync(path.join(dir, 'gz'));
    fs.writeFileSync(path.join(dir, 'gz', 'big.txt.gz'), gz);
    const c = conf(4096).set('mapred.max.split.size', 1000);
    const job = { getConfiguration: () => c, getJobID: () => 'job_local_0001' };
    FileInputFormat.setInputPaths(job, path.join(dir, 'gz'));
    const format = new TextInputFormat();
    const splits = (await format.getSplits(job)) as FileSplit[];
    expect(splits.length).to.equal(1);
    const context = contextFor(c);
    const got = await readSplit(c, splits[0], context);
    expect(got).to.deep.equal(expectedLines(Buffer.from(text)));
    expect(got.length).to.equal(5001);
    expect(context.counters.value(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ)).to.equal(gz.length);
  });

  it('names the file when compressed input is corrupt', async () => {
    const file = path.join(dir, 'bad.gz');
    fs.writeFileSync(file, 'this is not gzip data\n');
    try {
      await readSplit(conf(4096), new FileSplit(new Path(`file:${file}`), 0, fs.statSync(file).size));
      expect.fail('expected an error');
    } catch (e) {
      expect((e as Error).message).to.equal(`file:${file}: cannot decompress: incorrect header check`);
    }
  });

  it('reads a split of TextInputFormat through its record reader', async () => {
    const c = conf(4096).set('mapred.max.split.size', 10);
    const job = { getConfiguration: () => c, getJobID: () => 'job_local_0001' };
    FileInputFormat.setInputPaths(job, path.join(dir, 'noTrailingNewline'));
    const format = new TextInputFormat();
    const context = contextFor(c);
    const got: Rec[] = [];
    for (const split of await format.getSplits(job)) {
      const r = format.createRecordReader(split, context);
      await r.initialize(format.splitFromJSON(JSON.parse(JSON.stringify(split))), context);
      while (await r.nextKeyValue()) got.push([r.getCurrentKey().get(), r.getCurrentValue().toString()]);
      await r.close();
    }
    expect(got).to.deep.equal([
      [0, 'first'],
      [6, 'second'],
      [13, 'third'],
    ]);
  });
});

describe('LineReader', () => {
  async function lines(chunks: string[]): Promise<Array<[number, string]>> {
    const reader = new LineReader((async function* () {
      for (const c of chunks) yield Buffer.from(c, 'latin1');
    })());
    const out: Array<[number, string]> = [];
    for (;;) {
      const n = await reader.readLine();
      if (n === 0) break;
      out.push([n, reader.lineText()]);
    }
    return out;
  }

  it('joins a \\r\\n that straddles two chunks into one terminator', async () => {
    expect(await lines(['ab\r', '\ncd\r', '\r', '\n'])).to.deep.equal([
      [4, 'ab'],
      [3, 'cd'],
      [2, ''],
    ]);
  });

  it('treats a final \\r as a terminator and a line across many chunks as one', async () => {
    expect(await lines(['a', 'b', 'c', '', 'd\r'])).to.deep.equal([[5, 'abcd']]);
    expect(await lines(['x\r', 'y'])).to.deep.equal([
      [2, 'x'],
      [1, 'y'],
    ]);
  });
});
