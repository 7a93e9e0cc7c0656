import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';

/** One partition's place in a map output file. */
export interface IndexRecord {
  startOffset: number;
  rawLength: number;
  partLength: number;
}

/**
 * The `.index` file beside a map output: per partition three big-endian int64s
 * (startOffset, rawLength, partLength), then an 8-byte CRC32 of those entries.
 */
export function writeSpillIndex(file: string, records: IndexRecord[]): void {
  const buf = Buffer.alloc(records.length * 24 + 8);
  records.forEach((r, i) => {
    buf.writeBigInt64BE(BigInt(r.startOffset), i * 24);
    buf.writeBigInt64BE(BigInt(r.rawLength), i * 24 + 8);
    buf.writeBigInt64BE(BigInt(r.partLength), i * 24 + 16);
  });
  const crc = zlib.crc32(buf.subarray(0, records.length * 24));
  buf.writeBigInt64BE(BigInt(crc >>> 0), records.length * 24);
  fs.writeFileSync(file, buf);
}

export function parseSpillIndex(buf: Buffer, describe: string): IndexRecord[] {
  if (buf.length < 8 || (buf.length - 8) % 24 !== 0) {
    throw new HadoopError('MR_CORRUPT_MAP_OUTPUT', `Corrupt map output index ${describe}: bad length ${buf.length}`);
  }
  const n = (buf.length - 8) / 24;
  const crc = zlib.crc32(buf.subarray(0, n * 24)) >>> 0;
  if (Number(buf.readBigInt64BE(n * 24)) !== crc) {
    throw new HadoopError('MR_CORRUPT_MAP_OUTPUT', `Corrupt map output index ${describe}: checksum mismatch`);
  }
  const out: IndexRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      startOffset: Number(buf.readBigInt64BE(i * 24)),
      rawLength: Number(buf.readBigInt64BE(i * 24 + 8)),
      partLength: Number(buf.readBigInt64BE(i * 24 + 16)),
    });
  }
  return out;
}

export function readSpillIndex(file: string): IndexRecord[] {
  return parseSpillIndex(fs.readFileSync(file), file);
}
