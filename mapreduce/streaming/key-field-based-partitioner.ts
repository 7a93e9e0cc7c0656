import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import { Partitioner } from '../api/partitioner';

const LOG = getLog('lib.KeyFieldBasedPartitioner');

export const PARTITIONER_OPTIONS = 'mapred.text.key.partitioner.options';
const PARTITIONER_OPTIONS_H2 = 'mapreduce.partition.keypartitioner.options';
export const KEY_FIELD_SEPARATOR = 'map.output.key.field.separator';
const KEY_FIELD_SEPARATOR_H2 = 'mapreduce.map.output.key.field.separator';

/** One `-k pos1[,pos2]` of the options, fields and characters counted from 1 (0 = to the end). */
export interface KeySpec {
  beginField: number;
  beginChar: number;
  endField: number;
  endChar: number;
}

/**
 * Hadoop's KeyFieldBasedPartitioner (with KeyFieldHelper's rules), the partitioner of streaming
 * jobs whose key has several fields: `-D mapred.text.key.partitioner.options=-k1,1` sends every
 * key with the same first field (fields split at map.output.key.field.separator, a tab by
 * default) to the same reduce. The hash is Hadoop's, over the UTF-8 bytes of the chosen parts
 * (`h = 31*h + signed byte`), so keys land in the partitions Hadoop would put them in.
 */
export class KeyFieldBasedPartitioner<V = unknown> extends Partitioner<unknown, V> {
  private specs: KeySpec[] = [];
  /** False when the options named no -k: the whole key is one field. */
  private fieldsNamed = false;
  private separator = Buffer.from('\t');

  configure(conf: Configuration): void {
    this.separator = Buffer.from(conf.get(KEY_FIELD_SEPARATOR) ?? conf.get(KEY_FIELD_SEPARATOR_H2) ?? '\t', 'utf8');
    const deprecated = conf.get('num.key.fields.for.partition');
    if (deprecated !== undefined) {
      LOG.warn(`Using deprecated num.key.fields.for.partition. Use ${PARTITIONER_OPTIONS} instead`);
      const n = conf.getInt('num.key.fields.for.partition', 0);
      this.specs = n >= 1 ? [{ beginField: 1, beginChar: 1, endField: n, endChar: 0 }] : [];
      this.fieldsNamed = this.specs.length > 0;
      return;
    }
    this.setOptions(conf.get(PARTITIONER_OPTIONS) ?? conf.get(PARTITIONER_OPTIONS_H2) ?? '');
  }

  /** Reads `-k pos1[,pos2]` specs (and ignores the sort flags n, r that only comparators use). */
  setOptions(options: string): void {
    this.specs = [];
    this.fieldsNamed = false;
    if (options.trim() === '') return;
    const args = options.trim().split(/\s+/);
    for (let i = 0; i < args.length; i++) {
      if (!args[i].startsWith('-k')) continue;
      const spec = args[i].length > 2 ? args[i].slice(2) : args[++i];
      if (spec === undefined || spec === '') continue;
      this.specs.push(parseKeySpec(spec));
      this.fieldsNamed = true;
    }
    if (this.specs.length === 0) this.specs.push({ beginField: 1, beginChar: 1, endField: 0, endChar: 0 });
  }

  getPartition(key: unknown, _value: V, numPartitions: number): number {
    if (this.specs.length === 0) return (javaStringHash(String(key)) & 0x7fffffff) % numPartitions;
    const bytes = Buffer.from(String(key), 'utf8');
    if (bytes.length === 0) return 0;
    const lengths = this.fieldLengths(bytes);
    let hash = 0;
    for (const spec of this.specs) {
      const start = this.startOffset(bytes, lengths, spec);
      if (start < 0) continue;
      const end = this.endOffset(bytes, lengths, spec);
      for (let i = start; i <= end; i++) hash = (Math.imul(31, hash) + ((bytes[i] << 24) >> 24)) | 0;
    }
    return (hash & 0x7fffffff) % numPartitions;
  }

  /**
   * [number of fields, length of field 1, length of field 2, ...]; one field when none are named.
   * A key ending in a separator has an empty last field (its length is left out, read as 0).
   */
  private fieldLengths(b: Buffer): number[] {
    if (!this.fieldsNamed) return [1];
    const lengths = [0];
    let start = 0;
    for (let pos = b.indexOf(this.separator); pos !== -1; pos = b.indexOf(this.separator, start)) {
      lengths.push(pos - start);
      // Hadoop steps one byte past a separator, whatever its length
      start = pos + 1;
    }
    lengths[0] = lengths.length;
    if (start !== b.length) lengths.push(b.length - start);
    return lengths;
  }

  private startOffset(b: Buffer, lengths: number[], k: KeySpec): number {
    if (lengths[0] < k.beginField) return -1;
    let position = 0;
    for (let i = 1; i < k.beginField; i++) position += (lengths[i] ?? 0) + this.separator.length;
    return position + k.beginChar <= b.length ? position + k.beginChar - 1 : -1;
  }

  private endOffset(b: Buffer, lengths: number[], k: KeySpec): number {
    if (k.endField === 0 || lengths[0] < k.endField) return b.length - 1;
    let position = 0;
    let i = 1;
    for (; i < k.endField; i++) position += (lengths[i] ?? 0) + this.separator.length;
    if (k.endChar === 0) position += lengths[i] ?? 0;
    return position + k.endChar <= b.length ? position + k.endChar - 1 : b.length - 1;
  }
}

/** `f[.c][nr][,f[.c][nr]]`, as KeyFieldHelper reads it. */
export function parseKeySpec(spec: string): KeySpec {
  const m = /^(\d+)(?:\.(\d+))?[nr]*(?:,(\d+)(?:\.(\d+))?[nr]*)?$/.exec(spec);
  if (!m) {
    throw new HadoopError(
      'CONF_BAD_VALUE',
      `Invalid -k argument '${spec}'. Must be of the form -k pos1,[pos2], where pos is of the form f[.c]nr`,
    );
  }
  return {
    beginField: Number(m[1]),
    beginChar: m[2] !== undefined ? Number(m[2]) : 1,
    endField: m[3] !== undefined ? Number(m[3]) : 0,
    endChar: m[4] !== undefined ? Number(m[4]) : 0,
  };
}

/** Java's String.hashCode over UTF-16 code units. */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
