import type { RequestHandler } from 'express';
import { raw, SafeHtml } from '../../../common/web/html';
import { sendSvg } from '../../../common/web/send';
import type { ParsedHistory } from '../../client/history-viewer';
import type { JobStatusJSON, TaskReport } from '../../protocol/types';
import { renderTimeline, timelineFromHistory, timelineFromReports } from './timeline';
import { attemptHref, findJob, JOB_ID, JobTrackerSource, param, sendWebError, trackerHref } from './web-common';

/**
 * The job timeline (drawn by ./timeline) where the JobTracker's pages show it: inline on the job
 * page, with each bar linking to its attempt's page and each row to its tracker's; on the history
 * page, each bar to its attempt's row there; and alone as /jobtimeline.svg.
 */
function liveSvg(src: JobTrackerSource, job: JobStatusJSON, tasks: TaskReport[]): string {
  const input = timelineFromReports(job, tasks, src.getTrackers(), Date.now());
  return renderTimeline({ ...input, attemptHref, trackerHref });
}

/** The SVG was drawn here with every string escaped by the html tag: trusted markup. */
export function jobTimelineSvg(src: JobTrackerSource, job: JobStatusJSON, tasks: TaskReport[]): SafeHtml {
  return raw(liveSvg(src, job, tasks));
}

/** A finished job's timeline from its history; its bars link to the attempts' rows on the history page. */
export function historyTimelineSvg(h: ParsedHistory): SafeHtml {
  return raw(renderTimeline({ ...timelineFromHistory(h), attemptHref: (id) => `#${encodeURIComponent(id)}` }));
}

/** `/jobtimeline.svg?jobid=`: the timeline of a job the JobTracker holds, as a picture of its own. */
export function jobTimelineRoute(src: JobTrackerSource): RequestHandler {
  return (req, res) => {
    try {
      const { status, tasks } = findJob(src, param(req, 'jobid', JOB_ID));
      sendSvg(res, liveSvg(src, status, tasks));
    } catch (e) {
      sendWebError(req, res, e);
    }
  };
}
