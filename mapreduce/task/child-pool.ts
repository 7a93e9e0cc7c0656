import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { Counters, CountersJSON } from '../api/counters';
import type { ChildMessage, ParentMessage, TaskSpec } from './task-spec';

const CHILD_MAIN = path.join(__dirname, 'task-child.js');

export interface AttemptEvents {
  onProgress(progress: number, phase: string, status: string, counters: CountersJSON, phaseTimes?: Record<string, number>): void;
  /**
   * May answer later (a TaskTracker waits for the JobTracker's commitTask); the attempt's
   * timeout does not run while the answer is pending.
   */
  canCommit(): boolean | Promise<boolean>;
  /** A reduce could not fetch these map attempts' outputs. */
  onFetchFailures?(mapAttemptIds: string[]): void;
}

export type AttemptResult =
  | { ok: true; counters: CountersJSON; peakRss: number; mapOutput?: { file: string; index: string } }
  | { ok: false; error: string; counters: CountersJSON };

export interface ChildPoolOptions {
  /** The child's main module (default: task-child.js, which reads map outputs locally). */
  childMain?: string;
  /** Tasks one child runs before it is replaced (mapred.job.reuse.jvm.num.tasks); -1 or 0: no limit. */
  maxTasksPerChild?: number;
  /**
   * A child forked ahead of need (of childMain, with this pool's env and execArgv), taken before
   * forking one; it becomes this pool's. Returns null when there is none.
   */
  takeSpare?: () => ChildProcess | null;
}

interface Running {
  child: ChildProcess;
  finish: (r: AttemptResult, kill: boolean) => void;
}

/**
 * Child processes for task attempts, forked once and reused for the job's tasks (Hadoop's JVM
 * reuse). A child that dies or stops reporting fails its attempt and is replaced.
 */
export class ChildPool {
  private idle: ChildProcess[] = [];
  private all = new Set<ChildProcess>();
  private readonly running = new Map<string, Running>();
  private readonly tasksRun = new Map<ChildProcess, number>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly taskTimeoutMs: number,
    private readonly execArgv: string[] = [],
    private readonly options: ChildPoolOptions = {},
  ) {}

  private spawn(): ChildProcess {
    const child =
      this.options.takeSpare?.() ?? fork(this.options.childMain ?? CHILD_MAIN, [], { env: this.env, execArgv: this.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.all.add(child);
    child.once('exit', () => {
      this.all.delete(child);
      this.tasksRun.delete(child);
      this.idle = this.idle.filter((c) => c !== child);
    });
    return child;
  }

  run(spec: TaskSpec, events: AttemptEvents): Promise<AttemptResult> {
    const child = this.idle.pop() ?? this.spawn();
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      let timer: NodeJS.Timeout | null = null;
      const armTimeout = () => {
        if (this.taskTimeoutMs <= 0) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          finish(
            { ok: false, error: `Task ${spec.attemptId} failed to report status for ${Math.round(this.taskTimeoutMs / 1000)} seconds. Killing!`, counters: {} },
            true,
          );
        }, this.taskTimeoutMs);
      };
      const finish = (r: AttemptResult, kill: boolean) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        this.running.delete(spec.attemptId);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill || !r.ok) {
          // a failed attempt may have left the child in any state: start fresh next time
          child.kill('SIGKILL');
        } else {
          this.release(child);
        }
        resolve(r);
      };
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'ready' || ('attemptId' in m && m.attemptId !== spec.attemptId)) return;
        switch (m.type) {
          case 'progress':
            armTimeout();
            events.onProgress(m.progress, m.phase, m.status, m.counters, m.phaseTimes);
            break;
          case 'canCommit':
            if (timer) clearTimeout(timer);
            void Promise.resolve(events.canCommit()).then(
              (ok) => {
                if (settled) return;
                child.send({ type: 'commitAnswer', attemptId: spec.attemptId, ok });
                armTimeout();
              },
              () => {
                if (!settled) child.send({ type: 'commitAnswer', attemptId: spec.attemptId, ok: false });
              },
            );
            break;
          case 'fetchFailures':
            events.onFetchFailures?.(m.maps);
            break;
          case 'done':
            finish({ ok: true, counters: m.counters, peakRss: m.peakRss, mapOutput: m.mapOutput }, false);
            break;
          case 'failed':
            finish({ ok: false, error: m.error, counters: m.counters }, false);
            break;
        }
      };
      const onExit = (code: number | null, signal: string | null) =>
        finish({ ok: false, error: `Child process for ${spec.attemptId} exited (${signal ?? 'code ' + code})`, counters: {} }, false);
      child.on('message', onMessage);
      child.once('exit', onExit);
      this.running.set(spec.attemptId, { child, finish });
      armTimeout();
      child.send({ type: 'run', task: spec });
    });
  }

  /** Back to the idle list, unless it has run its share of tasks (then it exits). */
  private release(child: ChildProcess): void {
    const n = (this.tasksRun.get(child) ?? 0) + 1;
    this.tasksRun.set(child, n);
    const max = this.options.maxTasksPerChild ?? -1;
    if (max > 0 && n >= max) {
      retire(child);
      return;
    }
    this.idle.push(child);
  }

  /** Fails the attempt with reason and kills its child; false if the attempt is not running here. */
  kill(attemptId: string, reason: string): boolean {
    const r = this.running.get(attemptId);
    if (!r) return false;
    r.finish({ ok: false, error: reason, counters: {} }, true);
    return true;
  }

  /** Sends a message to the child running attemptId; false if it is not running here. */
  send(attemptId: string, msg: ParentMessage): boolean {
    const r = this.running.get(attemptId);
    if (!r || !r.child.connected) return false;
    r.child.send(msg);
    return true;
  }

  /** Asks idle children to exit (so they can flush, e.g. a --cpu-prof), then kills what is left. */
  async close(): Promise<void> {
    const exits = [...this.all].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const timer = setTimeout(() => c.kill('SIGKILL'), 2000);
          c.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          if (this.idle.includes(c) && c.connected) c.send({ type: 'exit' });
          else c.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    this.idle = [];
  }
}

/** Lets a child exit on its own (flushing what it must); kills it if it does not. */
function retire(child: ChildProcess): void {
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  timer.unref();
  child.once('exit', () => clearTimeout(timer));
  if (child.connected) child.send({ type: 'exit' });
  else child.kill('SIGKILL');
}

export function mergeCounters(into: Counters, json: CountersJSON): void {
  into.incrAll(json);
}
