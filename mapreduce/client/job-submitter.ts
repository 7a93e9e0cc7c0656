import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Configuration } from '../../common/conf/configuration';
import { writeConfigurationXml } from '../../common/conf/xml';
import { FileSystem, Path, userName, writeFully } from '../../common/fs/index';
import type { JobContext } from '../api/context';
import { JobConf } from '../api/job-conf';
import { JobKeys } from '../api/job-keys';
import type { JobStatusJSON, SplitMeta } from '../protocol/types';
import type { JobTrackerClient } from './jobtracker-client';

/** Names of the job files in the staging directory (the JobTracker reads the same names). */
export const STAGED = { xml: 'job.xml', confJson: 'job.conf.json', module: 'job.js', splits: 'job.splits.json' } as const;

/**
 * What the JobClient does before a job runs on the cluster (Hadoop's JobSubmitter): a job id
 * from the JobTracker; the output spec checked and the splits computed here, so an existing
 * output directory or a missing input is refused before anything is submitted; then the job
 * files written to `<staging>/<jobId>` on the default filesystem, and the job submitted.
 */
export async function submitToJobTracker(conf: Configuration, client: JobTrackerClient): Promise<JobStatusJSON> {
  const { jobId, stagingDir } = await client.call('getNewJobId', {});
  conf.set(JobKeys.JOB_ID, jobId);
  const context: JobContext = { getConfiguration: () => conf, getJobID: () => jobId };
  await new (JobConf.outputFormat(conf))().checkOutputSpecs(context);
  const splits = await new (JobConf.inputFormat(conf))().getSplits(context);
  const numReduces = JobConf.numReduces(conf);
  const jobDir = new Path(new Path(stagingDir), jobId);
  const fs = FileSystem.get(conf, jobDir);
  await fs.mkdirs(jobDir);
  try {
    const staged = stagedConf(conf);
    const jar = conf.get(JobKeys.JAR, '');
    const raw = Object.entries(staged.toJSON()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const metas: SplitMeta[] = splits.map((s, index) => ({ index, json: s.toJSON(), hosts: s.getLocations(), length: s.getLength() }));
    // the job files are written at once: each is a round trip to the NameNode and a pipeline
    const writes: Array<Promise<void>> = [
      writeFully(fs, new Path(jobDir, STAGED.xml), writeConfigurationXml(raw)),
      writeFully(fs, new Path(jobDir, STAGED.confJson), JSON.stringify(Object.fromEntries(raw))),
      writeFully(fs, new Path(jobDir, STAGED.splits), JSON.stringify(metas)),
    ];
    if (jar) writes.push(fs.create(new Path(jobDir, STAGED.module), { overwrite: true }).then((out) => pipeline(createReadStream(jar), out)));
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const { status } = await client.call('submitJob', {
      submission: {
        jobId,
        jobDir: jobDir.toString(),
        user: userName(),
        jobName: conf.get(JobKeys.JOB_NAME, ''),
        numMaps: splits.length,
        numReduces,
      },
    });
    return status;
  } catch (e) {
    await fs.delete(jobDir, true).catch(() => undefined);
    throw e;
  }
}

/**
 * The conf as tasks get it: mapred.jar names the staged module, and class references into the
 * module (`jar:<its file name>#Name`) point at its staged name, where trackers localize it.
 */
export function stagedConf(conf: Configuration): Configuration {
  const staged = new Configuration(conf);
  const jar = conf.get(JobKeys.JAR, '');
  if (!jar) return staged;
  const from = `jar:${path.basename(jar)}#`;
  const to = `jar:${STAGED.module}#`;
  for (const [k, v] of Object.entries(conf.toJSON())) {
    if (v.includes(from)) staged.set(k, v.split(from).join(to));
  }
  staged.set(JobKeys.JAR, STAGED.module);
  return staged;
}
