import type { Request } from 'express';
import { formatDuration, formatTime, html, link, SafeHtml, table } from '../../../common/web/html';
import { Counters } from '../../api/counters';
import type { Fields, ParsedHistory } from '../../client/history-viewer';
import { countersTable } from './counters-table';
import { readHistoryFile } from './history-files';
import { parseHistoryCounters } from './history-counters';
import { historyState } from './history-list-page';
import { historyTimelineSvg } from './job-timeline';
import { jobConfHref, JobTrackerSource, param, stateSpan, trackerHref, WebPage } from './web-common';

const n = (f: Fields, k: string) => Number(f[k] ?? 0) || 0;

/**
 * A finished job from its history file (Hadoop's jobdetailshistory.jsp): its summary, attempts
 * by kind and outcome, its timeline, counters, the failed attempts' errors, its tasks, and every
 * attempt with its tracker and times.
 */
export async function historyJobPage(src: JobTrackerSource, req: Request): Promise<WebPage> {
  const file = param(req, 'file');
  const h = await readHistoryFile(src.conf, file);
  const j = h.job;
  const jobId = j.JOBID ?? '';
  const known = new Set(src.getTrackers().map((t) => t.trackerName));
  const trackerCell = (name: string | undefined) => (name && known.has(name) ? link(trackerHref(name), name) : (name ?? ''));
  return {
    title: `Job history of ${jobId}`,
    body: html`<table class="kv" id="job-summary">
<tr><th>Job name</th><td id="job-name">${j.JOBNAME ?? ''}</td></tr>
<tr><th>User</th><td id="job-user">${j.USER ?? ''}</td></tr>
<tr><th>State</th><td>${stateSpan(historyState(j.JOB_STATUS), 'job-state')}</td></tr>
<tr><th>Submitted</th><td>${formatTime(n(j, 'SUBMIT_TIME'))}</td></tr>
<tr><th>Launched</th><td>${formatTime(n(j, 'LAUNCH_TIME'))}</td></tr>
<tr><th>Finished</th><td>${formatTime(n(j, 'FINISH_TIME'))}</td></tr>
<tr><th>Finished in</th><td>${n(j, 'FINISH_TIME') ? formatDuration(n(j, 'FINISH_TIME') - n(j, 'SUBMIT_TIME')) : ''}</td></tr>
<tr><th>Job file</th><td>${j.JOBCONF ?? ''}</td></tr>
<tr><th>History file</th><td>${file}</td></tr>
</table>
<p>${jobId ? link(jobConfHref(jobId), 'Configuration') : ''}</p>
<h2>Attempts by kind</h2>
${kindSummary(h)}
<h2>Timeline</h2>
<div id="timeline">${historyTimelineSvg(h)}</div>
<h2>Counters</h2>
${historyCounters(h)}
<h2>Failed attempts</h2>
${failedAttempts(h)}
<h2>Tasks</h2>
${table(
  ['Task', 'Kind', 'State', 'Started', 'Finished', 'Duration', 'Error'],
  [...h.tasks.values()].map((t) => [
    html`<span id="${t.TASKID ?? ''}" data-task="${t.TASKID ?? ''}">${t.TASKID ?? ''}</span>`,
    (t.TASK_TYPE ?? '').toLowerCase(),
    stateSpan(historyState(t.TASK_STATUS)),
    formatTime(n(t, 'START_TIME')),
    formatTime(n(t, 'FINISH_TIME')),
    n(t, 'FINISH_TIME') ? formatDuration(n(t, 'FINISH_TIME') - n(t, 'START_TIME')) : '',
    html`<pre>${t.ERROR ?? ''}</pre>`,
  ]),
  { id: 'tasks' },
)}
<h2>Attempts</h2>
${table(
  ['Attempt', 'Task', 'Tracker', 'Host', 'State', 'Started', 'Shuffle finished', 'Sort finished', 'Finished', 'Duration', 'Speculative', 'Error'],
  [...h.attempts.values()].map((a) => [
    html`<span id="${a.TASK_ATTEMPT_ID ?? ''}" data-attempt="${a.TASK_ATTEMPT_ID ?? ''}">${a.TASK_ATTEMPT_ID ?? ''}</span>`,
    html`<a href="#${a.TASKID ?? ''}">${a.TASKID ?? ''}</a>`,
    trackerCell(a.TRACKER_NAME),
    a.HOSTNAME ?? '',
    stateSpan(historyState(a.TASK_STATUS)),
    formatTime(n(a, 'START_TIME')),
    formatTime(n(a, 'SHUFFLE_FINISHED')),
    formatTime(n(a, 'SORT_FINISHED')),
    formatTime(n(a, 'FINISH_TIME')),
    n(a, 'FINISH_TIME') ? formatDuration(n(a, 'FINISH_TIME') - n(a, 'START_TIME')) : '',
    a.SPECULATIVE === 'true' ? 'speculative' : '',
    html`<pre>${a.ERROR ?? ''}</pre>`,
  ]),
  { id: 'attempts' },
)}`,
  };
}

/** Hadoop's history task summary: attempts per kind, and how they ended. */
function kindSummary(h: ParsedHistory): SafeHtml {
  const row = (type: string) => {
    const mine = [...h.attempts.values()].filter((a) => a.TASK_TYPE === type);
    const count = (s: string) => mine.filter((a) => a.TASK_STATUS === s).length;
    return html`<tr data-kind="${type.toLowerCase()}"><td>${type.toLowerCase()}</td><td data-count="tasks">${[...h.tasks.values()].filter((t) => t.TASK_TYPE === type).length}</td><td data-count="attempts">${mine.length}</td><td data-count="succeeded">${count('SUCCESS')}</td><td data-count="failed">${count('FAILED')}</td><td data-count="killed">${count('KILLED')}</td></tr>`;
  };
  return html`<table class="grid" id="kinds"><thead><tr><th>Kind</th><th>Tasks</th><th>Attempts</th><th>Successful</th><th>Failed</th><th>Killed</th></tr></thead><tbody>${row('MAP')}${row('REDUCE')}</tbody></table>`;
}

/** Total from the job's line; map and reduce from the successful tasks' lines of each kind. */
function historyCounters(h: ParsedHistory): SafeHtml {
  const map = new Counters();
  const reduce = new Counters();
  for (const t of h.tasks.values()) {
    if (t.TASK_STATUS !== 'SUCCESS' || !t.COUNTERS) continue;
    (t.TASK_TYPE === 'MAP' ? map : reduce).incrAll(parseHistoryCounters(t.COUNTERS));
  }
  return countersTable(parseHistoryCounters(h.job.COUNTERS ?? ''), map.toJSON(), reduce.toJSON());
}

function failedAttempts(h: ParsedHistory): SafeHtml {
  const failed = [...h.attempts.values()].filter((a) => a.TASK_STATUS === 'FAILED');
  if (failed.length === 0) return html`<p id="failed-attempts" class="none">None</p>`;
  return table(
    ['Attempt', 'Host', 'Error'],
    failed.map((a) => [html`<a href="#${a.TASK_ATTEMPT_ID ?? ''}">${a.TASK_ATTEMPT_ID ?? ''}</a>`, a.HOSTNAME ?? '', html`<pre>${a.ERROR ?? ''}</pre>`]),
    { id: 'failed-attempts' },
  );
}
