import type { CountersJSON } from '../api/counters';
import type { MapOutputEvent } from '../protocol/types';

/**
 * The wire types between a task runner (LocalJobRunner or a TaskTracker) and the child process
 * that runs the attempt. Everything is JSON: the child may be on the other end of a pipe.
 */
export interface TaskSpec {
  jobId: string;
  attemptId: string;
  isMap: boolean;
  /** Map index or reduce partition. */
  partition: number;
  numMaps: number;
  numReduces: number;
  /** The job configuration, keys set by the job (defaults are not sent). */
  conf: Record<string, string>;
  /** A map's input split, as its InputFormat serialized it. */
  split?: object;
  /** Local working directory of this attempt: spills, map output, reduce merge files. */
  workDir: string;
  /** A reduce's inputs: where each map's output file and index are, local to this host. */
  mapOutputs?: MapOutputLocation[];
  /** A reduce on a TaskTracker: map outputs known at launch, fetched over HTTP (more come by IPC). */
  mapOutputLocations?: MapOutputEvent[];
}

export interface MapOutputLocation {
  mapIndex: number;
  attemptId: string;
  file: string;
  index: string;
}

export type ChildMessage =
  | { type: 'ready' }
  /** phaseTimes: when the attempt entered each phase so far (this host's clock). */
  | { type: 'progress'; attemptId: string; progress: number; phase: string; status: string; counters: CountersJSON; phaseTimes?: Record<string, number> }
  | { type: 'canCommit'; attemptId: string }
  | { type: 'done'; attemptId: string; counters: CountersJSON; peakRss: number; mapOutput?: { file: string; index: string } }
  | { type: 'failed'; attemptId: string; error: string; stack?: string; counters: CountersJSON }
  /** A reduce could not fetch these map attempts' outputs (the JobTracker may run the maps again). */
  | { type: 'fetchFailures'; attemptId: string; maps: string[] };

export type ParentMessage =
  | { type: 'run'; task: TaskSpec }
  | { type: 'commitAnswer'; attemptId: string; ok: boolean }
  /** Newly finished (or obsolete) map outputs for a reduce that is fetching over HTTP. */
  | { type: 'mapCompletionEvents'; attemptId: string; events: MapOutputEvent[] }
  | { type: 'exit' };
