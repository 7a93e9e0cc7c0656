import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import type { JobContext } from '../mapreduce/api/context';
import type { InputFormat } from '../mapreduce/api/input-format';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../mapreduce/lib/input/file-split';
import { KeyValueTextInputFormat } from '../mapreduce/lib/input/key-value-text-input-format';
import { NLineInputFormat } from '../mapreduce/lib/input/nline-input-format';
import { TaskAttemptContextImpl } from '../mapreduce/task/task-context';
import { rmrf, tempDir } from './helpers';

function jobOf(conf: Configuration): JobContext {
  return { getConfiguration: () => conf, getJobID: () => 'job_local_0001' };
}

/** Every split's records, as strings, one array per split. */
async function readAll(format: InputFormat, conf: Configuration): Promise<string[][]> {
  const context = new TaskAttemptContextImpl(conf, 'attempt_local_0001_m_000000_0');
  const out: string[][] = [];
  for (const split of await format.getSplits(jobOf(conf))) {
    const reader = format.createRecordReader(split, context);
    await reader.initialize(split, context);
    const records: string[] = [];
    while (await reader.nextKeyValue()) records.push(`${reader.getCurrentKey()}|${reader.getCurrentValue()}`);
    await reader.close();
    out.push(records);
  }
  return out;
}

describe('KeyValueTextInputFormat', () => {
  let dir: string;
  before(() => (dir = tempDir('kv-input-')));
  after(() => rmrf(dir));

  it('splits each line at the first tab; a line without one is all key', async () => {
    fs.writeFileSync(path.join(dir, 'tab.txt'), 'k1\tv1\nnovalue\na\tb\tc\n\tleading\ntrailing\t\r\n');
    const conf = new Configuration({ loadSiteFiles: false });
    FileInputFormat.setInputPaths(jobOf(conf), path.join(dir, 'tab.txt'));
    expect(await readAll(new KeyValueTextInputFormat(), conf)).to.deep.equal([
      ['k1|v1', 'novalue|', 'a|b\tc', '|leading', 'trailing|'],
    ]);
  });

  it('uses the first character of key.value.separator.in.input.line', async () => {
    fs.writeFileSync(path.join(dir, 'comma.txt'), 'x,1\ny;z,2,3\n');
    const conf = new Configuration({ loadSiteFiles: false }).set('key.value.separator.in.input.line', ',;');
    FileInputFormat.setInputPaths(jobOf(conf), path.join(dir, 'comma.txt'));
    expect(await readAll(new KeyValueTextInputFormat(), conf)).to.deep.equal([['x|1', 'y;z|2,3']]);
  });
});

describe('NLineInputFormat', () => {
  let dir: string;
  before(() => (dir = tempDir('nline-input-')));
  after(() => rmrf(dir));

  const lines = (file: string, text: string, n: number) => {
    fs.writeFileSync(path.join(dir, file), text);
    const conf = new Configuration({ loadSiteFiles: false });
    NLineInputFormat.setNumLinesPerSplit(jobOf(conf), n);
    FileInputFormat.setInputPaths(jobOf(conf), path.join(dir, file));
    return conf;
  };

  it('stores each split of N lines as (start - 1, length), the first as (0, length - 1)', async () => {
    const conf = lines('a.txt', 'a\nbb\nccc\n', 1);
    const splits = (await new NLineInputFormat().getSplits(jobOf(conf))) as FileSplit[];
    expect(splits.map((s) => [s.getStart(), s.getLength(), s.getLocations()])).to.deep.equal([
      [0, 1, []],
      [1, 3, []],
      [4, 4, []],
    ]);
    expect(await readAll(new NLineInputFormat(), conf)).to.deep.equal([['0|a'], ['2|bb'], ['5|ccc']]);
  });

  it('gives every split N lines and the last the rest, for \\n, \\r\\n and a missing final newline', async () => {
    const conf = lines('b.txt', 'l1\r\nl2\nl3\r\n\r\nl5\rl6\nl7', 3);
    expect(await readAll(new NLineInputFormat(), conf)).to.deep.equal([
      ['0|l1', '4|l2', '7|l3'],
      ['11|', '13|l5', '16|l6'],
      ['19|l7'],
    ]);
  });

  it('reads a one-byte first line once when N is 1', async () => {
    const conf = lines('c.txt', '\nabc\nd\n', 1);
    expect((await readAll(new NLineInputFormat(), conf)).flat()).to.deep.equal(['0|', '1|abc', '5|d']);
  });

  it('reads mapred.line.input.format.linespermap', async () => {
    const conf = lines('d.txt', Array.from({ length: 10 }, (_, i) => `line${i}`).join('\n') + '\n', 1);
    conf.set('mapred.line.input.format.linespermap', 4);
    const got = await readAll(new NLineInputFormat(), conf);
    expect(got.map((s) => s.length)).to.deep.equal([4, 4, 2]);
    expect(got.flat().map((r) => r.split('|')[1])).to.deep.equal(Array.from({ length: 10 }, (_, i) => `line${i}`));
  });

  it('refuses compressed input, which it cannot cut into lines', async () => {
    const conf = lines('f.txt.gz', 'not really gzip', 1);
    try {
      await new NLineInputFormat().getSplits(jobOf(conf));
      expect.fail('expected an error');
    } catch (e) {
      expect((e as Error).message).to.equal(
        `file:${dir}/f.txt.gz: NLineInputFormat cannot split compressed input; decompress it first`,
      );
    }
  });

  it('gives an empty file no splits', async () => {
    const conf = lines('e.txt', '', 2);
    expect(await new NLineInputFormat().getSplits(jobOf(conf))).to.deep.equal([]);
  });
});
