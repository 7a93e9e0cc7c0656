import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Configuration } from '../common/conf/configuration';
import { parseGenericOptions } from '../common/conf/generic-options';

/**
 * Hadoop's ExampleDriver: `hadoop jar examples <program> args...`. Each program is a module
 * exporting `description` (one line) and `main(args, conf)`.
 */
interface ExampleModule {
  description: string;
  main(args: string[], conf: Configuration): Promise<number>;
}

const PROGRAMS: Record<string, string> = {
  grep: 'grep',
  invertedindex: 'invertedindex',
  join: 'join',
  multifilewc: 'multifilewc',
  pagerank: 'pagerank',
  pi: 'pi',
  randomtextwriter: 'randomtextwriter',
  secondarysort: 'secondarysort',
  sort: 'sort',
  teragen: 'terasort/teragen',
  terasort: 'terasort/terasort',
  teravalidate: 'terasort/teravalidate',
  wordcount: 'wordcount',
};

function load(name: string): ExampleModule | null {
  const file = path.join(__dirname, PROGRAMS[name] + '.js');
  if (!PROGRAMS[name] || !fs.existsSync(file)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as ExampleModule;
}

function listPrograms(): string {
  const lines = ['Valid program names are:'];
  for (const name of Object.keys(PROGRAMS).sort()) {
    const mod = load(name);
    if (mod) lines.push(`  ${name}: ${mod.description}`);
  }
  return lines.join('\n') + '\n';
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length === 0) {
    process.stderr.write('An example program must be given as the first argument.\n' + listPrograms());
    return 1;
  }
  const program = Object.hasOwn(PROGRAMS, args[0]) ? load(args[0]) : null;
  if (!program) {
    process.stderr.write(`Unknown program '${args[0]}' chosen.\n` + listPrograms());
    return 1;
  }
  return program.main(parseGenericOptions(conf, args.slice(1)), conf);
}
