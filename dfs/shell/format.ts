/** Output formatting shared by the shell commands, matching Hadoop 2's FsShell byte for byte. */

const PREFIXES = ['K', 'M', 'G', 'T', 'P', 'E'];

/**
 * StringUtils.TraditionalBinaryPrefix.long2String(n, "", decimals): below 1024 the plain
 * number; an exact multiple of a prefix without decimals (`64 M`); otherwise rounded (`1.5 K`).
 */
export function long2String(value: number, decimals = 1): string {
  let n = value;
  let sign = '';
  if (n < 0) {
    sign = '-';
    n = -n;
  }
  if (n < 1024) return sign + String(n);
  let i = 0;
  while (i < PREFIXES.length && n >= 2 ** (10 * (i + 1))) i++;
  let unit = 2 ** (10 * i);
  let symbol = PREFIXES[i - 1];
  if (n % unit === 0) return `${sign}${n / unit} ${symbol}`;
  let s = (n / unit).toFixed(decimals);
  if (s.startsWith('1024') && i < PREFIXES.length) {
    unit *= 1024;
    symbol = PREFIXES[i];
    s = (n / unit).toFixed(decimals);
  }
  return `${sign}${s} ${symbol}`;
}

export function formatSize(n: number, humanReadable: boolean): string {
  return humanReadable ? long2String(n, 1) : String(n);
}

/** FsPermission.toString: `rwxr-xr-x`, the sticky bit as `t` (or `T` without other-execute). */
export function permissionString(perm: number): string {
  const rwx = (b: number) => (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  let s = rwx((perm >> 6) & 7) + rwx((perm >> 3) & 7) + rwx(perm & 7);
  if (perm & 0o1000) s = s.slice(0, 8) + (perm & 1 ? 't' : 'T');
  return s;
}

const two = (n: number) => (n < 10 ? '0' : '') + n;

/** `yyyy-MM-dd HH:mm` in the local timezone, as `ls` prints modification times. */
export function localMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** `yyyy-MM-dd HH:mm:ss` in UTC, as `stat %y` prints times. */
export function utcSecond(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  );
}

/** Java's `%Ns`: right-aligned in at least N characters. */
export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Java's `%-Ns`: left-aligned in at least N characters. */
export function padRight(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/**
 * FsUsage.TableBuilder: columns as wide as their widest cell, two spaces apart, left-aligned
 * unless listed in rightAlign; the last left-aligned column is not padded.
 */
export function table(rows: string[][], rightAlign: number[] = []): string {
  if (rows.length === 0) return '';
  const cols = rows[0].length;
  const widths = new Array<number>(cols).fill(0);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i], c.length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (rightAlign.includes(i) ? padLeft(c, widths[i]) : i === cols - 1 ? c : padRight(c, widths[i])))
        .join('  '),
    )
    .join('\n') + '\n';
}
