/**
 * PendingReplicationBlocks: copies ordered from a source DataNode and not yet reported received
 * by their targets. A copy not confirmed within dfs.replication.pending.timeout.sec is dropped so
 * the block is considered again.
 */
interface Pending {
  source: string;
  targets: Set<string>;
  since: number;
}

export class PendingReplications {
  private readonly pending = new Map<number, Pending[]>();

  constructor(private readonly timeoutMs: number) {}

  add(blockId: number, source: string, targets: string[], now = Date.now()): void {
    const list = this.pending.get(blockId) ?? [];
    list.push({ source, targets: new Set(targets), since: now });
    this.pending.set(blockId, list);
  }

  /** Copies of the block still expected. */
  count(blockId: number): number {
    let n = 0;
    for (const p of this.pending.get(blockId) ?? []) n += p.targets.size;
    return n;
  }

  /** A target reported the replica (or died): it is no longer pending. */
  done(blockId: number, storageId: string): void {
    const list = this.pending.get(blockId);
    if (!list) return;
    for (const p of list) p.targets.delete(storageId);
    const left = list.filter((p) => p.targets.size > 0);
    if (left.length === 0) this.pending.delete(blockId);
    else this.pending.set(blockId, left);
  }

  /** A DataNode died: copies from it will not happen, nor copies to it. Returns the blocks concerned. */
  forgetNode(storageId: string): number[] {
    const out: number[] = [];
    for (const [id, list] of this.pending) {
      let touched = false;
      const left = list.filter((p) => {
        if (p.source === storageId) touched = true;
        if (p.targets.delete(storageId)) touched = true;
        return p.source !== storageId && p.targets.size > 0;
      });
      if (!touched) continue;
      out.push(id);
      if (left.length === 0) this.pending.delete(id);
      else this.pending.set(id, left);
    }
    return out;
  }

  remove(blockId: number): void {
    this.pending.delete(blockId);
  }

  /** Copies in flight per source DataNode, for dfs.max-repl-streams. */
  loadBySource(): Map<string, number> {
    const load = new Map<string, number>();
    for (const list of this.pending.values()) for (const p of list) load.set(p.source, (load.get(p.source) ?? 0) + 1);
    return load;
  }

  /** Drops the copies older than the timeout and returns their block ids. */
  expire(now = Date.now()): number[] {
    const out: number[] = [];
    for (const [id, list] of this.pending) {
      const left = list.filter((p) => now - p.since < this.timeoutMs);
      if (left.length < list.length) out.push(id);
      if (left.length === 0) this.pending.delete(id);
      else this.pending.set(id, left);
    }
    return out;
  }

  get size(): number {
    return this.pending.size;
  }
}
