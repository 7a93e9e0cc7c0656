/**
 * Sorts record indexes by (partition, first 8 key bytes) with a stable LSD radix sort: 8 bits a
 * pass, passes skipped where every record has the same byte. Runs of equal (partition, prefix)
 * are then ordered by `tieBreak`, the full key comparison, unless the whole run is one key
 * (`sameKey`), as for the many equal words of a wordcount without combiner.
 */
export function radixSortIndexes(
  partitions: ArrayLike<number>,
  prefixes: Uint32Array,
  prefixes2: Uint32Array,
  n: number,
  tieBreak: (a: number, b: number) => number,
  sameKey: (a: number, b: number) => boolean,
): Uint32Array {
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const count = new Uint32Array(256);
  const pass = (keys: ArrayLike<number>, shift: number) => {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[idx[i]] >>> shift) & 255]++;
    for (let b = 0; b < 256; b++) if (count[b] === n) return; // one bucket: nothing moves
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = idx[i];
      tmp[count[(keys[r] >>> shift) & 255]++] = r;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  };
  for (let shift = 0; shift < 32; shift += 8) pass(prefixes2, shift);
  for (let shift = 0; shift < 32; shift += 8) pass(prefixes, shift);
  let maxPartition = 0;
  for (let i = 0; i < n; i++) if (partitions[i] > maxPartition) maxPartition = partitions[i];
  for (let shift = 0; maxPartition >>> shift > 0; shift += 8) pass(partitions, shift);

  // order the runs that share partition and prefix
  for (let start = 0; start < n; ) {
    let end = start + 1;
    const p = partitions[idx[start]];
    const x = prefixes[idx[start]];
    const y = prefixes2[idx[start]];
    while (end < n && partitions[idx[end]] === p && prefixes[idx[end]] === x && prefixes2[idx[end]] === y) end++;
    if (end - start > 1) {
      let k = start + 1;
      while (k < end && sameKey(idx[start], idx[k])) k++;
      if (k < end) idx.subarray(start, end).sort(tieBreak);
    }
    start = end;
  }
  return idx;
}
