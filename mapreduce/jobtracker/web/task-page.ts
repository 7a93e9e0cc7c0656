import type { Request } from 'express';
import { formatDuration, formatTime, html, link, progressBar, table } from '../../../common/web/html';
import { isJobFinished, type TaskReport } from '../../protocol/types';
import { attemptHref, elapsed, findJob, jobHref, jobOfTask, JobTrackerSource, notFound, param, stateSpan, TASK_ID, trackerHref, WebPage } from './web-common';

type AttemptReport = TaskReport['attempts'][number];

/** A task and its attempts, found through its job (a 404 when either is unknown). */
export function findTask(src: JobTrackerSource, taskId: string): { jobName: string; jobFinished: boolean; task: TaskReport } {
  const { status, tasks } = findJob(src, jobOfTask(taskId));
  const task = tasks.find((t) => t.taskId === taskId);
  if (!task) throw notFound(`No task ${taskId} in job ${status.jobId}`);
  return { jobName: status.jobName, jobFinished: isJobFinished(status.state), task };
}

/** When a reduce attempt's shuffle and sort ended: when its sort and its reduce began. */
export function shuffleSortEnds(a: AttemptReport): { shuffle: number; sort: number } {
  return { shuffle: a.phaseTimes?.SORT ?? 0, sort: a.phaseTimes?.REDUCE ?? 0 };
}

/**
 * One task's attempts (Hadoop's taskdetails.jsp): where each ran, its state, phase, progress,
 * times (and a reduce's shuffle and sort ends), its error, and whether it was a speculative backup.
 */
export function taskPage(src: JobTrackerSource, req: Request): WebPage {
  const taskId = param(req, 'tipid', TASK_ID);
  const { jobName, jobFinished, task } = findTask(src, taskId);
  const jobId = jobOfTask(taskId);
  const headers = ['Attempt', 'Tracker', 'State', 'Phase', 'Progress', 'Started'];
  if (!task.isMap) headers.push('Shuffle finished', 'Sort finished');
  headers.push('Finished', 'Duration', 'Errors', 'Speculative');
  const rows = task.attempts.map((a) => {
    const { shuffle, sort } = shuffleSortEnds(a);
    return [
      html`<span id="${a.attemptId}" data-attempt="${a.attemptId}">${link(attemptHref(a.attemptId), a.attemptId)}</span>`,
      html`<span data-tracker="${a.tracker}">${link(trackerHref(a.tracker), a.tracker)}</span>`,
      stateSpan(a.state),
      a.phase,
      progressBar(a.progress),
      formatTime(a.startTime),
      ...(task.isMap ? [] : [formatTime(shuffle), formatTime(sort)]),
      formatTime(a.finishTime),
      formatDuration(elapsed(a.startTime, a.finishTime) ?? 0),
      html`<pre>${a.diagnostics}</pre>`,
      a.speculative ? 'speculative' : '',
    ];
  });
  return {
    title: `Task ${taskId}`,
    live: !jobFinished,
    body: html`<table class="kv" id="task-summary">
<tr><th>Job</th><td>${link(jobHref(jobId), jobId)} (${jobName})</td></tr>
<tr><th>Kind</th><td>${task.isMap ? 'map' : 'reduce'}</td></tr>
<tr><th>State</th><td>${stateSpan(task.state, 'task-state')}</td></tr>
<tr><th>Progress</th><td>${progressBar(task.progress)}</td></tr>
<tr><th>Started</th><td>${formatTime(task.startTime)}</td></tr>
<tr><th>Finished</th><td>${formatTime(task.finishTime)}</td></tr>
<tr><th>Successful attempt</th><td>${task.successfulAttempt ? link(attemptHref(task.successfulAttempt), task.successfulAttempt) : ''}</td></tr>
</table>
<h2>Attempts</h2>
${task.attempts.length === 0 ? html`<p id="attempts" class="none">No attempts yet</p>` : table(headers, rows, { id: 'attempts' })}`,
  };
}
