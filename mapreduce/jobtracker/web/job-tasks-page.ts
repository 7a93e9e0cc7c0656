import type { Request } from 'express';
import { formatDuration, formatTime, html, link, progressBar, table } from '../../../common/web/html';
import { isJobFinished } from '../../protocol/types';
import { matchesFilter, TASK_FILTERS, taskErrors, taskStatusString } from './task-states';
import { choice, elapsed, findJob, JOB_ID, jobHref, JobTrackerSource, param, stateSpan, taskHref, WebPage } from './web-common';

/**
 * A job's map or reduce tasks, optionally only those in one state (Hadoop's jobtasks.jsp): each
 * task's progress, state, status, times and errors, linking to the task's attempts.
 */
export function jobTasksPage(src: JobTrackerSource, req: Request): WebPage {
  const jobId = param(req, 'jobid', JOB_ID);
  const type = choice(req, 'type', ['map', 'reduce'] as const);
  const filter = choice(req, 'state', TASK_FILTERS);
  const { status, tasks } = findJob(src, jobId);
  const shown = tasks.filter((t) => t.isMap === (type === 'map') && matchesFilter(t, filter));
  return {
    title: `${type === 'map' ? 'Map' : 'Reduce'} tasks of ${jobId}${filter === 'all' ? '' : ` (${filter})`}`,
    live: !isJobFinished(status.state),
    body: html`<p>Job ${link(jobHref(jobId), jobId)}: ${status.jobName} · ${stateSpan(status.state)}</p>
${
  shown.length === 0
    ? html`<p id="tasks" class="none">No ${filter === 'all' ? '' : `${filter} `}${type} tasks</p>`
    : table(
        ['Task', 'Complete', 'State', 'Status', 'Started', 'Finished', 'Duration', 'Errors'],
        shown.map((t) => [
          html`<span data-task="${t.taskId}">${link(taskHref(t.taskId), t.taskId)}</span>`,
          progressBar(t.progress),
          stateSpan(t.state),
          taskStatusString(t),
          formatTime(t.startTime),
          formatTime(t.finishTime),
          t.startTime ? formatDuration(elapsed(t.startTime, t.finishTime) ?? 0) : '',
          html`<pre>${taskErrors(t).join('\n')}</pre>`,
        ]),
        { id: 'tasks' },
      )
}`,
  };
}
