import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ctor } from '../../common/classes';
import type { InputFormat } from '../api/input-format';
import type { OutputFormat } from '../api/output-format';
import type { Partitioner } from '../api/partitioner';
import { KeyValueTextInputFormat } from '../lib/input/key-value-text-input-format';
import { SequenceFileInputFormat } from '../lib/input/sequence-file-input-format';
import { TextInputFormat } from '../lib/input/text-input-format';
import { SequenceFileOutputFormat } from '../lib/output/sequence-file-output-format';
import { TextOutputFormat } from '../lib/output/text-output-format';
import { HashPartitioner } from '../lib/partition/hash-partitioner';
import { KeyFieldBasedPartitioner } from './key-field-based-partitioner';
import { StreamUsageError } from './stream-args';
import { SequenceFileAsTextInputFormat } from './sequence-file-as-text-input-format';

/**
 * The classes -inputformat, -outputformat and -partitioner name: Hadoop's short or full class
 * names (org.apache.hadoop.mapred.TextInputFormat, ...) for the built-in ones, or a JS module
 * and its export (`lib/my-format.js#MyFormat`) for the user's own.
 */
const INPUT_FORMATS: Record<string, Ctor<InputFormat>> = {
  TextInputFormat,
  KeyValueTextInputFormat,
  SequenceFileInputFormat,
  SequenceFileAsTextInputFormat,
};

const OUTPUT_FORMATS: Record<string, Ctor<OutputFormat>> = {
  TextOutputFormat,
  SequenceFileOutputFormat,
};

const PARTITIONERS: Record<string, Ctor<Partitioner>> = {
  HashPartitioner: HashPartitioner as Ctor<Partitioner>,
  KeyFieldBasedPartitioner,
};

export function inputFormatClass(name: string): Ctor<InputFormat> {
  return resolve(name, INPUT_FORMATS, '-inputformat');
}

export function outputFormatClass(name: string): Ctor<OutputFormat> {
  return resolve(name, OUTPUT_FORMATS, '-outputformat');
}

export function partitionerClass(name: string): Ctor<Partitioner> {
  return resolve(name, PARTITIONERS, '-partitioner');
}

/** The class name without its package: org.apache.hadoop.mapred.TextInputFormat -> TextInputFormat. */
function shortName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function resolve<T>(name: string, known: Record<string, Ctor<T>>, option: string): Ctor<T> {
  const hash = name.lastIndexOf('#');
  if (hash > 0) return fromModule<T>(name.slice(0, hash), name.slice(hash + 1), option);
  const short = shortName(name);
  if (Object.hasOwn(known, short) && (short === name || name.startsWith('org.apache.hadoop.'))) return known[short];
  throw new StreamUsageError(`${option}: unknown class '${name}'; use one of ${Object.keys(known).join(', ')} or a module and its export (file.js#Class)`);
}

function fromModule<T>(file: string, exportName: string, option: string): Ctor<T> {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs)) throw new StreamUsageError(`${option}: module ${abs} does not exist`);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs) as Record<string, unknown>;
  } catch (e) {
    throw new StreamUsageError(`${option}: cannot load module ${abs}: ${(e as Error).message}`);
  }
  const cls = mod[exportName];
  if (typeof cls !== 'function') throw new StreamUsageError(`${option}: module ${abs} does not export a class ${exportName}`);
  return cls as Ctor<T>;
}
