/**
 * A streaming command talks back on stderr: `<prefix>counter:GROUP,NAME,AMOUNT` increments a
 * counter, `<prefix>status:MESSAGE` sets the task's status (prefix `reporter:` by default,
 * stream.stderr.reporter.prefix). Any other line is the command's own stderr.
 */
export type ReporterLine =
  | { kind: 'counter'; group: string; name: string; amount: number }
  | { kind: 'status'; message: string }
  /** Starts with the prefix but is neither form: Hadoop logs a warning and drops it. */
  | { kind: 'invalid'; warning: string }
  | { kind: 'stderr' };

export function parseReporterLine(line: string, prefix: string): ReporterLine {
  if (!line.startsWith(prefix)) return { kind: 'stderr' };
  const counterPrefix = prefix + 'counter:';
  const statusPrefix = prefix + 'status:';
  if (line.startsWith(counterPrefix)) {
    const columns = line.slice(counterPrefix.length).trim().split(',');
    if (columns.length !== 3) return { kind: 'invalid', warning: `Cannot parse counter line: ${line}` };
    const amount = columns[2].trim();
    if (!/^[-+]?\d+$/.test(amount) || !Number.isSafeInteger(Number(amount))) {
      return { kind: 'invalid', warning: `Cannot parse counter increment '${columns[2]}' from line: ${line}` };
    }
    return { kind: 'counter', group: columns[0], name: columns[1], amount: Number(amount) };
  }
  if (line.startsWith(statusPrefix)) return { kind: 'status', message: line.slice(statusPrefix.length).trim() };
  return { kind: 'invalid', warning: `Cannot parse reporter line: ${line}` };
}
