/**
 * Hadoop's ChmodParser: an octal mode (`755`, `1777`, sticky bit optional) or symbolic clauses
 * `[ugoa]*[+-=]+[rwxXt]+` separated by commas (`u+x,g-w,a=r`). No class means all three (no umask).
 * `X` adds execute only to directories and to files that already have an execute bit; `t` is
 * the sticky bit. Clauses apply left to right, like chmod(1).
 */
export type ModeFunction = (existing: number, isDirectory: boolean) => number;

const OCTAL = /^\s*\+?([01]?)([0-7]{3})\s*$/;
const CLAUSE = /^([ugoa]*)([+=-]+)([rwxXt]+)$/;
const SHIFT: Record<string, number> = { u: 6, g: 3, o: 0 };

/** Returns null when the text is not a mode. */
export function parseMode(text: string): ModeFunction | null {
  const octal = OCTAL.exec(text);
  if (octal) {
    const mode = parseInt((octal[1] || '0') + octal[2], 8);
    return () => mode;
  }
  const clauses = text.trim().split(/\s*,\s*/);
  const parsed: Array<{ who: number[]; op: string; bits: string }> = [];
  for (const c of clauses) {
    const m = CLAUSE.exec(c);
    if (!m) return null;
    const classes = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1];
    const shifts = [...new Set(classes)].map((c) => SHIFT[c]);
    parsed.push({ who: shifts, op: m[2][m[2].length - 1], bits: m[3] });
  }
  return (existing, isDirectory) => {
    let mode = existing & 0o1777;
    for (const { who, op, bits } of parsed) {
      const exeOk = isDirectory || (mode & 0o111) !== 0;
      let rwx = 0;
      if (bits.includes('r')) rwx |= 4;
      if (bits.includes('w')) rwx |= 2;
      if (bits.includes('x') || (bits.includes('X') && exeOk)) rwx |= 1;
      for (const shift of who) {
        const cur = (mode >> shift) & 7;
        const next = op === '+' ? cur | rwx : op === '-' ? cur & ~rwx : rwx;
        mode = (mode & ~(7 << shift)) | (next << shift);
      }
      // the sticky bit goes with the "other" class, as in Hadoop
      if (who.includes(0)) {
        const sticky = bits.includes('t');
        if (op === '+' && sticky) mode |= 0o1000;
        else if (op === '-' && sticky) mode &= ~0o1000;
        else if (op === '=') mode = sticky ? mode | 0o1000 : mode & ~0o1000;
      }
    }
    return mode;
  };
}
