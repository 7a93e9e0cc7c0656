import type { Request } from 'express';
import { html, link, table } from '../../../common/web/html';
import { readHistoryConf } from './history-files';
import { JOB_ID, jobHref, JobTrackerSource, notFound, param, WebPage } from './web-common';

/**
 * A job's configuration as key/value rows (Hadoop's jobconf.jsp): the conf the job was submitted
 * with while the JobTracker holds the job (defaults included, as the job's _conf.xml has them),
 * else the `<jobid>_conf.xml` its history left in hadoop.job.history.location.
 */
export async function jobConfPage(src: JobTrackerSource, req: Request): Promise<WebPage> {
  const jobId = param(req, 'jobid', JOB_ID);
  const held = src.job(jobId);
  const entries = held ? held.conf.allEntries() : await readHistoryConf(src.conf, jobId);
  if (!entries) throw notFound(`No configuration for job ${jobId}: the JobTracker does not hold it and its history has none`);
  return {
    title: `Configuration of ${jobId}`,
    body: html`<p>${held ? html`Job ${link(jobHref(jobId), jobId)}, as submitted` : 'From the job history'}</p>
${table(
  ['Name', 'Value'],
  entries.map(([k, v]) => [html`<span data-key="${k}">${k}</span>`, v]),
  { id: 'jobconf' },
)}`,
  };
}
