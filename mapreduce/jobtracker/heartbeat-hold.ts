import type { HeartbeatResponse, TaskTrackerAction } from '../protocol/types';
import type { TrackerState } from './interfaces';

type Reply = HeartbeatResponse & { responseId: number };

interface Held {
  tracker: TrackerState;
  responseId: number;
  resolve: (r: Reply) => void;
  timer: NodeJS.Timeout;
}

/**
 * Heartbeats of quiet trackers held open (ours; Hadoop 1 makes a tracker wait out its interval).
 * A tracker with free slots that runs nothing, or only reduces waiting for map outputs, and gets
 * no work is answered when there is something for it (a job submitted, a task to re-run, a map
 * output for its reduces) or after holdMs, and then told to come back at once; so a job's first
 * tasks start, and its reduces hear of finished maps, without waiting for the next heartbeat.
 * Busy trackers are never held: their finished attempts must be reported without delay.
 */
export class HeartbeatHold {
  private readonly held = new Map<string, Held>();

  constructor(
    readonly holdMs: number,
    /** New actions for a held tracker (queued ones and new tasks), or none. */
    private readonly work: (t: TrackerState) => TaskTrackerAction[],
    private readonly intervalMs: () => number,
    private readonly now: () => number = Date.now,
    /** Whether the tracker is still quiet (then it comes back at once, to be held again). */
    private readonly quiet: (t: TrackerState) => boolean = (t) => t.attempts.size === 0,
  ) {}

  /** Holds the heartbeat; resolves with the answer once there is work or the hold is over. */
  hold(tracker: TrackerState, responseId: number): Promise<Reply> {
    this.release(tracker.name, [], 0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.release(tracker.name, this.work(tracker), 0), this.holdMs);
      this.held.set(tracker.name, { tracker, responseId, resolve, timer });
    });
  }

  /** Something changed: answers every held tracker that now has work. */
  wake(isCurrent: (t: TrackerState) => boolean): void {
    for (const h of [...this.held.values()]) {
      if (!isCurrent(h.tracker)) {
        this.release(h.tracker.name, [], 0);
        continue;
      }
      const actions = this.work(h.tracker);
      // a tracker still quiet after these actions (a killJob, news for a reduce) comes back at once to be held again
      if (actions.length > 0) this.release(h.tracker.name, actions, this.quiet(h.tracker) ? 0 : this.intervalMs());
    }
  }

  /** Answers everything held (the JobTracker is stopping). */
  releaseAll(): void {
    for (const name of [...this.held.keys()]) this.release(name, [], 0);
  }

  private release(name: string, actions: TaskTrackerAction[], intervalMs: number): void {
    const h = this.held.get(name);
    if (!h) return;
    this.held.delete(name);
    clearTimeout(h.timer);
    h.tracker.lastSeen = this.now();
    h.resolve({ responseId: h.responseId, intervalMs, actions });
  }
}
