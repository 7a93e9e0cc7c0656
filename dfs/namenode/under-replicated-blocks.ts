/**
 * UnderReplicatedBlocks: blocks with fewer live replicas than their file's replication, in
 * Hadoop 1's three priority levels. 0: one live replica left (or none, but copies on
 * decommissioning nodes); 1: live x 3 < expected; 2: the rest, including blocks with no live
 * replica at all (missing or corrupt), which cannot be copied until a replica comes back.
 */
export const LEVELS = 3;
export const NOT_NEEDED = -1;

export function replicationPriority(live: number, decommissioned: number, expected: number): number {
  if (live >= expected) return NOT_NEEDED;
  if (live === 0) return decommissioned > 0 ? 0 : 2;
  if (live === 1) return 0;
  if (live * 3 < expected) return 1;
  return 2;
}

export class UnderReplicatedBlocks {
  private readonly queues: Array<Set<number>> = Array.from({ length: LEVELS }, () => new Set<number>());
  private readonly level = new Map<number, number>();

  get size(): number {
    return this.level.size;
  }

  priorityOf(blockId: number): number {
    return this.level.get(blockId) ?? NOT_NEEDED;
  }

  /** Puts the block at the given priority, or takes it out with NOT_NEEDED. */
  update(blockId: number, priority: number): void {
    const old = this.level.get(blockId);
    if (old === priority) return;
    if (old !== undefined) this.queues[old].delete(blockId);
    if (priority === NOT_NEEDED) {
      this.level.delete(blockId);
      return;
    }
    this.queues[priority].add(blockId);
    this.level.set(blockId, priority);
  }

  remove(blockId: number): void {
    this.update(blockId, NOT_NEEDED);
  }

  /** Sends a block to the back of its level, so blocks that cannot be served do not starve others. */
  requeue(blockId: number): void {
    const p = this.level.get(blockId);
    if (p === undefined) return;
    this.queues[p].delete(blockId);
    this.queues[p].add(blockId);
  }

  /** Block ids, highest priority first (a snapshot: safe to update while iterating). */
  ordered(): number[] {
    return this.queues.flatMap((q) => [...q]);
  }
}
