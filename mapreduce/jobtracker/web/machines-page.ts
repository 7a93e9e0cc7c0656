import type { Request } from 'express';
import { formatDuration, formatTime, html, link, progressBar, SafeHtml, table } from '../../../common/web/html';
import type { TrackerInfo } from '../../protocol/types';
import { attemptHref, choice, elapsed, jobHref, JobTrackerSource, notFound, param, stateSpan, taskHref, taskOfAttempt, trackerHref, WebPage } from './web-common';

const TYPES = ['active', 'blacklisted', 'lost'] as const;
const STATE_OF: Record<(typeof TYPES)[number], TrackerInfo['state']> = { active: 'live', blacklisted: 'blacklisted', lost: 'lost' };

/** The TaskTracker's own status page, outside this daemon. */
function trackerWeb(t: TrackerInfo): SafeHtml {
  return html`<a class="external" href="${`http://${t.httpAddress}/`}">${t.httpAddress}</a>`;
}

function secondsAgo(ms: number): string {
  return `${Math.max(0, Math.round((Date.now() - ms) / 100) / 10).toFixed(1)} s`;
}

/** The live, blacklisted or lost TaskTrackers (Hadoop's machines.jsp). */
export function machinesPage(src: JobTrackerSource, req: Request): WebPage {
  const type = choice(req, 'type', TYPES);
  const trackers = src.getTrackers().filter((t) => t.state === STATE_OF[type]);
  const other = TYPES.filter((x) => x !== type).map((x) => html` · ${link(`/machines?type=${x}`, x)}`);
  return {
    title: `${type === 'active' ? 'Live' : type === 'blacklisted' ? 'Blacklisted' : 'Lost'} TaskTrackers`,
    live: true,
    body: html`<p>Show ${other}</p>
${
  trackers.length === 0
    ? html`<p id="trackers" class="none">None</p>`
    : table(
        ['Name', 'Host', 'Web address', 'Last seen', 'Map slots', 'Reduce slots', 'Running tasks', 'Failures', 'State'],
        trackers.map((t) => [
          html`<span data-tracker="${t.trackerName}">${link(trackerHref(t.trackerName), t.trackerName)}</span>`,
          t.host,
          trackerWeb(t),
          html`${secondsAgo(t.lastSeen)} ago`,
          String(t.maxMapSlots),
          String(t.maxReduceSlots),
          html`<span data-running="${t.runningTasks}">${t.runningTasks}</span>`,
          String(t.failures),
          stateSpan(t.state),
        ]),
        { id: 'trackers' },
      )
}`,
  };
}

/** One TaskTracker: its figures, and every attempt it ran of the jobs this JobTracker holds. */
export function trackerPage(src: JobTrackerSource, req: Request): WebPage {
  const name = param(req, 'name');
  const t = src.getTrackers().find((x) => x.trackerName === name);
  if (!t) throw notFound(`No TaskTracker ${name} known to this JobTracker`);
  const rows = [];
  for (const job of src.getAllJobs()) {
    for (const task of src.getTaskReports(job.jobId)) {
      for (const a of task.attempts) {
        if (a.tracker !== name) continue;
        rows.push([
          html`<span data-attempt="${a.attemptId}">${link(attemptHref(a.attemptId), a.attemptId)}</span>`,
          link(taskHref(taskOfAttempt(a.attemptId)), taskOfAttempt(a.attemptId)),
          html`${link(jobHref(job.jobId), job.jobId)} (${job.jobName})`,
          stateSpan(a.state),
          progressBar(a.progress),
          formatTime(a.startTime),
          formatDuration(elapsed(a.startTime, a.finishTime) ?? 0),
          html`<pre>${a.diagnostics}</pre>`,
        ]);
      }
    }
  }
  return {
    title: `TaskTracker ${name}`,
    live: t.state !== 'lost',
    body: html`<table class="kv" id="tracker-summary">
<tr><th>Host</th><td>${t.host}</td></tr>
<tr><th>Web address</th><td>${trackerWeb(t)}</td></tr>
<tr><th>State</th><td>${stateSpan(t.state, 'tracker-state')}</td></tr>
<tr><th>Last seen</th><td>${secondsAgo(t.lastSeen)} ago</td></tr>
<tr><th>Slots</th><td>${t.maxMapSlots} map, ${t.maxReduceSlots} reduce</td></tr>
<tr><th>Running tasks</th><td>${t.runningTasks}</td></tr>
<tr><th>Failed attempts</th><td>${t.failures}</td></tr>
</table>
<h2>Attempts on this tracker</h2>
${rows.length === 0 ? html`<p id="tracker-attempts" class="none">None</p>` : table(['Attempt', 'Task', 'Job', 'State', 'Progress', 'Started', 'Duration', 'Errors'], rows, { id: 'tracker-attempts' })}`,
  };
}
