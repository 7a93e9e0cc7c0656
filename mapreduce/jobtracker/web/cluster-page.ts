import { formatDuration, formatTime, html, link, progressBar, SafeHtml, table } from '../../../common/web/html';
import type { JobStatusJSON } from '../../protocol/types';
import { elapsed, jobHref, JobTrackerSource, stateSpan, WebPage } from './web-common';

/**
 * The JobTracker's front page (Hadoop's jobtracker.jsp): the cluster in figures, then the jobs
 * it holds, running first. Each figure cell carries data-figure=<ClusterStatusJSON key> so a
 * test (or a person with devtools) can hold it against /status/cluster.
 */
export function clusterPage(src: JobTrackerSource): WebPage {
  const c = src.getClusterStatus();
  const jobs = src.getAllJobs();
  const figure = (key: string, value: number, href?: string) =>
    html`<td data-figure="${key}">${href ? link(href, String(value)) : String(value)}</td>`;
  const summary = html`<table class="grid" id="cluster-summary"><thead><tr>
<th>Live trackers</th><th>Blacklisted trackers</th><th>Lost trackers</th>
<th>Map slots</th><th>Map slots in use</th><th>Reduce slots</th><th>Reduce slots in use</th>
<th>Running maps</th><th>Running reduces</th>
<th>Jobs running</th><th>Jobs succeeded</th><th>Jobs failed</th><th>Jobs killed</th>
</tr></thead><tbody><tr>
${figure('live', c.trackers - c.blacklisted, '/machines?type=active')}${figure('blacklisted', c.blacklisted, '/machines?type=blacklisted')}${figure('lost', c.lost, '/machines?type=lost')}
${figure('mapSlots', c.mapSlots)}${figure('mapSlotsInUse', c.runningMaps)}${figure('reduceSlots', c.reduceSlots)}${figure('reduceSlotsInUse', c.runningReduces)}
${figure('runningMaps', c.runningMaps)}${figure('runningReduces', c.runningReduces)}
${figure('jobs.running', c.jobs.running)}${figure('jobs.succeeded', c.jobs.succeeded)}${figure('jobs.failed', c.jobs.failed)}${figure('jobs.killed', c.jobs.killed)}
</tr></tbody></table>`;
  const running = jobs.filter((j) => j.state === 'PREP' || j.state === 'RUNNING');
  const completed = jobs.filter((j) => j.state === 'SUCCEEDED');
  const failed = jobs.filter((j) => j.state === 'FAILED' || j.state === 'KILLED');
  return {
    title: 'JobTracker',
    live: true,
    body: html`<table class="kv">
<tr><th>Identifier</th><td id="jt-identifier">${src.identifier}</td></tr>
<tr><th>Started</th><td>${formatTime(src.startTime)} (up ${formatDuration(Date.now() - src.startTime)})</td></tr>
</table>
<h2>Cluster summary</h2>
${summary}
<h2>Running jobs</h2>
${jobTable(running, 'running-jobs')}
<h2>Completed jobs</h2>
${jobTable(completed, 'completed-jobs')}
<h2>Failed and killed jobs</h2>
${jobTable(failed, 'failed-jobs')}`,
  };
}

/** Jobs as rows: id (to the job page), name, user, map and reduce progress, state, start, duration. */
export function jobTable(jobs: JobStatusJSON[], id: string): SafeHtml {
  if (jobs.length === 0) return html`<p id="${id}" class="none">None</p>`;
  return table(
    ['Job', 'Name', 'User', 'Map % complete', 'Reduce % complete', 'State', 'Started', 'Duration'],
    jobs.map((j) => [
      html`<span data-job="${j.jobId}">${link(jobHref(j.jobId), j.jobId)}</span>`,
      j.jobName,
      j.user,
      progressBar(j.mapProgress),
      progressBar(j.reduceProgress),
      stateSpan(j.state),
      formatTime(j.startTime),
      formatDuration(elapsed(j.startTime, j.finishTime) ?? 0),
    ]),
    { id },
  );
}
