import type { Configuration } from '../common/conf/configuration';
import { parseGenericOptions } from '../common/conf/generic-options';

/** Hadoop's ExampleDriver: `hadoop jar examples <program> args...`. */
interface Program {
  description: string;
  load: () => { main(args: string[], conf: Configuration): Promise<number> };
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const PROGRAMS: Record<string, Program> = {
  grep: {
    description: 'A map/reduce program that counts the matches of a regex in the input.',
    load: () => require('./grep'),
  },
  randomtextwriter: {
    description: 'A map/reduce program that writes random textual data, deterministic for a seed.',
    load: () => require('./randomtextwriter'),
  },
  wordcount: {
    description: 'A map/reduce program that counts the words in the input files.',
    load: () => require('./wordcount'),
  },
};

function listPrograms(): string {
  const lines = ['Valid program names are:'];
  for (const name of Object.keys(PROGRAMS).sort()) lines.push(`  ${name}: ${PROGRAMS[name].description}`);
  return lines.join('\n') + '\n';
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length === 0) {
    process.stderr.write('An example program must be given as the first argument.\n' + listPrograms());
    return 1;
  }
  const program = PROGRAMS[args[0]];
  if (!program) {
    process.stderr.write(`Unknown program '${args[0]}' chosen.\n` + listPrograms());
    return 1;
  }
  return program.load().main(parseGenericOptions(conf, args.slice(1)), conf);
}
