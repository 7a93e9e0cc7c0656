import { attemptEnd, TimelineAttempt, TimelineInput, TimelineTracker } from './timeline-model';

/**
 * Which row of the timeline each attempt goes in: one row per TaskTracker slot (a tracker's map
 * slots, then its reduce slots). Attempts are packed greedily by start time into the first slot
 * row free at that time, which needs as many rows as the most attempts that ran at once; when that
 * is more than the tracker declared (a killed attempt still ending, a tracker that restarted with
 * fewer slots), rows are added rather than drawing bars over each other.
 */
export interface TimelineRow {
  tracker: string;
  isMap: boolean;
  /** Slot number within the tracker and kind. */
  slot: number;
  attempts: TimelineAttempt[];
}

export function layoutRows(input: TimelineInput): TimelineRow[] {
  const trackers = orderedTrackers(input);
  const rows: TimelineRow[] = [];
  for (const t of trackers) {
    for (const isMap of [true, false]) {
      const mine = input.attempts.filter((a) => a.tracker === t.name && a.isMap === isMap);
      const packed = pack(mine, input.now);
      const declared = Math.max(0, Math.floor(isMap ? t.mapSlots : t.reduceSlots));
      const n = Math.max(declared, packed.length);
      for (let slot = 0; slot < n; slot++) rows.push({ tracker: t.name, isMap, slot, attempts: packed[slot] ?? [] });
    }
  }
  return rows;
}

/**
 * The trackers as given, then those seen only in attempts (sorted by name), with no declared
 * slots: their rows are exactly the ones their attempts need.
 */
function orderedTrackers(input: TimelineInput): TimelineTracker[] {
  const out: TimelineTracker[] = [];
  const seen = new Set<string>();
  for (const t of input.trackers) {
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    out.push(t);
  }
  const extra = [...new Set(input.attempts.map((a) => a.tracker))].filter((n) => !seen.has(n)).sort();
  for (const name of extra) out.push({ name, mapSlots: 0, reduceSlots: 0 });
  return out;
}

/** Greedy interval partitioning: by start, each attempt into the lowest row already free. */
function pack(attempts: TimelineAttempt[], now: number): TimelineAttempt[][] {
  const sorted = [...attempts].sort((a, b) => a.startTime - b.startTime || attemptEnd(a, now) - attemptEnd(b, now) || cmp(a.attemptId, b.attemptId));
  const rows: TimelineAttempt[][] = [];
  const freeAt: number[] = [];
  for (const a of sorted) {
    let r = freeAt.findIndex((t) => t <= a.startTime);
    if (r < 0) {
      r = rows.length;
      rows.push([]);
      freeAt.push(0);
    }
    rows[r].push(a);
    freeAt[r] = attemptEnd(a, now);
  }
  return rows;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
