import type { Request, Response } from 'express';
import express from 'express';
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { HadoopError } from '../../common/errors';
import { badRequest, createJsonApp, finishJsonApp, route } from '../../common/http/json-server';
import { getLog } from '../../common/log';
import { noFavicon, sendHtml } from '../../common/web/send';
import { statusPage } from '../../common/web/status-page';
import type { TaskAttemptStatus } from '../protocol/types';
import { IndexRecord, parseSpillIndex } from '../task/spill-index';
import { isAttemptId, isJobId, isMapAttempt, jobOfAttempt } from './ids';

const log = getLog('mapred.TaskTracker.MapOutputServlet');

/** What the HTTP server needs from the tracker. */
export interface ShuffleServerSource {
  /** A finished map's output files on this tracker. */
  mapOutput(mapAttemptId: string): { jobId: string; file: string; index: string } | undefined;
  /** Whether the tracker knows the job (runs or ran its tasks). */
  hasJob(jobId: string): boolean;
  status(): TaskTrackerHttpStatus;
}

/** `GET /status`: what the web UI shows of a tracker. */
export interface TaskTrackerHttpStatus {
  trackerName: string;
  httpAddress: string;
  jobTracker: string;
  maxMapSlots: number;
  maxReduceSlots: number;
  runningMaps: number;
  runningReduces: number;
  failures: number;
  localDirs: string[];
  attempts: TaskAttemptStatus[];
  jobs: Array<{ jobId: string; mapOutputs: number }>;
}

/**
 * The TaskTracker's HTTP server: Hadoop's MapOutputServlet at `GET /mapOutput?job=&map=&reduce=`
 * (the IFile segment of one reduce partition, found through the map output's index) and
 * `GET /status` (and `GET /`, the same as a page). Ids are checked against Hadoop's formats before anything touches the disk.
 */
export function createTaskTrackerApp(source: ShuffleServerSource): express.Express {
  const app = createJsonApp();
  const indexCache = new Map<string, IndexRecord[]>();

  app.get(
    '/mapOutput',
    route(async (req: Request, res: Response) => {
      const job = param(req, 'job');
      const map = param(req, 'map');
      const reduceText = param(req, 'reduce');
      if (!isJobId(job)) throw badRequest(`Not a job id: '${job}'`);
      if (!isAttemptId(map) || !isMapAttempt(map)) throw badRequest(`Not a map attempt id: '${map}'`);
      if (jobOfAttempt(map) !== job) throw badRequest(`${map} is not an attempt of ${job}`);
      if (!/^\d{1,9}$/.test(reduceText)) throw badRequest(`Not a reduce partition: '${reduceText}'`);
      const reduce = Number(reduceText);
      const out = source.mapOutput(map);
      if (!out || out.jobId !== job) {
        if (!source.hasJob(job)) throw new HadoopError('MR_JOB_NOT_FOUND', `Unknown job ${job} on this tracker`);
        throw new HadoopError('MR_MAP_OUTPUT_NOT_FOUND', `No map output of ${map} on this tracker`);
      }
      let index = indexCache.get(map);
      if (!index) {
        index = parseSpillIndex(await readOrNotFound(out.index, map), out.index);
        if (indexCache.size >= 1000) indexCache.delete(indexCache.keys().next().value!);
        indexCache.set(map, index);
      }
      const rec = index[reduce];
      if (!rec) throw badRequest(`Map output ${map} has ${index.length} partitions; there is no partition ${reduce}`);
      let fd: fs.promises.FileHandle;
      try {
        fd = await fs.promises.open(out.file, 'r');
      } catch {
        indexCache.delete(map);
        throw new HadoopError('MR_MAP_OUTPUT_NOT_FOUND', `The map output file of ${map} is gone from this tracker`);
      }
      res.status(200).set({
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(rec.partLength),
        'Map-Output-Length': String(rec.partLength),
        'Raw-Map-Output-Length': String(rec.rawLength),
        'from-map-task': map,
        'for-reduce-task': String(reduce),
      });
      const stream = fd.createReadStream({ start: rec.startOffset, end: rec.startOffset + rec.partLength - 1, highWaterMark: 1 << 17 });
      try {
        await pipeline(stream, res);
      } catch (e) {
        // the reduce hung up or the file went away: nothing more to say to this client
        log.warn(`Sending partition ${reduce} of ${map} failed: ${(e as Error).message}`);
        res.destroy();
      }
    }),
  );

  app.get('/status', (_req: Request, res: Response) => {
    res.json(source.status());
  });
  noFavicon(app);
  app.get('/', (_req: Request, res: Response) => {
    const s = source.status();
    const nav: Array<[string, string]> = [['/', 'TaskTracker'], ['/status', 'JSON status'], [`http://${s.jobTracker}/`, 'JobTracker']];
    // counters belong on the JobTracker's attempt page; here they would drown the table
    const attempts = s.attempts.map(({ counters: _c, ...a }) => a);
    sendHtml(res, statusPage(`TaskTracker ${s.trackerName}`, { ...s, attempts }, nav));
  });

  finishJsonApp(app, 'mapred.TaskTracker');
  return app;
}

/** One query parameter, given once, as a string; a 400 naming it otherwise. */
function param(req: Request, name: string): string {
  const v = req.query[name];
  if (v === undefined || v === '') throw badRequest(`Missing parameter '${name}' (expected /mapOutput?job=&map=&reduce=)`);
  if (typeof v !== 'string') throw badRequest(`Parameter '${name}' must be given once`);
  return v;
}

async function readOrNotFound(file: string, map: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch {
    throw new HadoopError('MR_MAP_OUTPUT_NOT_FOUND', `The map output index of ${map} is gone from this tracker`);
  }
}
