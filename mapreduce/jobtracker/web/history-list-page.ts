import { formatDuration, formatTime, html, link, table } from '../../../common/web/html';
import { jobTrackerHistoryDir } from '../history-writer';
import { HISTORY_LIST_MAX, listHistoryFiles, readHistoryFile } from './history-files';
import { historyJobHref, JobTrackerSource, stateSpan, WebPage } from './web-common';

/** Hadoop 1 writes SUCCESS where the JobTracker says SUCCEEDED; the page uses the JobTracker's words. */
export function historyState(status: string | undefined): string {
  if (status === 'SUCCESS') return 'SUCCEEDED';
  if (!status || status === 'PREP' || status === 'RUNNING') return 'INCOMPLETE';
  return status;
}

/**
 * Finished jobs as their history files in hadoop.job.history.location tell them (Hadoop's
 * jobhistory.jsp): read from the files, so they are still listed after the JobTracker restarts.
 */
export async function historyListPage(src: JobTrackerSource): Promise<WebPage> {
  const files = await listHistoryFiles(src.conf);
  const shown = files.slice(0, HISTORY_LIST_MAX);
  const parsed = await Promise.all(shown.map(async (f) => ({ f, h: await readHistoryFile(src.conf, f.file).catch(() => null) })));
  const n = (v: string | undefined) => Number(v ?? 0) || 0;
  const rows = parsed.map(({ f, h }) => {
    const j = h?.job ?? {};
    const submit = n(j.SUBMIT_TIME) || f.submitTime;
    return [
      html`<span data-job="${f.jobId}">${link(historyJobHref(f.file), f.jobId)}</span>`,
      j.JOBNAME ?? '',
      j.USER ?? '',
      formatTime(submit),
      formatTime(n(j.FINISH_TIME)),
      n(j.FINISH_TIME) ? formatDuration(n(j.FINISH_TIME) - submit) : '',
      h ? stateSpan(historyState(j.JOB_STATUS)) : html`<span class="error">unreadable</span>`,
      j.TOTAL_MAPS ?? '',
      j.TOTAL_REDUCES ?? '',
    ];
  });
  return {
    title: 'Job history',
    body: html`<p>Finished jobs from the history files in ${jobTrackerHistoryDir(src.conf).toString()}${
      files.length > shown.length ? ` (the newest ${shown.length} of ${files.length})` : ''
    }</p>
${rows.length === 0 ? html`<p id="history" class="none">No job history yet</p>` : table(['Job', 'Name', 'User', 'Submitted', 'Finished', 'Duration', 'State', 'Maps', 'Reduces'], rows, { id: 'history' })}`,
  };
}
