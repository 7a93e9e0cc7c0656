import { getLog } from '../../common/log';
import type { TaskTrackerStatus, TrackerInfo } from '../protocol/types';
import type { TrackerState } from './interfaces';
import type { Topology } from './topology';

const log = getLog('mapred.JobTracker');
const LOST_KEPT = 100;

/**
 * The TaskTrackers the JobTracker knows, by name: their slots, last heartbeat and the attempts
 * they hold. A tracker silent for mapred.tasktracker.expiry.interval is lost (checked every
 * expiry/3, as Hadoop's ExpireTrackers does); onLost then reschedules its work.
 */
export class TrackerRegistry {
  private readonly trackers = new Map<string, TrackerState>();
  private readonly lost = new Map<string, TrackerState>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly expiryMs: number,
    private readonly topology: Topology,
    private readonly maxBlacklists: number,
    private readonly onLost: (t: TrackerState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    const period = Math.max(10, Math.floor(this.expiryMs / 3));
    this.timer = setInterval(() => this.checkExpiry(), period);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get(name: string): TrackerState | undefined {
    return this.trackers.get(name);
  }

  /** A tracker's first heartbeat (or first after a restart: what it held before is lost). */
  register(status: TaskTrackerStatus): TrackerState {
    const old = this.trackers.get(status.trackerName);
    if (old) this.markLost(old, 'restarted');
    const t: TrackerState = {
      name: status.trackerName,
      host: status.host,
      httpAddress: status.httpAddress,
      rack: this.topology.learn(status.host, status.rack),
      maxMapSlots: status.maxMapSlots,
      maxReduceSlots: status.maxReduceSlots,
      lastSeen: this.now(),
      heartbeats: 0,
      failures: 0,
      state: 'live',
      attempts: new Map(),
      actions: [],
      blacklistedBy: new Set(),
    };
    this.lost.delete(t.name);
    this.trackers.set(t.name, t);
    log.info(`Adding tracker ${t.name} (${t.host}, rack ${t.rack}, ${t.maxMapSlots} map and ${t.maxReduceSlots} reduce slots)`);
    return t;
  }

  /** Trackers that heartbeat (live ones and cluster-blacklisted ones). */
  active(): TrackerState[] {
    return [...this.trackers.values()];
  }

  /** Trackers that may get new tasks. */
  live(): TrackerState[] {
    return this.active().filter((t) => t.state === 'live');
  }

  checkExpiry(): void {
    const now = this.now();
    for (const t of [...this.trackers.values()]) {
      if (now - t.lastSeen > this.expiryMs) this.markLost(t, `no heartbeat for ${now - t.lastSeen} ms`);
    }
  }

  markLost(t: TrackerState, why: string): void {
    if (this.trackers.get(t.name) !== t) return;
    log.warn(`Lost tracker '${t.name}': ${why}`);
    this.trackers.delete(t.name);
    t.state = 'lost';
    this.lost.set(t.name, t);
    if (this.lost.size > LOST_KEPT) this.lost.delete(this.lost.keys().next().value as string);
    this.onLost(t);
    t.attempts.clear();
    t.actions = [];
  }

  /** A job finished with this tracker on its blacklist; enough such jobs blacklist it for all. */
  noteJobBlacklist(name: string, jobId: string): void {
    const t = this.trackers.get(name);
    if (!t) return;
    t.blacklistedBy.add(jobId);
    if (t.state === 'live' && t.blacklistedBy.size >= this.maxBlacklists) {
      t.state = 'blacklisted';
      log.warn(`Tracker ${name} is blacklisted: ${t.blacklistedBy.size} jobs blacklisted it`);
    }
  }

  info(): TrackerInfo[] {
    const one = (t: TrackerState): TrackerInfo => ({
      trackerName: t.name,
      host: t.host,
      httpAddress: t.httpAddress,
      lastSeen: t.lastSeen,
      state: t.state,
      maxMapSlots: t.maxMapSlots,
      maxReduceSlots: t.maxReduceSlots,
      runningTasks: t.attempts.size,
      failures: t.failures,
    });
    return [...this.trackers.values(), ...this.lost.values()].map(one);
  }

  lostCount(): number {
    return this.lost.size;
  }
}
