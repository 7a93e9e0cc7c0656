import type { TaskReport, TaskState } from '../../protocol/types';
import { ACTIVE_STATES } from '../interfaces';

/**
 * The task lists' state filters, as Hadoop's jobdetails.jsp counts tasks: pending (no attempt
 * running), running (an attempt running or waiting to commit), completed, failed, killed.
 */
export const TASK_FILTERS = ['all', 'pending', 'running', 'completed', 'failed', 'killed'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

export function taskCategory(state: TaskState): Exclude<TaskFilter, 'all'> {
  switch (state) {
    case 'UNASSIGNED':
      return 'pending';
    case 'RUNNING':
    case 'COMMIT_PENDING':
      return 'running';
    case 'SUCCEEDED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'KILLED':
      return 'killed';
  }
}

export function matchesFilter(t: TaskReport, filter: TaskFilter): boolean {
  return filter === 'all' || taskCategory(t.state) === filter;
}

/** What a task is doing, in its best attempt's words: the winner's, else the most advanced running one's. */
export function taskStatusString(t: TaskReport): string {
  const won = t.attempts.find((a) => a.attemptId === t.successfulAttempt);
  if (won) return won.status;
  const running = t.attempts.filter((a) => ACTIVE_STATES.has(a.state));
  running.sort((a, b) => b.progress - a.progress);
  return running[0]?.status ?? '';
}

/** The errors of a task's failed attempts, one per attempt. */
export function taskErrors(t: TaskReport): string[] {
  return t.attempts.filter((a) => a.state === 'FAILED' && a.diagnostics).map((a) => `${a.attemptId}: ${a.diagnostics}`);
}
