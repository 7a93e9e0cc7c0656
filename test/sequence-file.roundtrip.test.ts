import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Configuration } from '../common/conf/configuration';
import { isHadoopError } from '../common/errors';
import { FileSystem } from '../common/fs';
import type { DataInputBuffer } from '../common/io/data-input';
import type { DataOutputBuffer } from '../common/io/data-output';
import {
  decodeSequenceFileToText,
  isSequenceFile,
  SequenceFileReader,
  SequenceFileWriter,
} from '../common/io/sequence-file';
import type { Writable, WritableClass } from '../common/io/writable';
import { writableClassForName, writableClassName } from '../common/io/writable-names';
import {
  BooleanWritable,
  BytesWritable,
  DoubleWritable,
  FloatWritable,
  IntWritable,
  LongWritable,
  NullWritable,
  Text,
} from '../common/io/writables';
import { rmrf, tempDir } from './helpers';

/** A user Writable: stored in the header by its class reference. */
export class Point implements Writable {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
  write(out: DataOutputBuffer): void {
    out.writeInt(this.x);
    out.writeInt(this.y);
  }
  readFields(input: DataInputBuffer): void {
    this.x = input.readInt();
    this.y = input.readInt();
  }
  toString(): string {
    return `(${this.x},${this.y})`;
  }
}

const conf = new Configuration({ loadSiteFiles: false });
const local = () => FileSystem.get(conf, '/');

async function writeFile<K extends Writable, V extends Writable>(
  file: string,
  keyClass: WritableClass<K>,
  valueClass: WritableClass<V>,
  records: Array<[K, V]>,
): Promise<void> {
  const w = await SequenceFileWriter.create(local(), file, { keyClass, valueClass, conf });
  for (const [k, v] of records) {
    const r = w.append(k, v);
    if (r) await r;
  }
  await w.close();
}

async function readFile(file: string): Promise<string[]> {
  const r = await SequenceFileReader.open(local(), file, conf);
  const out: string[] = [];
  while (await r.next()) out.push(`${r.getCurrentKey()}=${r.getCurrentValue()}`);
  await r.close();
  return out;
}

describe('SequenceFile round trip', () => {
  let dir: string;
  before(() => (dir = tempDir('seqfile-')));
  after(() => rmrf(dir));

  const cases: Array<[string, WritableClass, WritableClass, Array<[Writable, Writable]>, string[]]> = [
    [
      'Text/IntWritable',
      Text,
      IntWritable,
      [
        [new Text('héllo'), new IntWritable(-7)],
        [new Text(''), new IntWritable(2147483647)],
      ],
      ['héllo=-7', '=2147483647'],
    ],
    [
      'LongWritable/DoubleWritable',
      LongWritable,
      DoubleWritable,
      [
        [new LongWritable(-123456789012), new DoubleWritable(-0.5)],
        [new LongWritable(9007199254740991), new DoubleWritable(3)],
      ],
      ['-123456789012=-0.5', '9007199254740991=3.0'],
    ],
    [
      'FloatWritable/BooleanWritable',
      FloatWritable,
      BooleanWritable,
      [
        [new FloatWritable(1.5), new BooleanWritable(true)],
        [new FloatWritable(-2), new BooleanWritable(false)],
      ],
      ['1.5=true', '-2.0=false'],
    ],
    [
      'NullWritable/BytesWritable',
      NullWritable,
      BytesWritable,
      [
        [NullWritable.get(), new BytesWritable(Buffer.from([0, 255, 16]))],
        [NullWritable.get(), new BytesWritable(Buffer.alloc(0))],
      ],
      ['(null)=00 ff 10', '(null)='],
    ],
    ['IntWritable/Point (a user class)', IntWritable, Point, [[new IntWritable(1), new Point(3, -4)]], ['1=(3,-4)']],
  ];

  for (const [name, keyClass, valueClass, records, expected] of cases) {
    it(`reads back ${name}`, async () => {
      const file = path.join(dir, name.replace(/\W+/g, '_'));
      await writeFile(file, keyClass, valueClass, records);
      expect(await readFile(file)).to.deep.equal(expected);
      const r = await SequenceFileReader.open(local(), file, conf);
      expect([r.keyClass, r.valueClass]).to.deep.equal([keyClass, valueClass]);
      await r.close();
    });
  }

  it("writes Hadoop's header and record layout for built-in types", async () => {
    const file = path.join(dir, 'layout');
    await writeFile(file, Text, IntWritable, [[new Text('ab'), new IntWritable(7)]]);
    const bytes = fs.readFileSync(file);
    const textName = 'org.apache.hadoop.io.Text';
    const intName = 'org.apache.hadoop.io.IntWritable';
    const header = Buffer.concat([
      Buffer.from('SEQ\x06', 'latin1'),
      Buffer.from([textName.length]),
      Buffer.from(textName),
      Buffer.from([intName.length]),
      Buffer.from(intName),
      Buffer.from([0, 0]), // not compressed, not block-compressed
      Buffer.from([0, 0, 0, 0]), // no metadata
    ]);
    expect(bytes.subarray(0, header.length)).to.deep.equal(header);
    const record = bytes.subarray(header.length + 16);
    // recordLength 7, keyLength 3, Text "ab" as vint 2 + bytes, IntWritable 7 as a big-endian int
    expect(record).to.deep.equal(Buffer.from([0, 0, 0, 7, 0, 0, 0, 3, 2, 0x61, 0x62, 0, 0, 0, 7]));
    expect(isSequenceFile(bytes)).to.equal(true);
  });

  it('names built-in classes as Hadoop does and user classes by reference', () => {
    expect(writableClassName(LongWritable, conf)).to.equal('org.apache.hadoop.io.LongWritable');
    expect(writableClassForName('org.apache.hadoop.io.BytesWritable', conf)).to.equal(BytesWritable);
    const ref = writableClassName(Point, conf);
    expect(ref).to.match(/^hadoop:test\/sequence-file\.roundtrip\.test\.js#Point$/);
    expect(writableClassForName(ref, conf)).to.equal(Point);
    expect(() => writableClassForName('org.example.Custom', conf)).to.throw(/Unknown Writable class org.example.Custom/);
  });

  it('puts a sync mark at least every 2000 bytes', async () => {
    const file = path.join(dir, 'syncs');
    const records: Array<[Text, LongWritable]> = [];
    for (let i = 0; i < 3000; i++) records.push([new Text(`key-${i}`), new LongWritable(i)]);
    await writeFile(file, Text, LongWritable, records);
    const bytes = fs.readFileSync(file);
    const r = await SequenceFileReader.open(local(), file, conf);
    const marker = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), r.header.sync]);
    await r.close();
    const positions: number[] = [];
    for (let i = bytes.indexOf(marker); i >= 0; i = bytes.indexOf(marker, i + 1)) positions.push(i);
    // Hadoop's writer counts the interval from offset 0, then from the end of each mark
    let last = 0;
    for (const p of positions) {
      expect(p - last).to.be.within(2000, 2000 + 40);
      last = p + 20;
    }
    expect(bytes.length - last).to.be.lessThan(2000 + 40);
    expect(positions.length).to.be.greaterThan(20);
    expect(await readFile(file)).to.have.length(3000);
  });

  it('refuses a compressed SequenceFile with a clear error', async () => {
    const file = path.join(dir, 'compressed');
    const codec = 'org.apache.hadoop.io.compress.DefaultCodec';
    const name = 'org.apache.hadoop.io.Text';
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('SEQ\x06', 'latin1'),
        Buffer.from([name.length]),
        Buffer.from(name),
        Buffer.from([name.length]),
        Buffer.from(name),
        Buffer.from([1, 1, codec.length]),
        Buffer.from(codec),
        Buffer.alloc(20),
      ]),
    );
    try {
      await SequenceFileReader.open(local(), file, conf);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'IO_SEQUENCEFILE_COMPRESSED')).to.equal(true);
      expect((e as Error).message).to.equal(
        `${file} is a block-compressed SequenceFile (codec ${codec}); only uncompressed SequenceFiles can be read`,
      );
    }
  });

  it('refuses a file that is not a SequenceFile', async () => {
    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'hello\n');
    try {
      await SequenceFileReader.open(local(), file, conf);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'IO_NOT_SEQUENCEFILE')).to.equal(true);
      expect((e as Error).message).to.equal(`${file} is not a SequenceFile`);
    }
  });

  it('decodes to key<TAB>value lines for hadoop fs -text', async () => {
    const file = path.join(dir, 'text');
    await writeFile(file, Text, LongWritable, [
      [new Text('a'), new LongWritable(1)],
      [new Text('b c'), new LongWritable(22)],
    ]);
    const lines: string[] = [];
    // tiny chunks, so the header and records arrive in pieces
    const bytes = fs.readFileSync(file);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    for await (const line of decodeSequenceFileToText(Readable.from(chunks), conf)) lines.push(line);
    expect(lines).to.deep.equal(['a\t1\n', 'b c\t22\n']);
  });

  it('refuses a record of the wrong class', async () => {
    const w = await SequenceFileWriter.create(local(), path.join(dir, 'wrong'), { keyClass: Text, valueClass: IntWritable, conf });
    expect(() => w.append(new LongWritable(1) as unknown as Text, new IntWritable(1))).to.throw(
      'wrong key class: LongWritable is not Text',
    );
    await w.close();
  });
});
