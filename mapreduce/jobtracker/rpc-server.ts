import type { Express, Request, Response } from 'express';
import { createJsonApp, finishJsonApp, route } from '../../common/http/json-server';
import type { JobTracker } from './jobtracker';
import * as v from './validate';
import { mountJobTrackerWeb } from './web/routes';

/**
 * The JobTracker's HTTP face: `POST /rpc/<method>` for JobTrackerProtocol (JSON in, JSON out),
 * and its state read-only as JSON under `GET /status/...`. Every request is checked before it
 * touches job state; a bad one gets a 4xx with a JSON error and the daemon keeps serving.
 */
export function createJobTrackerApp(jt: JobTracker): Express {
  const app = createJsonApp();
  const rpc = (method: string, fn: (body: unknown) => unknown) => {
    app.post(
      `/rpc/${method}`,
      route(async (req: Request, res: Response) => {
        res.json(await fn(req.body ?? {}));
      }),
    );
  };
  rpc('getNewJobId', () => jt.getNewJobId());
  rpc('submitJob', async (b) => ({ status: await jt.submitJob(v.submission(b)) }));
  rpc('getJobStatus', (b) => {
    const { waitMs, since } = v.statusWaitOf(b);
    return jt.waitForJobStatus(v.jobIdOf(b), waitMs, since);
  });
  rpc('getAllJobs', () => ({ jobs: jt.getAllJobs() }));
  rpc('getTaskReports', (b) => ({ tasks: jt.getTaskReports(v.jobIdOf(b)) }));
  rpc('killJob', (b) => {
    jt.killJob(v.jobIdOf(b));
    return { ok: true };
  });
  rpc('killTask', (b) => {
    jt.killTask(v.attemptIdOf(b), v.shouldFailOf(b));
    return { ok: true };
  });
  rpc('getClusterStatus', () => ({ status: jt.getClusterStatus() }));
  rpc('getTrackers', () => ({ trackers: jt.getTrackers() }));
  rpc('heartbeat', (b) => jt.heartbeat(v.heartbeatRequest(b)));

  app.get('/status/cluster', (_req, res) => {
    res.json({ ...jt.getClusterStatus(), identifier: jt.identifier, startTime: jt.startTime, address: jt.address });
  });
  app.get('/status/jobs', (_req, res) => {
    res.json({ jobs: jt.getAllJobs() });
  });
  app.get('/status/jobs/:jobId', (req, res) => {
    const id = v.jobIdOf({ jobId: req.params.jobId });
    res.json({ status: jt.getJobStatus(id), tasks: jt.getTaskReports(id) });
  });
  app.get('/status/trackers', (_req, res) => {
    res.json({ trackers: jt.getTrackers() });
  });
  mountJobTrackerWeb(app, jt);
  finishJsonApp(app, 'mapred.JobTracker');
  return app;
}
