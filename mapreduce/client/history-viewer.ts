import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FileSystem, Path, readFully } from '../../common/fs/index';

/**
 * `hadoop job -history OUTPUTDIR`: reads the job's history log from OUTPUT/_logs/history and
 * prints Hadoop 1's HistoryViewer summary: the job, then the task summary table, then the failed
 * tasks with their errors.
 */
export type Fields = Record<string, string>;

export interface ParsedHistory {
  job: Fields;
  tasks: Map<string, Fields>;
  attempts: Map<string, Fields>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export async function viewHistory(conf: Configuration, outputDir: string): Promise<string> {
  const dir = new Path(new Path(outputDir), '_logs/history');
  const fs = FileSystem.get(conf, dir);
  const files = (await fs.statOrNull(dir)) === null ? [] : (await fs.listStatus(dir)).filter((s) => !s.isDirectory && !s.path.getName().endsWith('_conf.xml'));
  if (files.length === 0) throw new HadoopError('MR_HISTORY_NOT_FOUND', `No job history in ${dir}`);
  files.sort((a, b) => a.modificationTime - b.modificationTime);
  const text = (await readFully(fs, files[files.length - 1].path)).toString('utf8');
  return formatHistory(parseHistory(text));
}

export function parseHistory(text: string): ParsedHistory {
  const out: ParsedHistory = { job: {}, tasks: new Map(), attempts: new Map() };
  for (const line of text.split('\n')) {
    const m = /^(\w+) (.*) \.$/.exec(line);
    if (!m) continue;
    const fields: Fields = {};
    for (const f of m[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) fields[f[1]] = unescape(f[2]);
    const merge = (map: Map<string, Fields>, key: string | undefined) => {
      if (key !== undefined) map.set(key, { ...(map.get(key) ?? {}), ...fields });
    };
    if (m[1] === 'Job') Object.assign(out.job, fields);
    else if (m[1] === 'Task') merge(out.tasks, fields.TASKID);
    else if (m[1] === 'MapAttempt' || m[1] === 'ReduceAttempt') merge(out.attempts, fields.TASK_ATTEMPT_ID);
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

export function formatHistory(h: ParsedHistory): string {
  const j = h.job;
  const n = (k: string, f: Fields = j) => Number(f[k] ?? 0) || 0;
  const lines = [
    '',
    `Hadoop job: ${j.JOBID ?? ''}`,
    '=====================================',
    `User: ${j.USER ?? ''}`,
    `JobName: ${j.JOBNAME ?? ''}`,
    `JobConf: ${j.JOBCONF ?? ''}`,
    `Submitted At: ${timeWithDiff(n('SUBMIT_TIME'), 0)}`,
    `Launched At: ${timeWithDiff(n('LAUNCH_TIME'), n('SUBMIT_TIME'))}`,
    `Finished At: ${timeWithDiff(n('FINISH_TIME'), n('LAUNCH_TIME'))}`,
    `Status: ${j.JOB_STATUS === undefined || j.JOB_STATUS === '' || j.JOB_STATUS === 'RUNNING' || j.JOB_STATUS === 'PREP' ? 'Incomplete' : j.JOB_STATUS}`,
    '=====================================',
    '',
    'Task Summary',
    '============================',
    'Kind\tTotal\tSuccessful\tFailed\tKilled\tStartTime\tFinishTime',
    '',
  ];
  for (const [kind, type] of [['Map', 'MAP'], ['Reduce', 'REDUCE']]) {
    let total = 0;
    let ok = 0;
    let failed = 0;
    let killed = 0;
    let started = 0;
    let finished = 0;
    for (const a of h.attempts.values()) {
      if (a.TASK_TYPE !== type) continue;
      total++;
      if (a.TASK_STATUS === 'SUCCESS') ok++;
      else if (a.TASK_STATUS === 'FAILED') failed++;
      else if (a.TASK_STATUS === 'KILLED') killed++;
      const s = n('START_TIME', a);
      const f = n('FINISH_TIME', a);
      if (s > 0 && (started === 0 || s < started)) started = s;
      if (f > finished) finished = f;
    }
    // Hadoop's viewer has the double tab before Failed
    lines.push(`${kind}\t${total}\t${ok}\t\t${failed}\t${killed}\t${timeWithDiff(started, 0)}\t${timeWithDiff(finished, started)}`);
  }
  lines.push('============================');
  for (const [kind, type] of [['MAP', 'MAP'], ['REDUCE', 'REDUCE']]) {
    const failedTasks = [...h.tasks.values()].filter((t) => t.TASK_TYPE === type && t.TASK_STATUS === 'FAILED');
    if (failedTasks.length === 0) continue;
    lines.push('', `FAILED ${kind} task list for ${j.JOBID ?? ''}`, `TaskId\t\tStartTime\tFinishTime\tError${type === 'MAP' ? '\tInputSplits' : ''}`);
    lines.push('====================================================');
    for (const t of failedTasks) {
      const row = `${t.TASKID}\t${timeWithDiff(n('START_TIME', t), 0)}\t${timeWithDiff(n('FINISH_TIME', t), n('START_TIME', t))}\t${t.ERROR ?? ''}`;
      lines.push(type === 'MAP' ? `${row}\t${t.SPLITS ?? ''}` : row);
    }
  }
  const failedAttempts = [...h.attempts.values()].filter((a) => a.TASK_STATUS === 'FAILED');
  if (failedAttempts.length > 0) {
    const byHost = new Map<string, string[]>();
    for (const a of failedAttempts) {
      const host = a.HOSTNAME ?? '';
      byHost.set(host, [...(byHost.get(host) ?? []), a.TASK_ATTEMPT_ID ?? '']);
    }
    lines.push('', 'FAILED task attempts by nodes', 'Hostname\tFailedTasks', '===============================');
    for (const [host, ids] of byHost) lines.push(`${host}\t${ids.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/** Hadoop's StringUtils.getFormattedTimeWithDiff with the viewer's `d-MMM-yyyy HH:mm:ss`. */
export function timeWithDiff(time: number, since: number): string {
  if (time === 0) return '';
  const d = new Date(time);
  const p = (x: number) => String(x).padStart(2, '0');
  const formatted = `${d.getDate()}-${MONTHS[d.getMonth()]}-${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return since !== 0 ? `${formatted} (${formatTimeDiff(time - since)})` : formatted;
}

/** Hadoop's StringUtils.formatTime: `1hrs, 2mins, 3sec`, leading zero units left out. */
export function formatTimeDiff(ms: number): string {
  const hours = Math.floor(ms / 3600000);
  const minutes = Math.floor((ms % 3600000) / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return `${hours !== 0 ? `${hours}hrs, ` : ''}${minutes !== 0 ? `${minutes}mins, ` : ''}${seconds}sec`;
}
