import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import type { MapOutputEvent } from '../protocol/types';
import type { Segment } from './ifile';
import type { ShuffleSource } from './shuffle';
import { fetchSegment } from './shuffle-fetcher';
import { ShuffleMemory } from './shuffle-memory';
import type { TaskSpec } from './task-spec';
import { reportInterval } from './umbilical';

const log = getLog('mapred.ReduceTask');

export interface HttpShuffleOptions {
  /** Map attempts whose output a reduce could not fetch (sent on to the JobTracker). */
  onFetchFailures?(reduceAttemptId: string, mapAttemptIds: string[]): void;
}

/**
 * The shuffle of a reduce on a TaskTracker: map outputs are fetched over HTTP from the trackers
 * that ran the maps (Hadoop's ReduceCopier). Locations come with the task and, as maps finish
 * or are run again, as map completion events over IPC (addEvents).
 */
export class HttpShuffle implements ShuffleSource {
  private readonly early = new Map<string, MapOutputEvent[]>();
  private readonly active = new Map<string, ShuffleRun>();

  constructor(private readonly options: HttpShuffleOptions = {}) {}

  addEvents(reduceAttemptId: string, events: MapOutputEvent[]): void {
    const run = this.active.get(reduceAttemptId);
    if (run) run.addEvents(events);
    else this.early.set(reduceAttemptId, [...(this.early.get(reduceAttemptId) ?? []), ...events]);
  }

  async fetch(spec: TaskSpec, onProgress: (fraction: number) => void): Promise<Segment[]> {
    const early = this.early.get(spec.attemptId) ?? [];
    // a child runs one attempt at a time: events for any other attempt are stale
    this.early.clear();
    const run = new ShuffleRun(spec, Configuration.fromJSON(spec.conf), (maps) => this.options.onFetchFailures?.(spec.attemptId, maps));
    this.active.set(spec.attemptId, run);
    try {
      run.addEvents(spec.mapOutputLocations ?? []);
      run.addEvents(early);
      return await run.run(onProgress);
    } finally {
      this.active.delete(spec.attemptId);
    }
  }
}

interface HostState {
  failures: number;
  /** No fetch from this host before this time (Hadoop's penalty box). */
  until: number;
}

/** One reduce attempt's copy phase: which maps to fetch from where, retries and backoff. */
class ShuffleRun {
  private readonly numMaps: number;
  private readonly location: (MapOutputEvent | null)[];
  private readonly fetched: (Segment | null)[];
  private readonly inFlight = new Set<number>();
  private readonly obsolete = new Set<string>();
  private readonly attemptFailures = new Map<string, number>();
  private readonly hosts = new Map<string, HostState>();
  private readonly memory: ShuffleMemory;
  private readonly dir: string;
  private readonly parallel: number;
  private readonly readTimeout: number;
  private readonly retryInterval: number;
  private readonly maxRetryDelay: number;
  private readonly reportEvery: number;
  private readonly notifyReadError: boolean;
  private readonly maxFailuresPerMap: number;
  private done = 0;
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly spec: TaskSpec,
    private readonly conf: Configuration,
    private readonly report: (mapAttemptIds: string[]) => void,
  ) {
    this.numMaps = spec.numMaps;
    this.location = new Array<MapOutputEvent | null>(this.numMaps).fill(null);
    this.fetched = new Array<Segment | null>(this.numMaps).fill(null);
    this.memory = ShuffleMemory.fromConf(conf);
    this.dir = path.join(spec.workDir, 'shuffle');
    this.parallel = Math.max(1, conf.getInt('mapred.reduce.parallel.copies'));
    this.readTimeout = conf.getLong('mapreduce.reduce.shuffle.read.timeout');
    this.retryInterval = conf.getLong('mapreduce.reduce.shuffle.fetch.retry.interval-ms');
    this.maxRetryDelay = conf.getLong('mapreduce.reduce.shuffle.retry-delay.max.ms');
    this.reportEvery = Math.max(1, conf.getInt('mapreduce.reduce.shuffle.maxfetchfailures'));
    this.notifyReadError = conf.getBoolean('mapreduce.reduce.shuffle.notify.readerror');
    // Hadoop's ReduceCopier gives up on a map output after max(30, numMaps / 10) failures
    this.maxFailuresPerMap = Math.max(30, Math.floor(this.numMaps / 10));
  }

  addEvents(events: MapOutputEvent[]): void {
    for (const e of events) {
      if (!Number.isInteger(e.mapIndex) || e.mapIndex < 0 || e.mapIndex >= this.numMaps) {
        log.warn(`${this.spec.attemptId}: ignoring a map completion event for map ${e.mapIndex} of ${this.numMaps}`);
        continue;
      }
      if (e.obsolete) {
        // never fetch from it; an output already fetched from it stays (as in Hadoop: same map, same data)
        this.obsolete.add(e.attemptId);
        if (this.location[e.mapIndex]?.attemptId === e.attemptId) this.location[e.mapIndex] = null;
      } else if (!this.obsolete.has(e.attemptId) && this.fetched[e.mapIndex] === null) {
        this.location[e.mapIndex] = e;
      }
    }
    this.wakeUp();
  }

  async run(onProgress: (fraction: number) => void): Promise<Segment[]> {
    if (this.numMaps === 0) return [];
    fs.mkdirSync(this.dir, { recursive: true });
    // report even while waiting for maps to finish, so a patient reduce is not taken for hung
    const keepAlive = reportInterval(this.conf);
    let reported = -1;
    let lastReport = 0;
    while (this.done < this.numMaps) {
      if (this.error) throw this.error;
      const nextTry = this.startFetches();
      const now = Date.now();
      if (this.done !== reported || now - lastReport >= keepAlive) {
        reported = this.done;
        lastReport = now;
        onProgress(this.done / this.numMaps);
      }
      await this.sleep(Math.max(1, Math.min(keepAlive, nextTry - now)));
    }
    log.info(`${this.spec.attemptId}: fetched ${this.numMaps} map outputs (${this.memory.used} bytes in memory)`);
    return this.fetched as Segment[];
  }

  /** Starts what fetches it may; returns when a penalized host may be tried again. */
  private startFetches(): number {
    const now = Date.now();
    let nextTry = Infinity;
    for (let i = 0; i < this.numMaps && this.inFlight.size < this.parallel; i++) {
      const loc = this.location[i];
      if (this.fetched[i] !== null || this.inFlight.has(i) || loc === null) continue;
      const host = this.hosts.get(loc.server);
      if (host && host.until > now) {
        nextTry = Math.min(nextTry, host.until);
        continue;
      }
      this.startFetch(i, loc);
    }
    return nextTry;
  }

  private startFetch(i: number, loc: MapOutputEvent): void {
    this.inFlight.add(i);
    const file = path.join(this.dir, `${loc.attemptId}.out`);
    const target = { server: loc.server, jobId: this.spec.jobId, mapAttemptId: loc.attemptId, reduce: this.spec.partition };
    fetchSegment(target, this.memory, file, this.readTimeout)
      .then(
        (got) => {
          this.hosts.delete(loc.server);
          if (this.obsolete.has(loc.attemptId) || this.fetched[i] !== null) {
            discard(got.segment, this.memory);
            return;
          }
          this.fetched[i] = got.segment;
          this.done++;
        },
        (e: unknown) => this.failed(i, loc, e as Error),
      )
      .finally(() => {
        this.inFlight.delete(i);
        this.wakeUp();
      });
  }

  private failed(i: number, loc: MapOutputEvent, e: Error): void {
    const n = (this.attemptFailures.get(loc.attemptId) ?? 0) + 1;
    this.attemptFailures.set(loc.attemptId, n);
    const host = this.hosts.get(loc.server) ?? { failures: 0, until: 0 };
    host.failures++;
    const delay = Math.min(this.maxRetryDelay, this.retryInterval * 1.3 ** (host.failures - 1));
    host.until = Date.now() + delay;
    this.hosts.set(loc.server, host);
    log.warn(`${this.spec.attemptId}: failed to fetch map ${i} (${loc.attemptId}) from ${loc.server}, try ${n}; next try in ${Math.round(delay)} ms: ${e.message}`);
    if (this.notifyReadError || n % this.reportEvery === 0) this.report([loc.attemptId]);
    if (n >= this.maxFailuresPerMap) {
      this.error = new HadoopError('MR_SHUFFLE_ERROR', `Shuffle failed: the output of ${loc.attemptId} could not be fetched from ${loc.server} in ${n} tries; last error: ${e.message}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }
}

function discard(segment: Segment, memory: ShuffleMemory): void {
  if (segment.kind === 'memory') memory.release(segment.data.length);
  else fs.rmSync(segment.path, { force: true });
}
