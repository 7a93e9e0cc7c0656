import { isActive } from './interfaces';
import type { TaskInProgress } from './task-in-progress';

/** Hadoop 1's TaskInProgress.SPECULATIVE_GAP: how far behind the average a straggler is. */
export const SPECULATIVE_GAP = 0.2;

/**
 * Stragglers worth a backup attempt (Hadoop 1's TaskInProgress.hasSpeculativeTask): running
 * alone (one attempt, not yet committing), at least SPECULATIVE_GAP behind the average progress
 * of the tasks of its kind, and running for at least lagMs.
 */
export function findStragglers(tasks: readonly TaskInProgress[], now: number, lagMs: number): TaskInProgress[] {
  if (tasks.length === 0) return [];
  let sum = 0;
  for (const t of tasks) sum += t.progress();
  const average = sum / tasks.length;
  const out: TaskInProgress[] = [];
  for (const t of tasks) {
    if (t.isComplete() || t.failed || t.committing !== null) continue;
    const running = [...t.attempts.values()].filter(isActive);
    if (running.length !== 1) continue;
    const a = running[0];
    if (a.state !== 'RUNNING' && a.state !== 'UNASSIGNED') continue;
    if (now - a.startTime < lagMs) continue;
    if (average - a.progress >= SPECULATIVE_GAP) out.push(t);
  }
  // the furthest behind first
  return out.sort((x, y) => x.progress() - y.progress());
}
