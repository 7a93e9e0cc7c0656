import type { RawComparator } from '../api/partitioner';

/** Unsigned byte order: what every one of our key encodings sorts by. */
export function compareRaw(a: Buffer, as: number, al: number, b: Buffer, bs: number, bl: number): number {
  const n = al < bl ? al : bl;
  if (n > 24) {
    const c = a.compare(b, bs, bs + n, as, as + n);
    return c !== 0 ? c : al - bl;
  }
  for (let i = 0; i < n; i++) {
    const d = a[as + i] - b[bs + i];
    if (d !== 0) return d;
  }
  return al - bl;
}

export const BYTE_ORDER: RawComparator = { compare: compareRaw };
