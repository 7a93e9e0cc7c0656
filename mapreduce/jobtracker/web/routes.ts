import type { Express } from 'express';
import { noFavicon } from '../../../common/web/send';
import { attemptPage } from './attempt-page';
import { clusterPage } from './cluster-page';
import { historyJobPage } from './history-job-page';
import { historyListPage } from './history-list-page';
import { jobConfPage } from './jobconf-page';
import { jobPage } from './job-page';
import { jobTasksPage } from './job-tasks-page';
import { jobTimelineRoute } from './job-timeline';
import { machinesPage, trackerPage } from './machines-page';
import { taskPage } from './task-page';
import { JobTrackerSource, webRoute } from './web-common';

/**
 * The JobTracker's web UI (Hadoop's 50030 pages), mounted on its express app beside the RPC and
 * the /status JSON: the cluster, a job, its tasks, an attempt, the configuration, the trackers,
 * the history from files, and the job timeline as a picture of its own.
 */
export function mountJobTrackerWeb(app: Express, src: JobTrackerSource): void {
  app.get(['/', '/jobtracker'], webRoute(() => clusterPage(src)));
  app.get('/jobdetails', webRoute((req) => jobPage(src, req)));
  app.get('/jobtasks', webRoute((req) => jobTasksPage(src, req)));
  app.get('/taskdetails', webRoute((req) => taskPage(src, req)));
  app.get('/attempt', webRoute((req) => attemptPage(src, req)));
  app.get('/jobconf', webRoute((req) => jobConfPage(src, req)));
  app.get('/machines', webRoute((req) => machinesPage(src, req)));
  app.get('/tracker', webRoute((req) => trackerPage(src, req)));
  app.get('/jobhistory', webRoute(() => historyListPage(src)));
  app.get('/jobhistory/job', webRoute((req) => historyJobPage(src, req)));
  app.get('/jobtimeline.svg', jobTimelineRoute(src));
  noFavicon(app);
}
