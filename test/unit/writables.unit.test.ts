import { expect } from 'chai';
import { DataInputBuffer } from '../../common/io/data-input';
import { DataOutputBuffer } from '../../common/io/data-output';
import { compareBytes } from '../../common/io/writable';
import { BytesWritable, DoubleWritable, FloatWritable, fromBytes, IntWritable, LongWritable, NullWritable, Text, toBytes } from '../../common/io/writables';

describe('Writables', () => {
  const order = <T extends { write(o: DataOutputBuffer): void }>(values: T[]) => {
    const bytes = values.map(toBytes);
    for (let i = 1; i < bytes.length; i++) {
      expect(compareBytes(bytes[i - 1], 0, bytes[i - 1].length, bytes[i], 0, bytes[i].length), `index ${i}`).to.be.lessThan(0);
    }
  };

  it('encode integers so that byte order is numeric order', () => {
    order([-2147483648, -70000, -1, 0, 1, 255, 256, 2147483647].map((v) => new IntWritable(v)));
    order([-(2 ** 53) + 1, -4294967296, -1, 0, 1, 4294967295, 4294967296, 2 ** 53 - 1].map((v) => new LongWritable(v)));
    order([-Infinity, -1e300, -1.5, -0.5, 0, 1e-300, 0.5, 2, 1e300, Infinity].map((v) => new DoubleWritable(v)));
    order([-1e30, -1, 0, 0.25, 3, 1e30].map((v) => new FloatWritable(v)));
  });

  it('orders Text by unsigned UTF-8 bytes, shorter first', () => {
    order(['', 'A', 'Z', 'a', 'ab', 'abc', 'b', 'é', '中'].map((s) => new Text(s)));
    expect(new Text('é').compareTo(new Text('z'))).to.be.greaterThan(0);
  });

  it('round-trips every type', () => {
    expect(fromBytes(new IntWritable(), toBytes(new IntWritable(-42))).get()).to.equal(-42);
    expect(fromBytes(new LongWritable(), toBytes(new LongWritable(-123456789012))).get()).to.equal(-123456789012);
    expect(fromBytes(new DoubleWritable(), toBytes(new DoubleWritable(-3.25))).get()).to.equal(-3.25);
    expect(fromBytes(new Text(), toBytes(new Text('héllo wörld'))).toString()).to.equal('héllo wörld');
    expect(fromBytes(new BytesWritable(), toBytes(new BytesWritable(Buffer.from([0, 255, 7])))).getBytes()).to.deep.equal(Buffer.from([0, 255, 7]));
    expect(toBytes(NullWritable.get()).length).to.equal(0);
  });

  it("matches Java's hashCode", () => {
    // String.hashCode-like over signed UTF-8 bytes with h starting at 1 (WritableComparator.hashBytes)
    // "hello".hashCode() is 99162322 in Java; hashBytes starts at 1, adding 31^5
    expect(new Text('hello').hashCode()).to.equal(127791473);
    expect(new Text('').hashCode()).to.equal(1);
    expect(new Text('a').hashCode()).to.equal(31 + 97);
    expect(new Text('é').hashCode()).to.equal((Math.imul(31, 31 + (0xc3 - 256)) + (0xa9 - 256)) | 0);
    expect(new IntWritable(-5).hashCode()).to.equal(-5);
    expect(new LongWritable(4294967297).hashCode()).to.equal(0);
  });

  it('writes and reads vints like Hadoop', () => {
    const out = new DataOutputBuffer(4);
    const values = [0, 1, -1, 127, 128, -112, -113, 255, 65536, -65536, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER];
    for (const v of values) out.writeVLong(v);
    expect(out.data.subarray(0, 3)).to.deep.equal(Buffer.from([0, 1, 0xff]));
    const input = new DataInputBuffer(out.data, 0, out.length);
    expect(values.map(() => input.readVLong())).to.deep.equal(values);
  });
});
