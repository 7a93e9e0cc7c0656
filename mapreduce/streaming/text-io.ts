import { Text } from '../../common/io/writables';

/**
 * Streaming's text io (Hadoop's TextOutputReader): a line of a command's output is split after
 * its `keyFields`-th separator; the left part is the key, the rest the value. A line with fewer
 * separators is all key, with an empty value.
 */
export class LineSplitter {
  /** Reused for every line: the engine copies or writes a record before the next one. */
  readonly key = new Text();
  readonly value = new Text();

  constructor(
    private readonly separator: string,
    private readonly keyFields: number,
  ) {}

  split(line: string): void {
    const sep = this.separator;
    let pos = line.indexOf(sep);
    for (let k = 1; k < this.keyFields && pos !== -1; k++) pos = line.indexOf(sep, pos + sep.length);
    if (pos === -1) {
      this.key.set(line);
      this.value.set('');
    } else {
      this.key.set(line.slice(0, pos));
      this.value.set(line.slice(pos + sep.length));
    }
  }
}

/** Hadoop's TextInputWriter: `key SEP value\n`, or `value\n` when the key is ignored. */
export function formatRecord(key: unknown, value: unknown, separator: string, ignoreKey: boolean): string {
  return ignoreKey ? `${String(value)}\n` : `${String(key)}${separator}${String(value)}\n`;
}
