import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { parseConfigurationXml } from '../../common/conf/xml';
import { HadoopError } from '../../common/errors';
import { FileSystem, Path, readFully } from '../../common/fs/index';
import { JobKeys } from '../api/job-keys';
import type { SplitMeta } from '../protocol/types';

/**
 * The job files a JobClient leaves in the staging directory on the default filesystem, and how
 * the JobTracker reads them back. job.xml is the conf in Hadoop's format; job.conf.json holds the
 * same values exactly (XML parsing trims values, which would lose a tab separator); job.js is the
 * job module; job.splits.json the splits with their hosts.
 */
export const JOB_XML = 'job.xml';
export const JOB_CONF_JSON = 'job.conf.json';
export const JOB_MODULE = 'job.js';
export const JOB_SPLITS = 'job.splits.json';

/** Largest job file the JobTracker reads into memory (a conf or a split list). */
const MAX_JOB_FILE = 64 * 1024 * 1024;

export interface JobFiles {
  /** The job's configuration as submitted (mapred.jar names the staged module). */
  conf: Configuration;
  splits: SplitMeta[];
  /** True when the staging directory holds a job module. */
  hasModule: boolean;
}

export async function readJobFiles(jtConf: Configuration, jobDir: string): Promise<JobFiles> {
  const dir = new Path(jobDir);
  const fs = FileSystem.get(jtConf, dir);
  const read = async (name: string): Promise<string | null> => {
    const p = new Path(dir, name);
    const st = await fs.statOrNull(p);
    if (st === null || st.isDirectory) return null;
    if (st.length > MAX_JOB_FILE) throw new HadoopError('MR_BAD_JOB_FILES', `Job file ${p} is too large (${st.length} bytes)`);
    return (await readFully(fs, p)).toString('utf8');
  };
  let conf: Configuration;
  const json = await read(JOB_CONF_JSON);
  if (json !== null) {
    conf = Configuration.fromJSON(parseStringMap(json, `${jobDir}/${JOB_CONF_JSON}`));
  } else {
    const xml = await read(JOB_XML);
    if (xml === null) throw new HadoopError('MR_BAD_JOB_FILES', `No ${JOB_XML} in the job directory ${jobDir}`);
    const props: Record<string, string> = {};
    for (const p of parseConfigurationXml(xml, `${jobDir}/${JOB_XML}`)) props[p.name] = p.value;
    conf = Configuration.fromJSON(props);
  }
  const splitsText = await read(JOB_SPLITS);
  if (splitsText === null) throw new HadoopError('MR_BAD_JOB_FILES', `No ${JOB_SPLITS} in the job directory ${jobDir}`);
  const splits = parseSplits(splitsText, `${jobDir}/${JOB_SPLITS}`);
  const hasModule = (await fs.statOrNull(new Path(dir, JOB_MODULE))) !== null;
  return { conf, splits, hasModule };
}

/**
 * Copies the job module to the JobTracker's local disk and points a copy of the conf at it, so
 * the JobTracker can load the job's output format to commit or abort the job.
 */
export async function localizeJobModule(jtConf: Configuration, jobDir: string, jobId: string, jobConf: Configuration): Promise<Configuration> {
  const local = new Configuration(jobConf);
  const localDir = path.join(jtConf.getStrings('mapred.local.dir')[0] ?? path.join(process.cwd(), 'mapred-local'), 'jobTracker', jobId);
  fs.mkdirSync(localDir, { recursive: true });
  const target = path.join(localDir, JOB_MODULE);
  const src = FileSystem.get(jtConf, jobDir);
  fs.writeFileSync(target, await readFully(src, new Path(new Path(jobDir), JOB_MODULE)));
  local.set(JobKeys.JAR, target);
  return local;
}

export function removeLocalJobDir(jtConf: Configuration, jobId: string): void {
  const base = jtConf.getStrings('mapred.local.dir')[0];
  if (base) fs.rmSync(path.join(base, 'jobTracker', jobId), { recursive: true, force: true });
}

function parseStringMap(text: string, source: string): Record<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: not an object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string') throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: the value of ${k} is not a string`);
    out[k] = val;
  }
  return out;
}

export function parseSplits(text: string, source: string): SplitMeta[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: ${(e as Error).message}`);
  }
  if (!Array.isArray(v)) throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: not a list of splits`);
  return v.map((s: unknown, i: number) => {
    const o = s as Partial<SplitMeta> | null;
    const ok =
      typeof o === 'object' &&
      o !== null &&
      o.index === i &&
      typeof o.json === 'object' &&
      o.json !== null &&
      Array.isArray(o.hosts) &&
      o.hosts.every((h) => typeof h === 'string') &&
      typeof o.length === 'number' &&
      Number.isFinite(o.length);
    if (!ok) throw new HadoopError('MR_BAD_JOB_FILES', `Malformed ${source}: split ${i} is not {index, json, hosts, length}`);
    return { index: i, json: o.json as object, hosts: o.hosts as string[], length: o.length as number };
  });
}
