/**
 * TeraGen's 100-byte records in Hadoop 2's binary layout (GenSort): bytes 0-9 the key, 10-11
 * `00 11`, 12-43 the row id as 32 uppercase hex digits, 44-47 `88 99 AA BB`, 48-95 filler
 * (12 hex digits, each repeated 4 times), 96-99 `CC DD EE FF`. The key and filler come from a
 * hash of the row id, so any row can be generated on its own, by any map.
 */
export const RECORD_LENGTH = 100;
export const KEY_LENGTH = 10;
export const VALUE_LENGTH = 90;

const HEX = '0123456789ABCDEF';

function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Writes row `row` into out[at, at+100). */
export function generateRecord(row: number, out: Buffer, at: number): void {
  const lo = row >>> 0;
  const hi = Math.floor(row / 4294967296) >>> 0;
  const a = mix32(lo ^ mix32(hi ^ 0x9e3779b9));
  const b = mix32(a ^ 0x7f4a7c15 ^ lo);
  const c = mix32(b ^ 0x94d049bb ^ hi);
  const d = mix32(c ^ 0xbf58476d);
  out.writeUInt32BE(a, at);
  out.writeUInt32BE(b, at + 4);
  out.writeUInt16BE(c >>> 16, at + 8);
  out[at + 10] = 0x00;
  out[at + 11] = 0x11;
  // the row id in hex: 32 digits, the high ones zero for any safe integer
  let rest = row;
  for (let i = 43; i >= 12; i--) {
    out[at + i] = HEX.charCodeAt(rest % 16);
    rest = Math.floor(rest / 16);
  }
  out[at + 44] = 0x88;
  out[at + 45] = 0x99;
  out[at + 46] = 0xaa;
  out[at + 47] = 0xbb;
  for (let i = 0; i < 12; i++) {
    const nibble = i < 8 ? (d >>> (i * 4)) & 15 : (c >>> ((i - 8) * 4)) & 15;
    const ch = HEX.charCodeAt(nibble);
    const p = at + 48 + i * 4;
    out[p] = ch;
    out[p + 1] = ch;
    out[p + 2] = ch;
    out[p + 3] = ch;
  }
  out[at + 96] = 0xcc;
  out[at + 97] = 0xdd;
  out[at + 98] = 0xee;
  out[at + 99] = 0xff;
}

export function hex(b: Buffer): string {
  return b.toString('hex').toUpperCase();
}

/** Checksums are sums of each record's CRC32, mod 2^32: the same for any order of the records. */
export function addChecksum(sum: number, crc: number): number {
  return (sum + crc) % 4294967296;
}
