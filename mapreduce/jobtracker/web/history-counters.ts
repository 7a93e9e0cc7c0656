import type { CountersJSON } from '../../api/counters';

/**
 * Counters as a history line writes them (Hadoop 1's compact form):
 * `{(group)(group display)[(name)(display)(value)]...}...`, with `{}()[].\` escaped by a
 * backslash inside names. Returns group -> name -> value; anything malformed ends the parse
 * with what was read so far (a history page shows what it can).
 */
export function parseHistoryCounters(text: string): CountersJSON {
  const out: CountersJSON = {};
  let i = 0;
  const token = (): string | null => {
    if (text[i] !== '(') return null;
    i++;
    let s = '';
    while (i < text.length && text[i] !== ')') {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      s += text[i++];
    }
    if (text[i] !== ')') return null;
    i++;
    return s;
  };
  while (i < text.length && text[i] === '{') {
    i++;
    const group = token();
    if (group === null || token() === null) return out;
    const names: Record<string, number> = out[group] ?? {};
    while (text[i] === '[') {
      i++;
      const name = token();
      const display = name === null ? null : token();
      const value = display === null ? null : token();
      if (name === null || value === null || text[i] !== ']' || !/^-?\d+$/.test(value)) return out;
      i++;
      names[name] = Number(value);
    }
    if (text[i] !== '}') return out;
    i++;
    out[group] = names;
  }
  return out;
}
