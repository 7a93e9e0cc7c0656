/**
 * Copies src[start, end) to dst at `at`; returns the bytes copied. Below about 24 bytes a plain
 * loop beats Buffer.copy's fixed cost (a native call and argument checks, ~60 ns here); above
 * it the native copy wins.
 */
export function copyBytes(src: Uint8Array, start: number, end: number, dst: Uint8Array, at: number): number {
  const n = end - start;
  if (n < 24) {
    for (let i = 0; i < n; i++) dst[at + i] = src[start + i];
  } else if (start === 0 && end === src.length) {
    // a whole array needs no view: the cheapest native copy
    dst.set(src, at);
  } else {
    // Buffer's copy takes the range without allocating a view
    Buffer.prototype.copy.call(src, dst, at, start, end);
  }
  return n;
}
