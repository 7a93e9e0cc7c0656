import type { Configuration } from '../../../common/conf/configuration';
import { parseConfigurationXml } from '../../../common/conf/xml';
import { FileSystem, Path, readFully } from '../../../common/fs/index';
import { ParsedHistory, parseHistory } from '../../client/history-viewer';
import { jobTrackerHistoryDir } from '../history-writer';
import { notFound, WebError } from './web-common';

/**
 * The finished jobs' history files in hadoop.job.history.location, which outlive the JobTracker:
 * the history pages read them from there, never from the JobTracker's memory. A file is named
 * `<jobid>_<submit time>_<user>_<escaped job name>`, its conf beside it as `<jobid>_conf.xml`.
 */
export interface HistoryFile {
  file: string;
  jobId: string;
  submitTime: number;
}

/** At most this many newest history files are listed (each is read for its job's state). */
export const HISTORY_LIST_MAX = 200;

const HISTORY_NAME = /^(job_\d+_\d+)_(\d+)_[^/\\]+$/;

/** A history file name as a request may give it: one name in the directory, nothing that walks elsewhere. */
export function checkHistoryName(file: string): { jobId: string; submitTime: number } {
  const m = HISTORY_NAME.exec(file);
  if (!m || file.includes('..') || file.includes(':') || file.endsWith('_conf.xml') || file.length > 300) {
    throw new WebError(400, `Not a job history file name: ${file.slice(0, 200)}`);
  }
  return { jobId: m[1], submitTime: Number(m[2]) };
}

function historyFs(conf: Configuration): { fs: FileSystem; dir: Path } {
  const dir = jobTrackerHistoryDir(conf);
  return { fs: FileSystem.get(conf, dir), dir };
}

/** The history files, newest first (by submit time, then job id). */
export async function listHistoryFiles(conf: Configuration): Promise<HistoryFile[]> {
  const { fs, dir } = historyFs(conf);
  if ((await fs.statOrNull(dir)) === null) return [];
  const out: HistoryFile[] = [];
  for (const s of await fs.listStatus(dir)) {
    const name = s.path.getName();
    if (s.isDirectory || name.endsWith('_conf.xml')) continue;
    const m = HISTORY_NAME.exec(name);
    if (m) out.push({ file: name, jobId: m[1], submitTime: Number(m[2]) });
  }
  out.sort((a, b) => b.submitTime - a.submitTime || (a.jobId < b.jobId ? 1 : a.jobId > b.jobId ? -1 : 0));
  return out;
}

/** One history file, parsed; a 404 when there is no such file. */
export async function readHistoryFile(conf: Configuration, file: string): Promise<ParsedHistory> {
  checkHistoryName(file);
  const { fs, dir } = historyFs(conf);
  // only a name the directory lists is read: the request never names a path of its own
  const names = (await fs.statOrNull(dir)) === null ? [] : (await fs.listStatus(dir)).map((s) => s.path.getName());
  if (!names.includes(file)) throw notFound(`No job history file ${file} in ${dir}`);
  return parseHistory((await readFully(fs, new Path(dir, file))).toString('utf8'));
}

/** A finished job's configuration from `<jobid>_conf.xml` in the history directory, or null. */
export async function readHistoryConf(conf: Configuration, jobId: string): Promise<Array<[string, string]> | null> {
  const { fs, dir } = historyFs(conf);
  const p = new Path(dir, `${jobId}_conf.xml`);
  if ((await fs.statOrNull(p)) === null) return null;
  const props = parseConfigurationXml((await readFully(fs, p)).toString('utf8'), p.toString());
  return props.map((x): [string, string] => [x.name, x.value]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
