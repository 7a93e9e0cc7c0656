import type { AdminState, Block, DatanodeID, DatanodeInfo } from '../protocol/types';

export interface Transfer {
  block: Block;
  targets: DatanodeID[];
}

/**
 * DatanodeDescriptor: what the NameNode knows of one DataNode. Held in memory only; rebuilt from
 * registrations, heartbeats and block reports after a NameNode restart.
 */
export class DatanodeDescriptor {
  host: string;
  port: number;
  name: string;
  rack: string;
  capacity = 0;
  dfsUsed = 0;
  remaining = 0;
  xceivers = 0;
  /** Date.now() of the last heartbeat or registration. */
  lastUpdate: number;
  live = true;
  adminState: AdminState = 'Normal';
  /** Replicas the NameNode believes this node holds, by block id. */
  readonly blocks = new Set<number>();
  /** Replicas to delete, not yet sent in a heartbeat answer. */
  readonly invalidateQueue = new Map<number, Block>();
  /** Replicas ordered deleted (queued or sent) and not yet reported gone: never counted again. */
  readonly pendingDeletion = new Set<number>();
  /** Copies this node is to make, not yet sent. */
  transferQueue: Transfer[] = [];
  /** Date.now() of the last full block report, 0 before the first. */
  lastBlockReport = 0;

  constructor(
    readonly storageId: string,
    id: { host: string; port: number; name: string },
    rack: string,
  ) {
    this.host = id.host;
    this.port = id.port;
    this.name = id.name;
    this.rack = rack;
    this.lastUpdate = Date.now();
  }

  inService(): boolean {
    return this.live && this.adminState === 'Normal';
  }

  decommissioning(): boolean {
    return this.adminState === 'Decommission in progress';
  }

  id(): DatanodeID {
    return { storageId: this.storageId, host: this.host, port: this.port, name: this.name, rack: this.rack };
  }

  info(): DatanodeInfo {
    return {
      ...this.id(),
      capacity: this.capacity,
      dfsUsed: this.dfsUsed,
      remaining: this.remaining,
      lastContact: this.lastUpdate,
      live: this.live,
      adminState: this.adminState,
      numBlocks: this.blocks.size,
      xceivers: this.xceivers,
    };
  }

  /** The network path fsck -racks prints: /rack/host:port. */
  networkPath(): string {
    return `${this.rack}/${this.name}`;
  }
}
