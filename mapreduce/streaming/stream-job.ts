import type { Configuration } from '../../common/conf/configuration';
import { getLog } from '../../common/log';
import { Job } from '../api/job';
import { checkRequired, DETAILED_USAGE, parseStreamArgs, StreamOptions, StreamUsageError, USAGE } from './stream-args';
import { configureStreamJob } from './stream-job-setup';
import { StreamConf, StreamKeys } from './stream-conf';
import { checkShippedFiles, removeStaging, stageFiles } from './ship-files';

const LOG = getLog('streaming.StreamJob');

export const description = 'Hadoop Streaming: a job whose mapper and reducer are shell commands.';

/**
 * `hadoop jar streaming [generic options] [streaming options]`: Hadoop's StreamJob. Exit code 0
 * when the job succeeded, 1 when it failed or the arguments were wrong.
 */
export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length === 0) {
    process.stderr.write(`No Arguments Given!\n${USAGE}`);
    return 1;
  }
  let options: StreamOptions;
  try {
    options = parseStreamArgs(args);
    if (options.help) {
      process.stdout.write(DETAILED_USAGE);
      return 0;
    }
    checkRequired(options);
  } catch (e) {
    if (!(e instanceof StreamUsageError)) throw e;
    process.stderr.write(`${e.message}\nTry -help for more information\n`);
    return 1;
  }
  const shipped = checkShippedFiles(options.files);
  const job = Job.getInstance(conf);
  try {
    configureStreamJob(job, options, shipped);
  } catch (e) {
    if (!(e instanceof StreamUsageError)) throw e;
    process.stderr.write(`${e.message}\nTry -help for more information\n`);
    return 1;
  }
  const jobConf = job.getConfiguration();
  const staging = await stageFiles(jobConf, shipped);
  try {
    if (options.verbose) describe(jobConf, shipped);
    const ok = await job.waitForCompletion(true);
    if (!ok) {
      LOG.error('Job not Successful!');
      process.stderr.write('Streaming Command Failed!\n');
      return 1;
    }
    LOG.info(`Output: ${options.output}`);
    return 0;
  } finally {
    await removeStaging(jobConf, staging).catch((e: Error) => LOG.warn(`Could not remove the staging directory ${staging}: ${e.message}`));
  }
}

/** -verbose: what the job will run, as StreamJob's STREAM: lines. */
function describe(conf: Configuration, shipped: string[]): void {
  const show = (what: string, cmd: string | null) => LOG.info(`${what}: ${cmd ?? '(identity)'}`);
  show('map command', StreamConf.mapCommand(conf));
  if (conf.get(StreamKeys.COMBINE_PROCESSOR)) show('combine command', StreamConf.combineCommand(conf));
  if (conf.getInt('mapred.reduce.tasks') === 0) LOG.info('reduce: NONE (map-only)');
  else show('reduce command', StreamConf.reduceCommand(conf));
  for (const f of shipped) LOG.info(`shipped file: ${f}`);
  for (const [k, v] of conf.entries()) LOG.info(`jobconf ${k}=${v}`);
}
