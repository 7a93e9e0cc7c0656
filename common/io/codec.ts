import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { HadoopError } from '../errors';

/**
 * Hadoop's CompressionCodec, reduced to what streams need: a name, the file extension that
 * marks it, and a compressing and a decompressing Transform.
 */
export interface CompressionCodec {
  /** Hadoop's class name, the value of mapred.output.compression.codec. */
  readonly name: string;
  /** With the dot, e.g. `.gz`. */
  readonly defaultExtension: string;
  createOutputStream(): Transform;
  createInputStream(): Transform;
}

const CHUNK = 1 << 16;

export const GzipCodec: CompressionCodec = {
  name: 'org.apache.hadoop.io.compress.GzipCodec',
  defaultExtension: '.gz',
  createOutputStream: () => zlib.createGzip({ chunkSize: CHUNK }),
  // Node's gunzip reads concatenated gzip members, as Hadoop's GzipCodec does
  createInputStream: () => zlib.createGunzip({ chunkSize: CHUNK }),
};

/** zlib's deflate format, Hadoop's default codec. */
export const DefaultCodec: CompressionCodec = {
  name: 'org.apache.hadoop.io.compress.DefaultCodec',
  defaultExtension: '.deflate',
  createOutputStream: () => zlib.createDeflate({ chunkSize: CHUNK }),
  createInputStream: () => zlib.createInflate({ chunkSize: CHUNK }),
};

const CODECS: CompressionCodec[] = [GzipCodec, DefaultCodec];

/** The codec for a Hadoop class name (or its simple name, `GzipCodec`); null when unknown. */
export function codecByName(name: string): CompressionCodec | null {
  const n = name.trim();
  return CODECS.find((c) => c.name === n || c.name.endsWith('.' + n)) ?? null;
}

/** Like codecByName, but an unknown name is the user's error, reported with the key it came from. */
export function requireCodec(name: string, key: string): CompressionCodec {
  const codec = codecByName(name);
  if (!codec) {
    const known = CODECS.map((c) => c.name).join(', ');
    throw new HadoopError('IO_UNKNOWN_CODEC', `Compression codec ${name} (from ${key}) is not supported; use one of ${known}`);
  }
  return codec;
}

/** CompressionCodecFactory.getCodec: the codec whose extension ends the file name, or null. */
export function codecForPath(path: { toString(): string } | string): CompressionCodec | null {
  const name = typeof path === 'string' ? path : path.toString();
  return CODECS.find((c) => name.endsWith(c.defaultExtension)) ?? null;
}
