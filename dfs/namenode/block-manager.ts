import type { Configuration } from '../../common/conf/configuration';
import { getLog } from '../../common/log';
import type { Block, LocatedBlock } from '../protocol/types';
import type { DatanodeDescriptor } from './datanode-descriptor';
import type { INode } from './interfaces';
import { PendingReplications } from './pending-replications';
import { NOT_NEEDED, replicationPriority, UnderReplicatedBlocks } from './under-replicated-blocks';

const log = getLog('namenode.BlockManager');

export interface Replica {
  genStamp: number;
  numBytes: number;
}

/** A block of a file, and where the NameNode knows replicas of it to be. */
export class BlockInfo {
  /** storage id -> the replica as its DataNode last reported it */
  readonly replicas = new Map<string, Replica>();
  /** storage ids whose replica is known corrupt (bad checksum, wrong length or stamp). */
  readonly corrupt = new Set<string>();
  /** The last block of a file being written, before the writer commits its length. */
  underConstruction = false;
  /** While under construction: the pipeline's storage ids (lease recovery asks them). */
  expected: string[] = [];

  constructor(
    /** Shared with the file's inode, so a commit updates both. */
    readonly block: Block,
    public file: INode,
  ) {}
}

export interface ReplicaCounts {
  /** Good replicas on live in-service DataNodes. */
  live: number;
  /** Good replicas on decommissioning or decommissioned DataNodes. */
  decommissioned: number;
  corrupt: number;
}

/**
 * The block map: every block of every file, with its replicas, rebuilt from block reports after a
 * restart; the under-replication queue; pending copies; corrupt and excess replicas turned into
 * invalidate orders for their DataNodes.
 */
export class BlockManager {
  readonly blocks = new Map<number, BlockInfo>();
  readonly needed = new UnderReplicatedBlocks();
  readonly pending: PendingReplications;
  readonly minReplication: number;
  /** Off during start-up safe mode (Hadoop's populating replication queues). */
  populatingQueues = false;
  /** Set whenever replicas change, so safe mode recounts only then. */
  changed = true;

  constructor(
    conf: Configuration,
    private readonly nodes: Map<string, DatanodeDescriptor>,
  ) {
    this.minReplication = conf.getInt('dfs.replication.min');
    this.pending = new PendingReplications(conf.getFloat('dfs.replication.pending.timeout.sec') * 1000);
  }

  get(blockId: number): BlockInfo | undefined {
    return this.blocks.get(blockId);
  }

  /** Registers the blocks of a file loaded from the namespace; its last block is open if the file is. */
  addFile(file: INode): void {
    const blocks = file.blocks ?? [];
    blocks.forEach((b, i) => {
      const info = new BlockInfo(b, file);
      info.underConstruction = file.uc !== undefined && i === blocks.length - 1;
      this.blocks.set(b.blockId, info);
    });
    this.changed = true;
  }

  /** A new last block of a file being written, placed on targets. */
  allocate(file: INode, block: Block, targets: DatanodeDescriptor[]): BlockInfo {
    const info = new BlockInfo(block, file);
    info.underConstruction = true;
    info.expected = targets.map((t) => t.storageId);
    this.blocks.set(block.blockId, info);
    return info;
  }

  /** The writer says how long the block is: it is complete, and replicas that disagree are corrupt. */
  commit(info: BlockInfo, numBytes: number, genStamp: number): void {
    info.block.numBytes = numBytes;
    info.block.genStamp = genStamp;
    info.underConstruction = false;
    info.expected = [];
    for (const [sid, rep] of info.replicas) if (!this.isGood(info, rep)) info.corrupt.add(sid);
    this.changed = true;
    this.checkReplication(info);
  }

  /** Append reopens a file's last block: it is under construction again, on its replicas. */
  reopen(info: BlockInfo): void {
    info.underConstruction = true;
    info.expected = [...info.replicas.keys()].filter((sid) => this.nodes.get(sid)?.live && !info.corrupt.has(sid));
    this.needed.remove(info.block.blockId);
    this.changed = true;
  }

  /** The file is gone (or the block abandoned): forget the block and delete its replicas. */
  removeBlock(info: BlockInfo): void {
    const id = info.block.blockId;
    for (const sid of info.replicas.keys()) {
      const node = this.nodes.get(sid);
      if (!node) continue;
      node.blocks.delete(id);
      if (node.live) this.scheduleInvalidate(node, info.block);
    }
    this.needed.remove(id);
    this.pending.remove(id);
    this.blocks.delete(id);
    this.changed = true;
  }

  /** A DataNode has a replica (block report or blockReceived). False when no file owns the block. */
  addStoredBlock(node: DatanodeDescriptor, reported: Block): boolean {
    const id = reported.blockId;
    const info = this.blocks.get(id);
    if (!info) return false;
    if (node.pendingDeletion.has(id)) return true;
    const rep = { genStamp: reported.genStamp, numBytes: reported.numBytes };
    const known = info.replicas.get(node.storageId);
    info.replicas.set(node.storageId, rep);
    node.blocks.add(id);
    this.pending.done(id, node.storageId);
    if (!info.underConstruction && !this.isGood(info, rep) && !info.corrupt.has(node.storageId)) {
      log.warn(
        `Replica of blk_${id} on ${node.name} has stamp ${rep.genStamp} and length ${rep.numBytes}, ` +
          `expected ${info.block.genStamp} and ${info.block.numBytes}: marked corrupt`,
      );
      info.corrupt.add(node.storageId);
    }
    if (!known || known.genStamp !== rep.genStamp || known.numBytes !== rep.numBytes) this.changed = true;
    this.checkReplication(info);
    return true;
  }

  /** The DataNode no longer has the replica. */
  removeStoredBlock(node: DatanodeDescriptor, blockId: number): void {
    node.blocks.delete(blockId);
    node.pendingDeletion.delete(blockId);
    node.invalidateQueue.delete(blockId);
    const info = this.blocks.get(blockId);
    if (!info || !info.replicas.delete(node.storageId)) return;
    info.corrupt.delete(node.storageId);
    this.changed = true;
    this.checkReplication(info);
  }

  /**
   * A replica failed its checksum: delete it at once if enough good replicas remain, else copy a
   * good one first and delete the corrupt one when the block is back at its replication.
   */
  markCorrupt(blockId: number, node: DatanodeDescriptor, reason: string): void {
    const info = this.blocks.get(blockId);
    if (!info || !info.replicas.has(node.storageId)) return;
    log.warn(`Replica of blk_${blockId} on ${node.name} is corrupt: ${reason}`);
    info.corrupt.add(node.storageId);
    this.changed = true;
    if (!info.underConstruction && this.countReplicas(info).live >= info.file.repl!) this.invalidateReplica(info, node.storageId);
    else this.checkReplication(info);
  }

  /** A DataNode died or re-registered as someone else: its replicas no longer count. */
  nodeLost(node: DatanodeDescriptor): void {
    const affected = new Set(this.pending.forgetNode(node.storageId));
    for (const id of node.blocks) {
      const info = this.blocks.get(id);
      if (!info) continue;
      info.replicas.delete(node.storageId);
      info.corrupt.delete(node.storageId);
      affected.add(id);
    }
    for (const id of affected) {
      const info = this.blocks.get(id);
      if (info) this.checkReplication(info);
    }
    node.blocks.clear();
    node.invalidateQueue.clear();
    node.pendingDeletion.clear();
    node.transferQueue = [];
    this.changed = true;
  }

  invalidateReplica(info: BlockInfo, storageId: string): void {
    const node = this.nodes.get(storageId);
    info.replicas.delete(storageId);
    info.corrupt.delete(storageId);
    if (!node) return;
    node.blocks.delete(info.block.blockId);
    this.scheduleInvalidate(node, info.block);
    this.changed = true;
  }

  scheduleInvalidate(node: DatanodeDescriptor, block: Block): void {
    node.invalidateQueue.set(block.blockId, { ...block });
    node.pendingDeletion.add(block.blockId);
  }

  /** Re-queues, trims or cleans one block after anything about it changed. */
  checkReplication(info: BlockInfo): void {
    if (!this.populatingQueues || info.underConstruction) return;
    const expected = info.file.repl!;
    const c = this.countReplicas(info);
    this.needed.update(info.block.blockId, replicationPriority(c.live, c.decommissioned, expected));
    if (c.live > expected) this.trimExcess(info, expected);
    if (info.corrupt.size > 0 && c.live >= expected) {
      for (const sid of [...info.corrupt]) this.invalidateReplica(info, sid);
    }
  }

  /** Every block, once: after safe mode, or when the queues are first populated. */
  checkAll(): void {
    for (const info of this.blocks.values()) this.checkReplication(info);
  }

  /**
   * Hadoop's chooseExcessReplicates: delete from racks holding more than one replica first,
   * and there the replica on the node with the least free space.
   */
  private trimExcess(info: BlockInfo, expected: number): void {
    const holders = this.goodHolders(info).filter((n) => n.inService());
    while (holders.length > expected) {
      const perRack = new Map<string, number>();
      for (const n of holders) perRack.set(n.rack, (perRack.get(n.rack) ?? 0) + 1);
      const crowded = holders.filter((n) => perRack.get(n.rack)! > 1);
      const pool = crowded.length > 0 ? crowded : holders;
      const victim = pool.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.name > a.name) ? b : a));
      log.info(`blk_${info.block.blockId} has ${holders.length} replicas, expected ${expected}: deleting the one on ${victim.name}`);
      holders.splice(holders.indexOf(victim), 1);
      this.invalidateReplica(info, victim.storageId);
    }
  }

  isGood(info: BlockInfo, rep: Replica): boolean {
    if (rep.genStamp < info.block.genStamp) return false;
    return info.underConstruction || rep.numBytes === info.block.numBytes;
  }

  /** Live DataNodes holding a good (not corrupt, not stale) replica. */
  goodHolders(info: BlockInfo): DatanodeDescriptor[] {
    const out: DatanodeDescriptor[] = [];
    for (const [sid, rep] of info.replicas) {
      const node = this.nodes.get(sid);
      if (node?.live && !info.corrupt.has(sid) && this.isGood(info, rep)) out.push(node);
    }
    return out;
  }

  countReplicas(info: BlockInfo): ReplicaCounts {
    const c: ReplicaCounts = { live: 0, decommissioned: 0, corrupt: 0 };
    for (const [sid, rep] of info.replicas) {
      const node = this.nodes.get(sid);
      if (!node?.live) continue;
      if (info.corrupt.has(sid)) c.corrupt++;
      else if (!this.isGood(info, rep)) continue;
      else if (node.adminState === 'Normal') c.live++;
      else c.decommissioned++;
    }
    return c;
  }

  /** For safe mode: complete blocks, and those with dfs.replication.min good replicas. */
  safeCounts(): { total: number; safe: number } {
    let total = 0;
    let safe = 0;
    for (const info of this.blocks.values()) {
      if (info.underConstruction) continue;
      total++;
      const c = this.countReplicas(info);
      if (c.live + c.decommissioned >= this.minReplication) safe++;
    }
    return { total, safe };
  }

  /** Blocks in the under-replication queue with no good replica anywhere. */
  missingCount(): number {
    let n = 0;
    for (const id of this.needed.ordered()) {
      const info = this.blocks.get(id);
      if (info && this.needed.priorityOf(id) !== NOT_NEEDED) {
        const c = this.countReplicas(info);
        if (c.live + c.decommissioned === 0) n++;
      }
    }
    return n;
  }

  /** Blocks with at least one corrupt replica. */
  corruptCount(): number {
    let n = 0;
    for (const info of this.blocks.values()) if (info.corrupt.size > 0) n++;
    return n;
  }

  /**
   * The block as a reader sees it: good replicas, the reader's own host first, decommissioned
   * ones last; only when every replica is corrupt are the corrupt ones given, flagged.
   */
  locate(info: BlockInfo, offset: number, clientHost: string): LocatedBlock {
    let nodes: DatanodeDescriptor[];
    let corrupt = false;
    if (info.underConstruction) {
      nodes = info.expected.map((sid) => this.nodes.get(sid)).filter((n): n is DatanodeDescriptor => !!n?.live);
    } else {
      nodes = this.goodHolders(info);
      if (nodes.length === 0 && info.corrupt.size > 0) {
        nodes = [...info.corrupt].map((sid) => this.nodes.get(sid)).filter((n): n is DatanodeDescriptor => !!n?.live);
        corrupt = nodes.length > 0;
      }
    }
    const rank = (n: DatanodeDescriptor) => (n.adminState !== 'Normal' ? 2 : n.host === clientHost ? 0 : 1);
    const shuffled = nodes.map((n) => ({ n, r: rank(n), k: Math.random() })).sort((a, b) => a.r - b.r || a.k - b.k);
    return { block: { ...info.block }, offset, locations: shuffled.map((x) => x.n.id()), corrupt };
  }
}
