import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Configuration } from '../common/conf/configuration';
import { isHadoopError } from '../common/errors';
import { DoubleWritable, IntWritable, NullWritable, Text } from '../common/io/writables';
import { FileOutputFormatCounter } from '../mapreduce/api/counters';
import type { RecordWriter } from '../mapreduce/api/output-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { TextOutputFormat } from '../mapreduce/lib/output/text-output-format';
import { TaskAttemptContextImpl } from '../mapreduce/task/task-context';
import { rmrf, tempDir } from './helpers';

describe('TextOutputFormat', () => {
  let dir: string;
  let conf: Configuration;
  let context: TaskAttemptContextImpl;

  beforeEach(() => {
    dir = tempDir('text-output-');
    conf = new Configuration({ loadSiteFiles: false });
    FileOutputFormat.setOutputPath({ getConfiguration: () => conf }, path.join(dir, 'out'));
    context = new TaskAttemptContextImpl(conf, 'attempt_local_0001_r_000001_0');
  });
  afterEach(() => rmrf(dir));

  const workFile = (ext = '') => path.join(dir, 'out', '_temporary', '_attempt_local_0001_r_000001_0', `part-r-00001${ext}`);

  async function writeAll(records: Array<[unknown, unknown]>): Promise<RecordWriter<unknown, unknown>> {
    const writer = await new TextOutputFormat().getRecordWriter(context);
    for (const [k, v] of records) {
      const r = writer.write(k, v);
      if (r) await r;
    }
    await writer.close(context);
    return writer;
  }

  it('writes key TAB value lines; a null side drops it and the separator; both null write nothing', async () => {
    await writeAll([
      [new Text('k'), new IntWritable(1)],
      [null, new Text('value only')],
      [NullWritable.get(), new Text('value only too')],
      [new Text('key only'), null],
      [new Text('key only too'), NullWritable.get()],
      [null, null],
      [NullWritable.get(), NullWritable.get()],
      [undefined, undefined],
      ['plain string', 2.5],
      [new Text('日本'), new DoubleWritable(3)],
      [new Text(''), new Text('')],
    ]);
    expect(fs.readFileSync(workFile(), 'utf8')).to.equal(
      'k\t1\nvalue only\nvalue only too\nkey only\nkey only too\nplain string\t2.5\n日本\t3.0\n\t\n',
    );
  });

  it('uses mapred.textoutputformat.separator', async () => {
    conf.set('mapred.textoutputformat.separator', ' => ');
    await writeAll([[new Text('a'), new Text('b')]]);
    expect(fs.readFileSync(workFile(), 'utf8')).to.equal('a => b\n');
  });

  it('counts BYTES_WRITTEN and has the whole file on disk when close resolves', async () => {
    const records: Array<[unknown, unknown]> = [];
    for (let i = 0; i < 50000; i++) records.push([new Text(`key-${i}`), new IntWritable(i)]);
    await writeAll(records);
    const expected = records.map(([k, v]) => `${k}\t${v}\n`).join('');
    expect(fs.readFileSync(workFile(), 'utf8')).to.equal(expected);
    const size = fs.statSync(workFile()).size;
    expect(size).to.equal(Buffer.byteLength(expected));
    expect(context.counters.value(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN)).to.equal(size);
  });

  it('returns a promise from write only when the stream must drain', async () => {
    const writer = await new TextOutputFormat().getRecordWriter(context);
    expect(writer.write(new Text('small'), new Text('record'))).to.equal(undefined);
    let promises = 0;
    let undefinedReturns = 0;
    const line = 'x'.repeat(1000);
    for (let i = 0; i < 2000; i++) {
      const r = writer.write(new Text(line), null);
      if (r) {
        promises++;
        await r;
      } else undefinedReturns++;
    }
    await writer.close(context);
    expect(promises).to.be.greaterThan(0);
    expect(undefinedReturns).to.be.greaterThan(promises * 10);
    expect(fs.statSync(workFile()).size).to.equal('small\trecord\n'.length + 2000 * 1001);
  });

  it('gzips the output to part-r-NNNNN.gz when mapred.output.compress is true', async () => {
    conf.set('mapred.output.compress', true);
    const records: Array<[unknown, unknown]> = [];
    for (let i = 0; i < 20000; i++) records.push([new Text(`word${i % 100}`), new IntWritable(i)]);
    await writeAll(records);
    const gz = fs.readFileSync(workFile('.gz'));
    expect(zlib.gunzipSync(gz).toString('utf8')).to.equal(records.map(([k, v]) => `${k}\t${v}\n`).join(''));
    expect(context.counters.value(FileOutputFormatCounter.group, FileOutputFormatCounter.BYTES_WRITTEN)).to.equal(gz.length);
    expect(fs.existsSync(workFile())).to.equal(false);
  });

  it('uses the codec named by mapred.output.compression.codec and refuses unknown ones', async () => {
    conf.set('mapred.output.compress', true);
    conf.set('mapred.output.compression.codec', 'org.apache.hadoop.io.compress.DefaultCodec');
    await writeAll([[new Text('a'), new Text('b')]]);
    expect(zlib.inflateSync(fs.readFileSync(workFile('.deflate'))).toString()).to.equal('a\tb\n');

    conf.set('mapred.output.compression.codec', 'org.apache.hadoop.io.compress.SnappyCodec');
    try {
      await new TextOutputFormat().getRecordWriter(context);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'IO_UNKNOWN_CODEC')).to.equal(true);
      expect((e as Error).message).to.match(/^Compression codec org.apache.hadoop.io.compress.SnappyCodec \(from mapred.output.compression.codec\) is not supported/);
    }
  });

  it('does not overwrite a file an attempt already wrote', async () => {
    await writeAll([[new Text('first'), null]]);
    try {
      await new TextOutputFormat().getRecordWriter(context);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'FS_FILE_EXISTS')).to.equal(true);
    }
    expect(fs.readFileSync(workFile(), 'utf8')).to.equal('first\n');
  });
});
