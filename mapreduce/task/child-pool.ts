import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import type { Counters, CountersJSON } from '../api/counters';
import type { ChildMessage, TaskSpec } from './task-spec';

const CHILD_MAIN = path.join(__dirname, 'task-child.js');

export interface AttemptEvents {
  onProgress(progress: number, phase: string, status: string, counters: CountersJSON): void;
  canCommit(): boolean;
}

export type AttemptResult =
  | { ok: true; counters: CountersJSON; peakRss: number; mapOutput?: { file: string; index: string } }
  | { ok: false; error: string; counters: CountersJSON };

/**
 * Child processes for task attempts, forked once and reused for the job's tasks (Hadoop's JVM
 * reuse). A child that dies or stops reporting fails its attempt and is replaced.
 */
export class ChildPool {
  private idle: ChildProcess[] = [];
  private all = new Set<ChildProcess>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly taskTimeoutMs: number,
    private readonly execArgv: string[] = [],
  ) {}

  private spawn(): ChildProcess {
    const child = fork(CHILD_MAIN, [], { env: this.env, execArgv: this.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.all.add(child);
    child.once('exit', () => {
      this.all.delete(child);
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
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill || !r.ok) {
          // a failed attempt may have left the child in any state: start fresh next time
          child.kill('SIGKILL');
        } else {
          this.idle.push(child);
        }
        resolve(r);
      };
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'ready' || ('attemptId' in m && m.attemptId !== spec.attemptId)) return;
        switch (m.type) {
          case 'progress':
            armTimeout();
            events.onProgress(m.progress, m.phase, m.status, m.counters);
            break;
          case 'canCommit':
            child.send({ type: 'commitAnswer', attemptId: spec.attemptId, ok: events.canCommit() });
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
      armTimeout();
      child.send({ type: 'run', task: spec });
    });
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

export function mergeCounters(into: Counters, json: CountersJSON): void {
  into.incrAll(json);
}
