import type { Request, RequestHandler, Response } from 'express';
import type { Configuration } from '../../../common/conf/configuration';
import { HadoopError } from '../../../common/errors';
import { getLog } from '../../../common/log';
import { html, query, SafeHtml } from '../../../common/web/html';
import { notFound, pageRoute, sendErrorPage } from '../../../common/web/page-route';
import type { ClusterStatusJSON, JobStatusJSON, TaskReport, TrackerInfo } from '../../protocol/types';

const log = getLog('mapred.JobTracker');

/**
 * What the JobTracker's pages read of the daemon: the same calls its RPC and /status JSON
 * answer with, so a page shows exactly what the JSON says. JobTracker satisfies it as it is.
 */
export interface JobTrackerSource {
  readonly identifier: string;
  readonly startTime: number;
  readonly conf: Configuration;
  getClusterStatus(): ClusterStatusJSON;
  getAllJobs(): JobStatusJSON[];
  getTrackers(): TrackerInfo[];
  /** Throws MR_NO_SUCH_JOB for a job it does not hold (never submitted, or retired). */
  getJobStatus(jobId: string): JobStatusJSON;
  getTaskReports(jobId: string): TaskReport[];
  /** The job's configuration as submitted, while the JobTracker holds the job. */
  job(jobId: string): { readonly conf: Configuration } | undefined;
}

export const NAV: Array<[string, string]> = [
  ['/jobtracker', 'JobTracker'],
  ['/machines?type=active', 'Trackers'],
  ['/jobhistory', 'Job history'],
  ['/status/cluster', 'JSON status'],
];

export { choice, notFound, param, WebError } from '../../../common/web/page-route';

export const JOB_ID = /^job_\d+_\d+$/;
export const TASK_ID = /^task_\d+_\d+_[mr]_\d{6}$/;
export const ATTEMPT_ID = /^attempt_\d+_\d+_[mr]_\d{6}_\d+$/;

// ---- where each thing's page is -------------------------------------------------------------

export const jobHref = (jobId: string) => `/jobdetails?${query({ jobid: jobId })}`;
export const jobTasksHref = (jobId: string, type: 'map' | 'reduce', state = 'all') => `/jobtasks?${query({ jobid: jobId, type, state })}`;
export const taskHref = (taskId: string) => `/taskdetails?${query({ tipid: taskId })}`;
export const attemptHref = (attemptId: string) => `/attempt?${query({ attemptid: attemptId })}`;
export const trackerHref = (trackerName: string) => `/tracker?${query({ name: trackerName })}`;
export const jobConfHref = (jobId: string) => `/jobconf?${query({ jobid: jobId })}`;
export const timelineHref = (jobId: string) => `/jobtimeline.svg?${query({ jobid: jobId })}`;
export const historyJobHref = (file: string) => `/jobhistory/job?${query({ file })}`;

/** The job id of a task id (task_<jt>_<n>_m_000001 -> job_<jt>_<n>). */
export function jobOfTask(taskId: string): string {
  return `job_${taskId.slice('task_'.length).replace(/_[mr]_\d{6}$/, '')}`;
}

/** The task id of an attempt id. */
export function taskOfAttempt(attemptId: string): string {
  return `task_${attemptId.slice('attempt_'.length).replace(/_\d+$/, '')}`;
}

/** A job's status and task reports, or a 404 naming it (retired jobs are in the history). */
export function findJob(src: JobTrackerSource, jobId: string): { status: JobStatusJSON; tasks: TaskReport[] } {
  try {
    return { status: src.getJobStatus(jobId), tasks: src.getTaskReports(jobId) };
  } catch (e) {
    if (e instanceof HadoopError && e.code === 'MR_NO_SUCH_JOB') throw notFound(`No job ${jobId} on this JobTracker (a finished job may be in the job history)`);
    throw e;
  }
}

/** A state as text with its class (colour) and a data-state attribute for scripts and tests. */
export function stateSpan(state: string, id?: string): SafeHtml {
  return id ? html`<span id="${id}" class="${state}" data-state="${state}">${state}</span>` : html`<span class="${state}" data-state="${state}">${state}</span>`;
}

/** How long something ran: until `finish`, or until now while it still runs; empty if it never started. */
export function elapsed(start: number, finish: number, now = Date.now()): number | null {
  if (!start) return null;
  return Math.max(0, (finish || now) - start);
}

export interface WebPage {
  title: string;
  body: SafeHtml;
  /** Re-fetches itself while true (a running job, the cluster summary). */
  live?: boolean;
}

/** A page route of the JobTracker (common/web/page-route.ts: error pages, logging). */
export function webRoute(render: (req: Request) => WebPage | Promise<WebPage>): RequestHandler {
  return pageRoute(NAV, log, render);
}

/** The JobTracker's error page for a failed request. */
export function sendWebError(req: Request, res: Response, e: unknown): void {
  sendErrorPage(req, res, e, NAV, log);
}
