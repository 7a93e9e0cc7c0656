import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { FileSystem } from '../common/fs';
import { SequenceFileReader, SequenceFileWriter } from '../common/io/sequence-file';
import { LongWritable, Text } from '../common/io/writables';
import { FileInputFormatCounter, FileOutputFormatCounter } from '../mapreduce/api/counters';
import { JobKeys } from '../mapreduce/api/job-keys';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../mapreduce/lib/input/file-split';
import { SequenceFileInputFormat } from '../mapreduce/lib/input/sequence-file-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { SequenceFileOutputFormat } from '../mapreduce/lib/output/sequence-file-output-format';
import { TaskAttemptContextImpl } from '../mapreduce/task/task-context';
import { rmrf, tempDir } from './helpers';

/** Deterministic records of varied size, a few far larger than a read chunk. */
function makeRecords(n: number): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const size = i % 97 === 0 ? 70000 + (s % 5000) : s % 300;
    out.push([`${i}:` + 'k'.repeat(size), i * 1000003]);
  }
  return out;
}

async function write(conf: Configuration, file: string, records: Array<[string, number]>): Promise<void> {
  const w = await SequenceFileWriter.create(FileSystem.get(conf, file), file, { keyClass: Text, valueClass: LongWritable, conf });
  for (const [k, v] of records) {
    const r = w.append(new Text(k), new LongWritable(v));
    if (r) await r;
  }
  await w.close();
}

async function readRange(conf: Configuration, file: string, start: number, end: number): Promise<Array<[string, number]>> {
  const r = await SequenceFileReader.open<Text, LongWritable>(FileSystem.get(conf, file), file, conf, { start, end });
  const out: Array<[string, number]> = [];
  while (await r.next()) out.push([r.getCurrentKey().toString(), r.getCurrentValue().get()]);
  await r.close();
  return out;
}

async function readTiled(conf: Configuration, file: string, size: number): Promise<Array<[string, number]>> {
  const length = fs.statSync(file).size;
  const out: Array<[string, number]> = [];
  for (let start = 0; start < length; start += size) out.push(...(await readRange(conf, file, start, Math.min(length, start + size))));
  return out;
}

describe('SequenceFile read from split offsets', function () {
  this.timeout(120000);
  let dir: string;
  before(() => (dir = tempDir('seqfile-splits-')));
  after(() => rmrf(dir));

  it('reads every record exactly once across ranges of any size', async () => {
    const conf = new Configuration({ loadSiteFiles: false }).set('io.file.buffer.size', 4096);
    const file = path.join(dir, 'big.seq');
    const records = makeRecords(3000);
    await write(conf, file, records);
    const length = fs.statSync(file).size;
    for (const size of [997, 1999, 2000, 2001, 4999, 65536, 100000, length]) {
      expect(await readTiled(conf, file, size), `range size ${size}`).to.deep.equal(records);
    }
  });

  it('reads every record exactly once with one- and few-byte ranges', async () => {
    const conf = new Configuration({ loadSiteFiles: false });
    const file = path.join(dir, 'small.seq');
    const records = makeRecords(60).filter((r) => r[0].length < 1000);
    await write(conf, file, records);
    for (const size of [1, 3]) {
      expect(await readTiled(conf, file, size), `range size ${size}`).to.deep.equal(records);
    }
    // chunks of 7 bytes: headers, records and sync marks arrive in pieces
    conf.set('io.file.buffer.size', 7);
    for (const size of [333, 2001]) {
      expect(await readTiled(conf, file, size), `range size ${size}, 7-byte chunks`).to.deep.equal(records);
    }
  });

  it('gives a range with no sync mark in it no records', async () => {
    const conf = new Configuration({ loadSiteFiles: false });
    const file = path.join(dir, 'one.seq');
    await write(conf, file, [['only', 1]]);
    const length = fs.statSync(file).size;
    expect(await readRange(conf, file, 10, length)).to.deep.equal([]);
    expect(await readRange(conf, file, 0, 10)).to.deep.equal([['only', 1]]);
  });
});

describe('SequenceFileOutputFormat and SequenceFileInputFormat', function () {
  this.timeout(60000);
  let dir: string;
  before(() => (dir = tempDir('seqfile-formats-')));
  after(() => rmrf(dir));

  it('write a job output that reads back split by split', async () => {
    const conf = new Configuration({ loadSiteFiles: false });
    const out = path.join(dir, 'out');
    const job = { getConfiguration: () => conf, getJobID: () => 'job_local_0001' };
    FileOutputFormat.setOutputPath(job, out);
    conf.set(JobKeys.OUTPUT_KEY_CLASS, 'hadoop:common/io/writables.js#Text');
    conf.set(JobKeys.OUTPUT_VALUE_CLASS, 'hadoop:common/io/writables.js#LongWritable');
    const format = new SequenceFileOutputFormat<Text, LongWritable>();
    const context = new TaskAttemptContextImpl(conf, 'attempt_local_0001_r_000002_0');
    const committer = format.getOutputCommitter(context);
    await committer.setupJob(job);
    const writer = await format.getRecordWriter(context);
    const records = makeRecords(400);
    for (const [k, v] of records) {
      const r = writer.write(new Text(k), new LongWritable(v));
      if (r) await r;
    }
    await writer.close(context);
    await committer.commitTask(context);
    await committer.commitJob(job);
    const file = path.join(out, 'part-r-00002');
    const size = fs.statSync(file).size;
    expect(context.counters.value(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN)).to.equal(size);

    const inConf = new Configuration({ loadSiteFiles: false }).set('mapred.max.split.size', 50000);
    const inJob = { getConfiguration: () => inConf, getJobID: () => 'job_local_0002' };
    FileInputFormat.setInputPaths(inJob, out);
    const input = new SequenceFileInputFormat<Text, LongWritable>();
    const splits = (await input.getSplits(inJob)) as FileSplit[];
    let expectedSplits = 1;
    for (let remaining = size; remaining / 50000 > 1.1; remaining -= 50000) expectedSplits++;
    expect(splits.length).to.equal(expectedSplits);
    expect(splits.length).to.be.greaterThan(5);
    const got: Array<[string, number]> = [];
    const mapContext = new TaskAttemptContextImpl(inConf, 'attempt_local_0002_m_000000_0');
    for (const split of splits) {
      const reader = input.createRecordReader(split, mapContext);
      await reader.initialize(split, mapContext);
      while (await reader.nextKeyValue()) got.push([reader.getCurrentKey().toString(), reader.getCurrentValue().get()]);
      await reader.close();
    }
    expect(got).to.deep.equal(records);
    // splits overlap where a record crosses a split end, so each byte is read at least once
    const bytesRead = mapContext.counters.value(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ);
    expect(bytesRead).to.be.at.least(size);

    const whole = new TaskAttemptContextImpl(inConf, 'attempt_local_0002_m_000001_0');
    const reader = input.createRecordReader(splits[0], whole);
    await reader.initialize(new FileSplit(splits[0].getPath(), 0, size), whole);
    let n = 0;
    while (await reader.nextKeyValue()) n++;
    await reader.close();
    expect(n).to.equal(records.length);
    expect(whole.counters.value(FileInputFormatCounter.group, FileInputFormatCounter.BYTES_READ)).to.equal(size);
  });
});
