import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Configuration } from '../../common/conf/configuration';
import { describeError, HadoopError, isHadoopError } from '../../common/errors';
import { FileSystem, Path } from '../../common/fs/index';
import { getLog } from '../../common/log';
import { JobKeys } from '../api/job-keys';
import { isJobId } from './ids';

const log = getLog('mapred.JobLocalizer');

/** A job's files on this tracker's disk. */
export interface LocalizedJob {
  jobId: string;
  /** `${mapred.local.dir}/taskTracker/jobcache/<jobId>`: job files and the attempts' directories. */
  dir: string;
  /** The job configuration (job.conf.json, or job.xml), mapred.jar pointing at the local job module. */
  conf: Record<string, string>;
  /** The splits of job.splits.json, by map index (null if the staging dir has none). */
  splits: object[] | null;
}

export const JOB_XML = 'job.xml';
/** The same values as job.xml exactly (XML parsing trims values: an explicit tab or space would be lost). */
export const JOB_CONF_JSON = 'job.conf.json';
export const JOB_JS = 'job.js';
export const JOB_SPLITS = 'job.splits.json';

/**
 * Copies a job's files from its staging directory on the default filesystem (file:// or hdfs://;
 * never the client's disk) into the job cache, once per job however many attempts ask at once.
 * A failed localization is forgotten, so the next attempt of the job tries again.
 */
export class JobLocalizer {
  private readonly jobs = new Map<string, Promise<LocalizedJob>>();

  constructor(
    private readonly conf: Configuration,
    /** `${mapred.local.dir}/taskTracker/jobcache`. */
    private readonly jobCache: string,
  ) {}

  jobDir(jobId: string): string {
    if (!isJobId(jobId)) throw new HadoopError('RPC_BAD_REQUEST', `Not a job id: '${jobId}'`);
    return path.join(this.jobCache, jobId);
  }

  localize(jobId: string, stagingDir: string): Promise<LocalizedJob> {
    let p = this.jobs.get(jobId);
    if (!p) {
      p = this.fetch(jobId, stagingDir);
      this.jobs.set(jobId, p);
      p.catch(() => {
        if (this.jobs.get(jobId) === p) this.jobs.delete(jobId);
      });
    }
    return p;
  }

  /** Forgets the job and deletes its directory (the job is over on this tracker). */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
    if (isJobId(jobId)) fs.rmSync(path.join(this.jobCache, jobId), { recursive: true, force: true });
  }

  jobIds(): string[] {
    return [...this.jobs.keys()];
  }

  private async fetch(jobId: string, stagingDir: string): Promise<LocalizedJob> {
    const dir = this.jobDir(jobId);
    fs.mkdirSync(dir, { recursive: true });
    const staging = new Path(stagingDir);
    let dfs: FileSystem;
    try {
      dfs = FileSystem.get(this.conf, staging);
    } catch (e) {
      throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: staging directory ${stagingDir}: ${describeError(e)}`);
    }
    // the files at once (a launched attempt waits for them); the conf says whether job.js must be there
    const [, hasExact, hasModule, hasSplits] = await Promise.all([
      this.copy(dfs, staging, JOB_XML, dir, jobId),
      this.copy(dfs, staging, JOB_CONF_JSON, dir, jobId, true),
      this.copy(dfs, staging, JOB_JS, dir, jobId, true),
      this.copy(dfs, staging, JOB_SPLITS, dir, jobId, true),
    ]);
    const exact = hasExact ? readConfJson(path.join(dir, JOB_CONF_JSON), jobId) : null;
    const jobConf = exact ? Configuration.fromJSON(exact) : new Configuration({ loadSiteFiles: false }).addResource(path.join(dir, JOB_XML));
    const clientJar = jobConf.get(JobKeys.JAR, '');
    if (clientJar !== '') {
      // the job module: its classes are loaded from here (jar: references); missing, it fails the copy with the reason
      if (!hasModule) await this.copy(dfs, staging, JOB_JS, dir, jobId);
      localizeJar(jobConf, clientJar, path.join(dir, JOB_JS));
    }
    const splits = hasSplits ? readSplits(path.join(dir, JOB_SPLITS), jobId) : null;
    log.info(`Localized ${jobId} from ${stagingDir} into ${dir}`);
    return { jobId, dir, conf: jobConf.toJSON(), splits };
  }

  /** Copies staging/name to dir/name (through a temporary file); false if optional and absent. */
  private async copy(dfs: FileSystem, staging: Path, name: string, dir: string, jobId: string, optional = false): Promise<boolean> {
    const src = new Path(staging, name);
    const dst = path.join(dir, name);
    const tmp = `${dst}.${process.pid}.tmp`;
    try {
      await pipeline(await dfs.open(src), fs.createWriteStream(tmp));
      fs.renameSync(tmp, dst);
      return true;
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      if (optional && isHadoopError(e, 'FS_NOT_FOUND')) return false;
      throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: cannot copy ${src}: ${describeError(e)}`);
    }
  }
}

/**
 * Points mapred.jar at the local job module. Class references into the module
 * (`jar:<the module's file name>#Name`) follow it to its local name.
 */
function localizeJar(conf: Configuration, clientJar: string, localJar: string): void {
  const clientName = path.basename(clientJar);
  conf.set(JobKeys.JAR, localJar);
  for (const [key, value] of conf.entries()) {
    const m = /^jar:([^#]+)#([^#]+)$/.exec(value);
    if (m && m[1] === clientName) conf.set(key, `jar:${JOB_JS}#${m[2]}`);
  }
}

/** job.conf.json: an object of string values. */
function readConfJson(file: string, jobId: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: ${JOB_CONF_JSON} is not JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: ${JOB_CONF_JSON} is not an object of strings`);
  }
  return parsed as Record<string, string>;
}

/** job.splits.json: an array of splits, each as the JobClient wrote it ({ index, json, ... } or the split's JSON). */
function readSplits(file: string, jobId: string): object[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: ${JOB_SPLITS} is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new HadoopError('MR_JOB_LOCALIZE', `Cannot localize ${jobId}: ${JOB_SPLITS} is not an array`);
  return parsed.map((s: unknown) => {
    const meta = s as { json?: unknown };
    return meta !== null && typeof meta === 'object' && typeof meta.json === 'object' && meta.json !== null ? (meta.json as object) : (s as object);
  });
}
