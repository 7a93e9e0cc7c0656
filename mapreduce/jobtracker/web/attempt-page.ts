import type { Request } from 'express';
import { formatDuration, formatTime, html, link, progressBar } from '../../../common/web/html';
import { ACTIVE_STATES } from '../interfaces';
import { attemptCountersTable } from './counters-table';
import { findTask, shuffleSortEnds } from './task-page';
import { ATTEMPT_ID, elapsed, jobHref, jobOfTask, JobTrackerSource, notFound, param, stateSpan, taskHref, taskOfAttempt, trackerHref, WebPage } from './web-common';

/** One attempt: where and when it ran, how far it got, its status, error and counters. */
export function attemptPage(src: JobTrackerSource, req: Request): WebPage {
  const attemptId = param(req, 'attemptid', ATTEMPT_ID);
  const taskId = taskOfAttempt(attemptId);
  const { jobName, jobFinished, task } = findTask(src, taskId);
  const a = task.attempts.find((x) => x.attemptId === attemptId);
  if (!a) throw notFound(`No attempt ${attemptId} of task ${taskId}`);
  const jobId = jobOfTask(taskId);
  const { shuffle, sort } = shuffleSortEnds(a);
  return {
    title: `Attempt ${attemptId}`,
    live: ACTIVE_STATES.has(a.state) && !jobFinished,
    body: html`<table class="kv" id="attempt-summary">
<tr><th>Job</th><td>${link(jobHref(jobId), jobId)} (${jobName})</td></tr>
<tr><th>Task</th><td>${link(taskHref(taskId), taskId)}</td></tr>
<tr><th>Tracker</th><td id="attempt-tracker">${link(trackerHref(a.tracker), a.tracker)}</td></tr>
<tr><th>State</th><td>${stateSpan(a.state, 'attempt-state')}${task.successfulAttempt === attemptId ? ' (the task\'s successful attempt)' : ''}</td></tr>
<tr><th>Phase</th><td>${a.phase}</td></tr>
<tr><th>Progress</th><td>${progressBar(a.progress)}</td></tr>
<tr><th>Status</th><td>${a.status}</td></tr>
<tr><th>Started</th><td>${formatTime(a.startTime)}</td></tr>
${task.isMap ? '' : html`<tr><th>Shuffle finished</th><td>${formatTime(shuffle)}</td></tr><tr><th>Sort finished</th><td>${formatTime(sort)}</td></tr>`}
<tr><th>Finished</th><td>${formatTime(a.finishTime)}</td></tr>
<tr><th>Duration</th><td>${formatDuration(elapsed(a.startTime, a.finishTime) ?? 0)}</td></tr>
<tr><th>Speculative</th><td>${a.speculative ? 'yes (a backup of a slow attempt)' : 'no'}</td></tr>
${a.mapOutputServer ? html`<tr><th>Map output served by</th><td>${a.mapOutputServer}</td></tr>` : ''}
</table>
${a.diagnostics ? html`<h2>Error</h2><pre class="error" id="attempt-error">${a.diagnostics}</pre>` : ''}
<h2>Counters</h2>
${attemptCountersTable(a.counters)}`,
  };
}
