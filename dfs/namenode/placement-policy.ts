import { HadoopError } from '../../common/errors';
import type { DatanodeDescriptor } from './datanode-descriptor';

/** Hadoop's MIN_BLOCKS_FOR_WRITE: a target must have room for this many blocks. */
const MIN_BLOCKS_FOR_WRITE = 5;

export interface PlacementRequest {
  /** How many new replicas to place. */
  count: number;
  /** The host the writer runs on; its DataNode (if any) gets the first replica. */
  writerHost: string | null;
  /** Nodes already holding a replica: they count for the rack rules and are not chosen again. */
  chosen: DatanodeDescriptor[];
  /** Storage ids the caller will not have (client-excluded nodes). */
  excluded: Set<string>;
  blockSize: number;
}

/**
 * BlockPlacementPolicyDefault: the first replica on the writer's node when it is a DataNode,
 * else a random one; the second on another rack; the third on the second's rack, another node;
 * more at random, at most (total - 1) / racks + 2 per rack. Never a dead, decommissioning,
 * decommissioned, excluded or full node. Without a topology every node is on one rack, so the
 * replicas are simply spread over distinct nodes.
 */
export class BlockPlacementPolicy {
  constructor(private readonly allNodes: () => Iterable<DatanodeDescriptor>) {}

  /** The new targets, in pipeline order (each the nearest to the previous, from the writer). */
  chooseTarget(req: PlacementRequest): DatanodeDescriptor[] {
    const nodes = [...this.allNodes()];
    const racks = new Set(nodes.filter((n) => n.inService()).map((n) => n.rack));
    const total = req.count + req.chosen.length;
    const maxPerRack = racks.size <= 1 ? total : Math.floor((total - 1) / racks.size) + 2;
    const excluded = new Set(req.excluded);
    const results = [...req.chosen];
    for (const n of results) excluded.add(n.storageId);
    const perRack = (rack: string) => results.filter((r) => r.rack === rack).length;
    const good = (n: DatanodeDescriptor) =>
      n.inService() && !excluded.has(n.storageId) && hasSpace(n, req.blockSize) && perRack(n.rack) < maxPerRack;
    const random = (pred: (n: DatanodeDescriptor) => boolean = () => true): DatanodeDescriptor | null => {
      const c = nodes.filter((n) => good(n) && pred(n));
      return c.length > 0 ? c[Math.floor(Math.random() * c.length)] : null;
    };
    const onRack = (rack: string) => random((n) => n.rack === rack) ?? random();
    const offRack = (rack: string) => random((n) => n.rack !== rack) ?? onRack(rack);
    const writerNodes = req.writerHost ? nodes.filter((n) => n.host === req.writerHost) : [];
    const writerRack = writerNodes[0]?.rack ?? null;
    const added: DatanodeDescriptor[] = [];
    while (added.length < req.count) {
      let pick: DatanodeDescriptor | null;
      if (results.length === 0) {
        pick = random((n) => n.host === req.writerHost) ?? (writerRack ? onRack(writerRack) : random());
      } else if (results.length === 1) {
        pick = offRack(results[0].rack);
      } else if (results.length === 2) {
        pick = results[0].rack === results[1].rack ? offRack(results[0].rack) : onRack(results[1].rack);
      } else {
        pick = random();
      }
      if (!pick) break;
      results.push(pick);
      added.push(pick);
      excluded.add(pick.storageId);
    }
    return pipelineOrder(added, req.writerHost);
  }

  /**
   * The error for a block that got fewer than dfs.replication.min targets, naming why each
   * DataNode that is not running as a target was left out.
   */
  notEnoughReplicas(path: string, got: number, min: number, req: PlacementRequest): HadoopError {
    const nodes = [...this.allNodes()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const live = nodes.filter((n) => n.live).length;
    const chosen = new Set(req.chosen.map((n) => n.storageId));
    const why: string[] = [];
    for (const n of nodes) {
      if (!n.live) continue;
      let reason: string | null = null;
      if (req.excluded.has(n.storageId)) reason = 'excluded by the client';
      else if (chosen.has(n.storageId)) reason = 'already holds a replica';
      else if (n.adminState === 'Decommissioned') reason = 'decommissioned';
      else if (n.adminState !== 'Normal') reason = 'being decommissioned';
      else if (!hasSpace(n, req.blockSize)) reason = `not enough space: ${n.remaining} bytes remaining`;
      if (reason) why.push(`${n.name} (${reason})`);
    }
    const tail = why.length === 0 ? 'no node(s) are excluded in this operation.' : `${why.length} node(s) are excluded in this operation: ${why.join(', ')}.`;
    return new HadoopError(
      'DFS_NOT_ENOUGH_REPLICAS',
      `File ${path} could only be replicated to ${got} nodes instead of minReplication (=${min}). There are ${live} datanode(s) running and ${tail}`,
    );
  }
}

function hasSpace(n: DatanodeDescriptor, blockSize: number): boolean {
  // a node that has not sent its first heartbeat yet has not said how much room it has
  return n.capacity === 0 || n.remaining >= blockSize * MIN_BLOCKS_FOR_WRITE;
}

/** Hadoop's network distance: 0 same node, 2 same rack, 4 otherwise. */
function distance(a: { host: string; rack: string }, b: { host: string; rack: string }): number {
  if (a.host === b.host) return 0;
  return a.rack === b.rack ? 2 : 4;
}

function pipelineOrder(targets: DatanodeDescriptor[], writerHost: string | null): DatanodeDescriptor[] {
  if (targets.length <= 1) return targets;
  const left = [...targets];
  const out: DatanodeDescriptor[] = [];
  let from = writerHost ? { host: writerHost, rack: targets.find((t) => t.host === writerHost)?.rack ?? '' } : left[0];
  while (left.length > 0) {
    let best = 0;
    for (let i = 1; i < left.length; i++) if (distance(from, left[i]) < distance(from, left[best])) best = i;
    const next = left.splice(best, 1)[0];
    out.push(next);
    from = next;
  }
  return out;
}
