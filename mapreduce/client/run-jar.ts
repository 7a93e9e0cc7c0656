import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import { parseGenericOptions } from '../../common/conf/generic-options';
import { HadoopError } from '../../common/errors';
import { DIST_ROOT } from '../../common/home';
import { JobKeys } from '../api/job-keys';

/** What a job module ("jar") exports: main(args, conf) returning an exit code. */
export type JobMain = (args: string[], conf: Configuration) => number | void | Promise<number | void>;

const EXAMPLES = path.join(DIST_ROOT, 'examples', 'example-driver.js');
const STREAMING = path.join(DIST_ROOT, 'mapreduce', 'streaming', 'stream-job.js');

/**
 * `hadoop jar JARFILE [MAINCLASS] args...`: JARFILE is a JS module (or the word `examples` or
 * `streaming`);
 * MAINCLASS names an export with a main; generic options at the front of the program's
 * arguments are applied, as ToolRunner does.
 */
export async function runJar(conf: Configuration, args: string[]): Promise<number> {
  if (args.length === 0) {
    process.stderr.write('Usage: hadoop jar <jar> [mainClass] args...\n');
    return 1;
  }
  const jar = args[0] === 'examples' ? EXAMPLES : args[0] === 'streaming' ? STREAMING : path.resolve(args[0]);
  if (!fs.existsSync(jar) || !fs.statSync(jar).isFile()) {
    throw new HadoopError('MR_JAR_NOT_FOUND', `JAR does not exist or is not a normal file: ${jar}`);
  }
  conf.set(JobKeys.JAR, jar);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(jar) as Record<string, unknown>;
  } catch (e) {
    throw new HadoopError('MR_JAR_LOAD', `Cannot load job module ${jar}: ${(e as Error).message}`);
  }
  let main: JobMain | undefined;
  let rest = args.slice(1);
  const named = args[1] !== undefined ? mod[args[1]] : undefined;
  if (named !== undefined && (typeof named === 'function' || typeof named === 'object')) {
    const candidate = (named as { main?: unknown }).main ?? named;
    if (typeof candidate === 'function') {
      main = candidate as JobMain;
      rest = args.slice(2);
    }
  }
  if (!main && typeof mod.main === 'function') main = mod.main as JobMain;
  if (!main) {
    throw new HadoopError('MR_JAR_NO_MAIN', `Job module ${jar} exports no main function (export function main(args, conf))`);
  }
  const programArgs = parseGenericOptions(conf, rest);
  const code = await main(programArgs, conf);
  return typeof code === 'number' ? code : 0;
}
