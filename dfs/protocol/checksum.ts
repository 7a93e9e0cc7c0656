import * as zlib from 'node:zlib';

/**
 * Verifying the CRC32 of many chunks at once. One zlib.crc32 per 512-byte chunk spends a third
 * of its time in the call itself; instead the data is CRCed in one pass (over the pieces it
 * arrived in) and compared with the chunk CRCs combined into the CRC of the whole (zlib's
 * crc32_combine: crc(A|B) = shift(crc(A), |B|) ^ crc(B), a linear map applied through four
 * 256-entry tables). Only when that fails are the chunks checked one by one, to name the bad one.
 */
const POLY = 0xedb88320;

/** a * b modulo the CRC polynomial (reflected bit order), as in zlib's multmodp. */
function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(8n) modulo the polynomial: the operator that appends n zero bytes to a CRC. */
function shiftOperator(n: number): number {
  let p = 0x80000000; // x^0 in reflected order
  let x2k = 0x40000000; // x^1
  for (let i = 0; i < 3; i++) x2k = multmodp(x2k, x2k); // x^8: one byte
  while (n > 0) {
    if (n & 1) p = multmodp(x2k, p);
    n = Math.floor(n / 2);
    x2k = multmodp(x2k, x2k);
  }
  return p;
}

/** A CRC shift by a fixed length as four byte tables: shift(c) = T0[c&255] ^ T1[..] ^ T2[..] ^ T3[..]. */
class Shift {
  private readonly t = new Uint32Array(1024);

  constructor(bytes: number) {
    const op = shiftOperator(bytes);
    for (let k = 0; k < 4; k++) {
      for (let v = 0; v < 256; v++) this.t[k * 256 + v] = multmodp(op, (v << (8 * k)) >>> 0);
    }
  }

  apply(c: number): number {
    const t = this.t;
    return (t[c & 255] ^ t[256 + ((c >>> 8) & 255)] ^ t[512 + ((c >>> 16) & 255)] ^ t[768 + (c >>> 24)]) >>> 0;
  }
}

const shifts = new Map<number, Shift>();

function shiftBy(bytes: number): Shift {
  let s = shifts.get(bytes);
  if (!s) {
    s = new Shift(bytes);
    if (shifts.size < 64) shifts.set(bytes, s);
  }
  return s;
}

/** CRC32 of the concatenation of the pieces. */
export function crc32Of(pieces: readonly Buffer[]): number {
  let crc = 0;
  for (const p of pieces) crc = zlib.crc32(p, crc);
  return crc >>> 0;
}

/**
 * Index of the first chunk of `pieces` (concatenated, `length` bytes) whose CRC differs from
 * `sums` (one big-endian uint32 per chunk of bytesPerChecksum), or -1 when all match.
 */
export function firstBadChunk(pieces: readonly Buffer[], length: number, sums: Buffer, bytesPerChecksum: number): number {
  const n = Math.ceil(length / bytesPerChecksum);
  if (sums.length !== n * 4) return 0;
  if (n === 0) return -1;
  const full = shiftBy(bytesPerChecksum);
  const lastLen = length - (n - 1) * bytesPerChecksum;
  let combined = sums.readUInt32BE(0);
  for (let i = 1; i < n - 1; i++) combined = (full.apply(combined) ^ sums.readUInt32BE(i * 4)) >>> 0;
  if (n > 1) combined = ((lastLen === bytesPerChecksum ? full : shiftBy(lastLen)).apply(combined) ^ sums.readUInt32BE((n - 1) * 4)) >>> 0;
  if (combined === crc32Of(pieces)) return -1;
  return slowFirstBad(pieces, length, sums, bytesPerChecksum);
}

/** Chunk by chunk, continuing a chunk's CRC across the pieces it spans. */
function slowFirstBad(pieces: readonly Buffer[], length: number, sums: Buffer, bpc: number): number {
  let chunk = 0;
  let inChunk = 0;
  let crc = 0;
  for (const p of pieces) {
    let at = 0;
    while (at < p.length) {
      const take = Math.min(bpc - inChunk, p.length - at);
      crc = zlib.crc32(p.subarray(at, at + take), crc);
      at += take;
      inChunk += take;
      if (inChunk === bpc) {
        if (crc >>> 0 !== sums.readUInt32BE(chunk * 4)) return chunk;
        chunk++;
        inChunk = 0;
        crc = 0;
      }
    }
  }
  if (inChunk > 0 && crc >>> 0 !== sums.readUInt32BE(chunk * 4)) return chunk;
  return -1;
}
