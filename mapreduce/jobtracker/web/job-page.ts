import type { Request } from 'express';
import { formatDuration, formatTime, html, link, progressBar, SafeHtml, table } from '../../../common/web/html';
import { isJobFinished, type JobStatusJSON, type TaskReport } from '../../protocol/types';
import { countersByKind, countersTable } from './counters-table';
import { jobTimelineSvg } from './job-timeline';
import { taskCategory } from './task-states';
import {
  attemptHref,
  elapsed,
  findJob,
  JOB_ID,
  jobConfHref,
  jobTasksHref,
  JobTrackerSource,
  param,
  stateSpan,
  taskHref,
  taskOfAttempt,
  timelineHref,
  trackerHref,
  WebPage,
} from './web-common';

/**
 * A job's page (Hadoop's jobdetails.jsp): its summary, map and reduce progress with task counts
 * by state (each a link to that task list), the timeline, the counters, its failed attempts.
 * Live until the job has finished, so a running job's page follows it to the end.
 */
export function jobPage(src: JobTrackerSource, req: Request): WebPage {
  const jobId = param(req, 'jobid', JOB_ID);
  const { status: j, tasks } = findJob(src, jobId);
  const { map, reduce } = countersByKind(tasks);
  return {
    title: `Job ${jobId}`,
    live: !isJobFinished(j.state),
    body: html`${jobSummary(j)}
<p>${link(jobConfHref(jobId), 'Configuration')} · ${link(timelineHref(jobId), 'Timeline (SVG)')}</p>
<h2>Tasks</h2>
${kindTable(j, tasks)}
<h2>Timeline</h2>
<div id="timeline">${jobTimelineSvg(src, j, tasks)}</div>
<h2>Counters</h2>
${countersTable(j.counters, map, reduce)}
<h2>Failed and killed attempts</h2>
${failedAttempts(tasks)}`,
  };
}

function jobSummary(j: JobStatusJSON): SafeHtml {
  return html`<table class="kv" id="job-summary">
<tr><th>Job name</th><td id="job-name">${j.jobName}</td></tr>
<tr><th>User</th><td id="job-user">${j.user}</td></tr>
<tr><th>State</th><td>${stateSpan(j.state, 'job-state')}</td></tr>
<tr><th>Started</th><td>${formatTime(j.startTime)}</td></tr>
<tr><th>Finished</th><td>${formatTime(j.finishTime)}</td></tr>
<tr><th>${j.finishTime ? 'Finished in' : 'Running for'}</th><td>${formatDuration(elapsed(j.startTime, j.finishTime) ?? 0)}</td></tr>
<tr><th>Output directory</th><td>${j.outputDir}</td></tr>
<tr><th>Job file</th><td>${j.jobFile ?? ''}</td></tr>
${j.failureInfo ? html`<tr><th>Failure info</th><td><pre class="error" id="failure-info">${j.failureInfo}</pre></td></tr>` : ''}
</table>`;
}

/** Hadoop's kind table: % complete, tasks, and tasks pending/running/complete/killed/failed, attempts failed/killed. */
function kindTable(j: JobStatusJSON, tasks: TaskReport[]): SafeHtml {
  const row = (isMap: boolean) => {
    const kind = isMap ? 'map' : 'reduce';
    const mine = tasks.filter((t) => t.isMap === isMap);
    const count = (cat: string) => mine.filter((t) => taskCategory(t.state) === cat).length;
    const attempts = mine.flatMap((t) => t.attempts);
    const cell = (cat: string, n: number) => html`<td data-count="${cat}">${n > 0 ? link(jobTasksHref(j.jobId, kind, cat), String(n)) : '0'}</td>`;
    const progress = isMap ? j.mapProgress : j.reduceProgress;
    return html`<tr data-kind="${kind}"><td>${link(jobTasksHref(j.jobId, kind), kind)}</td><td data-progress="${progress}">${progressBar(progress)}</td>
${cell('all', mine.length)}${cell('pending', count('pending'))}${cell('running', count('running'))}${cell('completed', count('completed'))}${cell('killed', count('killed'))}${cell('failed', count('failed'))}
<td data-count="failedAttempts">${attempts.filter((a) => a.state === 'FAILED').length}</td><td data-count="killedAttempts">${attempts.filter((a) => a.state === 'KILLED').length}</td></tr>`;
  };
  return html`<table class="grid" id="kinds"><thead><tr><th>Kind</th><th>% Complete</th><th>Num Tasks</th><th>Pending</th><th>Running</th><th>Complete</th><th>Killed</th><th>Failed</th><th>Failed attempts</th><th>Killed attempts</th></tr></thead>
<tbody>${row(true)}${row(false)}</tbody></table>`;
}

function failedAttempts(tasks: TaskReport[]): SafeHtml {
  const bad = tasks.flatMap((t) => t.attempts.filter((a) => a.state === 'FAILED' || a.state === 'KILLED'));
  if (bad.length === 0) return html`<p id="failed-attempts" class="none">None</p>`;
  return table(
    ['Attempt', 'Task', 'Tracker', 'State', 'Error'],
    bad.map((a) => [
      link(attemptHref(a.attemptId), a.attemptId),
      link(taskHref(taskOfAttempt(a.attemptId)), taskOfAttempt(a.attemptId)),
      link(trackerHref(a.tracker), a.tracker),
      stateSpan(a.state),
      html`<pre>${a.diagnostics}</pre>`,
    ]),
    { id: 'failed-attempts' },
  );
}
