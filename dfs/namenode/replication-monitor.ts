import type { Configuration } from '../../common/conf/configuration';
import { getLog } from '../../common/log';
import type { BlockManager } from './block-manager';
import type { DatanodeManager } from './datanode-manager';
import type { BlockPlacementPolicy } from './placement-policy';

const log = getLog('namenode.ReplicationMonitor');
/** Hadoop's REPLICATION_WORK_MULTIPLIER_PER_ITERATION: blocks scheduled per round per live node. */
const WORK_PER_NODE = 2;

/**
 * ReplicationMonitor, run every dfs.replication.interval seconds out of safe mode: drops copies
 * that timed out, then walks the under-replication queue, highest priority first, and orders a
 * live replica's DataNode (at most dfs.max-repl-streams copies in flight per source) to copy the
 * block to targets chosen by the placement policy. Excess and corrupt replicas are turned into
 * invalidate orders by the block manager as soon as they are seen.
 */
export class ReplicationMonitor {
  private readonly maxStreams: number;

  constructor(
    conf: Configuration,
    private readonly blocks: BlockManager,
    private readonly datanodes: DatanodeManager,
    private readonly placement: BlockPlacementPolicy,
  ) {
    this.maxStreams = conf.getInt('dfs.max-repl-streams');
  }

  tick(): void {
    for (const id of this.blocks.pending.expire()) {
      const info = this.blocks.get(id);
      log.warn(`Copy of blk_${id} timed out (dfs.replication.pending.timeout.sec); will schedule it again`);
      if (info) this.blocks.checkReplication(info);
    }
    this.computeReplicationWork();
  }

  /** Schedules copies for the most urgent under-replicated blocks; returns how many. */
  computeReplicationWork(): number {
    const limit = Math.max(1, this.datanodes.liveCount() * WORK_PER_NODE);
    const load = this.blocks.pending.loadBySource();
    let scheduled = 0;
    for (const id of this.blocks.needed.ordered()) {
      if (scheduled >= limit) break;
      const info = this.blocks.get(id);
      if (!info || info.underConstruction) {
        this.blocks.needed.remove(id);
        continue;
      }
      const expected = info.file.repl!;
      const live = this.blocks.countReplicas(info).live;
      if (live >= expected) {
        this.blocks.needed.remove(id);
        continue;
      }
      const want = expected - live - this.blocks.pending.count(id);
      if (want <= 0) continue;
      const holders = this.blocks.goodHolders(info);
      const sources = holders.filter((n) => (load.get(n.storageId) ?? 0) < this.maxStreams);
      if (sources.length === 0) {
        this.blocks.needed.requeue(id);
        continue;
      }
      // a decommissioning node has no writes to serve: Hadoop prefers it as the source
      const source = sources.find((n) => n.decommissioning()) ?? sources[Math.floor(Math.random() * sources.length)];
      const excluded = new Set(info.replicas.keys());
      for (const n of this.datanodes.nodes.values()) if (n.pendingDeletion.has(id)) excluded.add(n.storageId);
      const targets = this.placement.chooseTarget({
        count: want,
        writerHost: null,
        chosen: holders.filter((n) => n.inService()),
        excluded,
        blockSize: info.block.numBytes,
      });
      if (targets.length === 0) {
        this.blocks.needed.requeue(id);
        continue;
      }
      source.transferQueue.push({ block: { ...info.block }, targets: targets.map((t) => t.id()) });
      this.blocks.pending.add(id, source.storageId, targets.map((t) => t.storageId));
      load.set(source.storageId, (load.get(source.storageId) ?? 0) + 1);
      scheduled++;
      log.info(`Asking ${source.name} to replicate blk_${id} to ${targets.map((t) => t.name).join(', ')}`);
    }
    return scheduled;
  }
}
