import type { CountersJSON } from '../api/counters';
import type { TaskPhase, TaskState, TaskTrackerAction } from '../protocol/types';

/** How close a map ran to its split's data (Hadoop's locality levels). */
export type Locality = 'node' | 'rack' | 'any';

/** One attempt as the JobTracker sees it: the tracker's last report plus the JobTracker's own decisions. */
export interface AttemptInfo {
  attemptId: string;
  isMap: boolean;
  /** The task's index (map number or reduce partition). */
  index: number;
  trackerName: string;
  host: string;
  /** host:port of the tracker's HTTP server. */
  httpAddress: string;
  state: TaskState;
  phase: TaskPhase;
  progress: number;
  status: string;
  counters: CountersJSON;
  /** JobTracker clock: when it was handed out, when it ended. */
  startTime: number;
  finishTime: number;
  diagnostics: string;
  /** When it entered each phase, as its tracker reports them (the tracker's clock). */
  phaseTimes: Partial<Record<TaskPhase, number>>;
  mapOutputServer?: string;
  speculative: boolean;
  locality: Locality;
  /** True until its tracker reports it ended (or is lost): it still holds a slot there. */
  onTracker: boolean;
  /** The tracker's heartbeat count when the attempt was handed out, and heartbeats since that did not mention it. */
  dispatchHeartbeat: number;
  missedReports: number;
  /** A reduce: how many of the job's map completion events it has been sent. */
  eventCursor: number;
  /** The commitTask action was sent. */
  commitSent: boolean;
  /** A killTask action was sent. */
  killSent: boolean;
}

export const ACTIVE_STATES: ReadonlySet<TaskState> = new Set<TaskState>(['UNASSIGNED', 'RUNNING', 'COMMIT_PENDING']);

export function isActive(a: AttemptInfo): boolean {
  return ACTIVE_STATES.has(a.state);
}

/** A TaskTracker as the registry keeps it. */
export interface TrackerState {
  name: string;
  host: string;
  httpAddress: string;
  rack: string;
  maxMapSlots: number;
  maxReduceSlots: number;
  lastSeen: number;
  /** Heartbeats received since it registered. */
  heartbeats: number;
  /** Attempts the tracker reported as failed, over its life. */
  failures: number;
  state: 'live' | 'lost' | 'blacklisted';
  /** Attempts handed to it that still hold one of its slots. */
  attempts: Map<string, AttemptInfo>;
  /** Actions waiting for its next heartbeat (kills, commits). */
  actions: TaskTrackerAction[];
  /** Jobs that finished with this tracker on their blacklist. */
  blacklistedBy: Set<string>;
}

/** What a job needs from the daemon it runs in. */
export interface JobTrackerServices {
  /** Queues an action for a tracker's next heartbeat response. */
  sendAction(trackerName: string, action: TaskTrackerAction): void;
  /** The live trackers right now (for "retry elsewhere where possible" and blacklists). */
  liveTrackerCount(): number;
  /** Called once a job reached a final state (history written, staging cleaned). */
  jobFinished(jobId: string): void;
  now(): number;
}
