/**
 * Sorts record indexes by (partition, 32-bit key prefix) with a stable LSD radix sort: 8 bits a
 * pass, passes skipped where every record has the same byte. Runs of equal (partition, prefix)
 * are then ordered by `tieBreak`, the full key comparison. For random keys that leaves almost
 * nothing to compare; for keys sharing prefixes it sorts only within the shared runs.
 */
export function radixSortIndexes(
  partitions: ArrayLike<number>,
  prefixes: Uint32Array,
  n: number,
  tieBreak: (a: number, b: number) => number,
): Uint32Array {
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(256);
  const pass = (byteOf: (rec: number) => number) => {
    count.fill(0);
    for (let i = 0; i < n; i++) count[byteOf(idx[i])]++;
    for (let b = 0; b < 256; b++) if (count[b] === n) return; // one bucket: nothing moves
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = idx[i];
      tmp[count[byteOf(r)]++] = r;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  };
  for (let shift = 0; shift < 32; shift += 8) pass((r) => (prefixes[r] >>> shift) & 255);
  let maxPartition = 0;
  for (let i = 0; i < n; i++) if (partitions[i] > maxPartition) maxPartition = partitions[i];
  for (let shift = 0; maxPartition >>> shift > 0; shift += 8) pass((r) => (partitions[r] >>> shift) & 255);

  // order the runs that share partition and prefix
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const p = partitions[idx[start]];
    const x = prefixes[idx[start]];
    while (end < n && partitions[idx[end]] === p && prefixes[idx[end]] === x) end++;
    if (end - start > 1) idx.subarray(start, end).sort(tieBreak);
    start = end;
  }
  return idx;
}
