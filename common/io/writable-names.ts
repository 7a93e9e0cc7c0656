import type { Configuration } from '../conf/configuration';
import { HadoopError } from '../errors';
import { classRef, loadClass } from '../classes';
import type { DataInputBuffer } from './data-input';
import type { DataOutputBuffer } from './data-output';
import type { Writable, WritableClass } from './writable';
import {
  BooleanWritable,
  BytesWritable,
  DoubleWritable,
  FloatWritable,
  IntWritable,
  LongWritable,
  NullWritable,
  Text,
} from './writables';

/**
 * How a SequenceFile lays out a value of one class. For Hadoop's built-in types this is Hadoop's
 * own Writable form (Text = vint length + UTF-8, IntWritable = signed big-endian int, ...), so a
 * file of built-in types is a real SequenceFile that Hadoop can read. (Our in-memory encodings
 * differ: they are order-preserving and framed by the record.) Other classes use their own
 * write/readFields, framed by the record's key length.
 */
export interface WritableSerializer<T = Writable> {
  write(value: T, out: DataOutputBuffer): void;
  read(input: DataInputBuffer): T;
}

interface BuiltIn {
  name: string;
  cls: WritableClass;
  serializer: WritableSerializer<never>;
}

function builtIn<T extends Writable>(name: string, cls: WritableClass<T>, serializer: WritableSerializer<T>): BuiltIn {
  return { name: `org.apache.hadoop.io.${name}`, cls, serializer: serializer as WritableSerializer<never> };
}

const BUILT_INS: BuiltIn[] = [
  builtIn('Text', Text, {
    write: (v, out) => {
      const s = v.toString();
      out.writeVInt(Buffer.byteLength(s, 'utf8'));
      out.writeUtf8(s);
    },
    read: (input) => new Text(input.readString()),
  }),
  builtIn('IntWritable', IntWritable, {
    write: (v, out) => out.writeInt(v.get()),
    read: (input) => new IntWritable(input.readInt()),
  }),
  builtIn('LongWritable', LongWritable, {
    write: (v, out) => out.writeLong(v.get()),
    read: (input) => new LongWritable(input.readLong()),
  }),
  builtIn('DoubleWritable', DoubleWritable, {
    write: (v, out) => out.writeDouble(v.get()),
    read: (input) => new DoubleWritable(input.readDouble()),
  }),
  builtIn('FloatWritable', FloatWritable, {
    write: (v, out) => {
      out.ensure(4);
      out.data.writeFloatBE(v.get(), out.length);
      out.length += 4;
    },
    read: (input) => {
      const bytes = input.readBytes(4);
      return new FloatWritable(bytes.readFloatBE(0));
    },
  }),
  builtIn('BooleanWritable', BooleanWritable, {
    write: (v, out) => out.writeBoolean(v.get()),
    read: (input) => new BooleanWritable(input.readBoolean()),
  }),
  builtIn('NullWritable', NullWritable, {
    write: () => undefined,
    read: () => NullWritable.get(),
  }),
  builtIn('BytesWritable', BytesWritable, {
    write: (v, out) => {
      out.writeInt(v.getLength());
      out.writeBytes(v.getBytes());
    },
    read: (input) => new BytesWritable(Buffer.from(input.readBytes(input.readInt()))),
  }),
];

const BY_CLASS = new Map<WritableClass, BuiltIn>(BUILT_INS.map((b) => [b.cls, b]));
const BY_NAME = new Map<string, BuiltIn>(BUILT_INS.map((b) => [b.name, b]));

/** Hadoop's class name for a built-in Writable, else the class reference tasks load it by. */
export function writableClassName(cls: WritableClass, conf: Configuration): string {
  return BY_CLASS.get(cls)?.name ?? classRef(cls, conf);
}

/** The class for a name writableClassName produced (or a Hadoop built-in's name). */
export function writableClassForName(name: string, conf: Configuration): WritableClass {
  const known = BY_NAME.get(name);
  if (known) return known.cls;
  if (!/^(hadoop|jar|file):/.test(name)) {
    const names = BUILT_INS.map((b) => b.name.slice('org.apache.hadoop.io.'.length)).join(', ');
    throw new HadoopError('IO_UNKNOWN_CLASS', `Unknown Writable class ${name}: only Hadoop's ${names} or classes written by this Hadoop can be read`);
  }
  return loadClass<Writable>(name, conf);
}

/** The serializer a SequenceFile uses for values of cls. */
export function writableSerializer<T extends Writable>(cls: WritableClass<T>): WritableSerializer<T> {
  const known = BY_CLASS.get(cls as WritableClass);
  if (known) return known.serializer as unknown as WritableSerializer<T>;
  return {
    write: (v, out) => v.write(out),
    read: (input) => {
      const v = new cls();
      v.readFields(input);
      return v;
    },
  };
}

export function isBuiltInWritable(cls: WritableClass): boolean {
  return BY_CLASS.has(cls);
}
