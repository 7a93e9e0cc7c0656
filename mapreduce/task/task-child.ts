import { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import { FileSystem, type SchemeStatistics, statisticsSnapshot } from '../../common/fs/index';
import { Counters, FileSystemCounterGroup } from '../api/counters';
import { JobKeys } from '../api/job-keys';
import { runMapTask } from './map-task';
import { runReduceTask } from './reduce-task';
import { localShuffle, ShuffleSource } from './shuffle';
import { TaskAttemptContextImpl } from './task-context';
import type { ChildMessage, ParentMessage, TaskSpec } from './task-spec';
import type { Umbilical } from './umbilical';

/**
 * The child process a task attempt runs in (forked by the LocalJobRunner or a TaskTracker,
 * and reused for further tasks of the same job). A crash here fails the attempt, not the runner.
 */
function send(msg: ChildMessage): void {
  process.send?.(msg);
}

const commitWaiters = new Map<string, (ok: boolean) => void>();
let shuffle: ShuffleSource = localShuffle;

/** Lets a TaskTracker child fetch map outputs over HTTP instead of reading them locally. */
export function setShuffleSource(s: ShuffleSource): void {
  shuffle = s;
}

/** The job configuration plus the task-local keys Hadoop sets for each attempt. */
export function taskConfiguration(spec: TaskSpec): Configuration {
  const conf = Configuration.fromJSON(spec.conf);
  conf.set(JobKeys.JOB_ID, spec.jobId);
  conf.set(JobKeys.TASK_ATTEMPT_ID, spec.attemptId);
  conf.set(JobKeys.TASK_ID, spec.attemptId.replace(/^attempt_/, 'task_').replace(/_\d+$/, ''));
  conf.set(JobKeys.TASK_IS_MAP, spec.isMap);
  conf.set(JobKeys.TASK_PARTITION, spec.partition);
  return conf;
}

export async function runTask(spec: TaskSpec): Promise<void> {
  const conf = taskConfiguration(spec);
  const counters = new Counters();
  // stamped here, on the task's own clock: a phase change is reported at once (ProgressReporter.report),
  // so the first message naming a phase is when it began; a map's MAP and a reduce's SHUFFLE begin now
  const phaseTimes: Record<string, number> = { [spec.isMap ? 'MAP' : 'SHUFFLE']: Date.now() };
  const umbilical: Umbilical = {
    progress: (progress, phase, status, c) => {
      phaseTimes[phase] ??= Date.now();
      send({ type: 'progress', attemptId: spec.attemptId, progress, phase, status, counters: c.toJSON(), phaseTimes: { ...phaseTimes } });
    },
    canCommit: () =>
      new Promise<boolean>((resolve) => {
        commitWaiters.set(spec.attemptId, resolve);
        send({ type: 'canCommit', attemptId: spec.attemptId });
      }),
  };
  const started = process.cpuUsage();
  const fsBefore = statisticsSnapshot();
  try {
    const context = new TaskAttemptContextImpl(conf, spec.attemptId, counters);
    let mapOutput: { file: string; index: string } | undefined;
    if (spec.isMap) {
      const out = await runMapTask(spec, conf, context, umbilical);
      if (out) mapOutput = { file: out.file, index: out.index };
    } else {
      await runReduceTask(spec, conf, context, umbilical, shuffle);
    }
    addResourceCounters(counters, started);
    addFileSystemCounters(counters, fsBefore);
    send({ type: 'done', attemptId: spec.attemptId, counters: counters.toJSON(), peakRss: process.resourceUsage().maxRSS * 1024, mapOutput });
  } catch (e) {
    addResourceCounters(counters, started);
    addFileSystemCounters(counters, fsBefore);
    send({
      type: 'failed',
      attemptId: spec.attemptId,
      error: describeError(e),
      stack: e instanceof Error ? e.stack : undefined,
      counters: counters.toJSON(),
    });
  } finally {
    FileSystem.clearCache();
  }
}

function addResourceCounters(counters: Counters, started: NodeJS.CpuUsage): void {
  const used = process.cpuUsage(started);
  const g = 'org.apache.hadoop.mapreduce.TaskCounter';
  counters.findCounter(g, 'CPU_MILLISECONDS').increment(Math.round((used.user + used.system) / 1000));
  const mem = process.memoryUsage();
  counters.findCounter(g, 'PHYSICAL_MEMORY_BYTES').setValue(mem.rss);
  counters.findCounter(g, 'COMMITTED_HEAP_BYTES').setValue(mem.heapTotal);
}

/**
 * FileSystemCounters <SCHEME>_BYTES_READ / _WRITTEN: what this task moved through each
 * filesystem (its input, its output, side files), as Hadoop's Task publishes its
 * FileSystem.Statistics; a counter appears only for a scheme the task used.
 */
function addFileSystemCounters(counters: Counters, before: Map<string, SchemeStatistics>): void {
  for (const [scheme, now] of statisticsSnapshot()) {
    const was = before.get(scheme) ?? { bytesRead: 0, bytesWritten: 0 };
    const prefix = scheme.toUpperCase();
    if (now.bytesRead > was.bytesRead) counters.findCounter(FileSystemCounterGroup, `${prefix}_BYTES_READ`).increment(now.bytesRead - was.bytesRead);
    if (now.bytesWritten > was.bytesWritten) counters.findCounter(FileSystemCounterGroup, `${prefix}_BYTES_WRITTEN`).increment(now.bytesWritten - was.bytesWritten);
  }
}

/** The child's message loop; a TaskTracker's child entry adds its own listeners, then calls this. */
export function main(): void {
  let current: string | null = null;
  process.on('message', (msg: ParentMessage) => {
    if (msg.type === 'run') {
      current = msg.task.attemptId;
      void runTask(msg.task).finally(() => {
        current = null;
      });
    } else if (msg.type === 'commitAnswer') {
      commitWaiters.get(msg.attemptId)?.(msg.ok);
      commitWaiters.delete(msg.attemptId);
    } else if (msg.type === 'exit') {
      process.disconnect?.();
      process.exit(0);
    }
  });
  // user code that throws outside the task's promise chain still fails only this attempt
  const crash = (e: unknown) => {
    if (current) {
      send({ type: 'failed', attemptId: current, error: describeError(e), stack: (e as Error)?.stack, counters: {} });
    }
    setTimeout(() => process.exit(1), 50);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

if (require.main === module) main();
