import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import type { DatanodeRegistration } from '../protocol/datanode-protocol';
import type { Block, DatanodeCommand, DatanodeInfo, FsStats } from '../protocol/types';
import type { BlockManager } from './block-manager';
import { DatanodeDescriptor } from './datanode-descriptor';
import type { NetworkTopology } from './network-topology';

const log = getLog('namenode.DatanodeManager');
/** Replicas deleted per heartbeat answer (Hadoop's blockInvalidateLimit is of this order). */
const INVALIDATE_LIMIT = 1000;

export interface HeartbeatStats {
  capacity: number;
  dfsUsed: number;
  remaining: number;
  xceivers: number;
}

/**
 * The DataNodes: registration (a DataNode of another namespace is refused), heartbeats and
 * their answers, block reports, liveness (dead after 2 x heartbeat.recheck.interval + 10 x
 * dfs.heartbeat.interval of silence), and decommissioning through dfs.hosts.exclude.
 */
export class DatanodeManager {
  private readonly byName = new Map<string, DatanodeDescriptor>();
  readonly heartbeatExpireMs: number;
  private include: Set<string> | null = null;
  private exclude = new Set<string>();
  private readonly hostsFile: string;
  private readonly excludeFile: string;

  constructor(
    conf: Configuration,
    readonly nodes: Map<string, DatanodeDescriptor>,
    private readonly blocks: BlockManager,
    private readonly topology: NetworkTopology,
    private readonly namespaceId: number,
    private readonly inSafeMode: () => boolean,
  ) {
    const recheck = conf.getLong('heartbeat.recheck.interval');
    this.heartbeatExpireMs = 2 * recheck + 10 * 1000 * conf.getFloat('dfs.heartbeat.interval');
    this.hostsFile = conf.get('dfs.hosts', '');
    this.excludeFile = conf.get('dfs.hosts.exclude', '');
    this.readHostLists();
  }

  register(reg: DatanodeRegistration): void {
    const name = `${reg.host}:${reg.port}`;
    if (reg.namespaceId !== 0 && reg.namespaceId !== this.namespaceId) {
      throw new HadoopError(
        'DFS_NAMESPACE_MISMATCH',
        `Incompatible namespaceIDs: namenode namespaceID = ${this.namespaceId}; datanode namespaceID = ${reg.namespaceId} ` +
          `(DataNode ${name}, storage ${reg.storageId}). ` +
          `Point it at the NameNode it was formatted for, or empty its dfs.data.dir to join this one.`,
      );
    }
    if (!this.allowed(reg.host, name)) {
      throw new HadoopError('DFS_DISALLOWED_DATANODE', `Datanode denied communication with namenode: ${name} is not in dfs.hosts`);
    }
    const byStorage = this.nodes.get(reg.storageId);
    const byName = this.byName.get(name);
    if (byName && byName !== byStorage) {
      // another storage used to be served from this address and is not any more
      log.info(`Removing ${byName.name} (storage ${byName.storageId}): ${name} now serves storage ${reg.storageId}`);
      this.remove(byName);
    }
    let node = byStorage;
    if (node) {
      if (node.name !== name) this.byName.delete(node.name);
      if (!node.live) log.info(`DataNode ${name} (storage ${reg.storageId}) is back`);
      Object.assign(node, { host: reg.host, port: reg.port, name });
      // orders sent before a restart may be lost; queued ones stay
      for (const id of [...node.pendingDeletion]) if (!node.invalidateQueue.has(id)) node.pendingDeletion.delete(id);
      node.rack = this.topology.resolve(reg.host, reg.port);
    } else {
      node = new DatanodeDescriptor(reg.storageId, { host: reg.host, port: reg.port, name }, this.topology.resolve(reg.host, reg.port));
      this.nodes.set(reg.storageId, node);
      log.info(`Registered DataNode ${name} (storage ${reg.storageId}) on rack ${node.rack}`);
    }
    this.byName.set(name, node);
    node.live = true;
    node.lastUpdate = Date.now();
    if (this.excluded(node) && node.adminState === 'Normal') this.startDecommission(node);
  }

  /** A heartbeat: updates the node and answers with its orders. An unknown node must register. */
  heartbeat(reg: DatanodeRegistration, stats: HeartbeatStats): DatanodeCommand[] {
    const node = this.known(reg);
    if (!node) return [{ type: 'register' }];
    Object.assign(node, stats);
    node.lastUpdate = Date.now();
    if (this.inSafeMode()) return [];
    const commands: DatanodeCommand[] = [];
    if (node.transferQueue.length > 0) {
      const transfers = node.transferQueue.splice(0);
      commands.push({ type: 'transfer', blocks: transfers.map((t) => t.block), targets: transfers.map((t) => t.targets) });
    }
    if (node.invalidateQueue.size > 0) {
      const blocks: Block[] = [];
      for (const [id, b] of node.invalidateQueue) {
        if (blocks.length >= INVALIDATE_LIMIT) break;
        blocks.push(b);
        node.invalidateQueue.delete(id);
      }
      commands.push({ type: 'invalidate', blocks });
    }
    return commands;
  }

  /** A full block report: the node's replicas become exactly these. */
  blockReport(reg: DatanodeRegistration, reported: Block[]): DatanodeCommand[] {
    const node = this.known(reg);
    if (!node) return [{ type: 'register' }];
    node.lastUpdate = Date.now();
    const ids = new Set<number>();
    for (const b of reported) {
      ids.add(b.blockId);
      this.received(node, b);
    }
    for (const id of [...node.blocks]) if (!ids.has(id)) this.blocks.removeStoredBlock(node, id);
    for (const id of [...node.pendingDeletion]) if (!ids.has(id)) node.pendingDeletion.delete(id);
    node.lastBlockReport = Date.now();
    this.blocks.changed = true;
    return [];
  }

  blockReceivedAndDeleted(reg: DatanodeRegistration, received: Block[], deleted: Block[]): void {
    const node = this.known(reg);
    if (!node) {
      throw new HadoopError('DFS_UNREGISTERED_DATANODE', `DataNode ${reg.host}:${reg.port} (storage ${reg.storageId}) is not registered; register again`);
    }
    for (const b of received) this.received(node, b);
    for (const b of deleted) this.blocks.removeStoredBlock(node, b.blockId);
  }

  private received(node: DatanodeDescriptor, b: Block): void {
    if (node.pendingDeletion.has(b.blockId)) return;
    if (!this.blocks.addStoredBlock(node, b)) {
      log.info(`blk_${b.blockId} on ${node.name} belongs to no file: deleting it`);
      this.blocks.scheduleInvalidate(node, b);
    }
  }

  byAddress(name: string): DatanodeDescriptor | undefined {
    return this.byName.get(name);
  }

  private known(reg: DatanodeRegistration): DatanodeDescriptor | null {
    const node = this.nodes.get(reg.storageId);
    return node && node.live && node.name === `${reg.host}:${reg.port}` ? node : null;
  }

  /** Declares nodes silent past the expiry interval dead; their replicas are copied elsewhere. */
  heartbeatCheck(now = Date.now()): void {
    for (const node of this.nodes.values()) {
      if (node.live && now - node.lastUpdate > this.heartbeatExpireMs) {
        log.info(`Lost heartbeat of DataNode ${node.name} for ${now - node.lastUpdate} ms: declaring it dead`);
        node.live = false;
        this.blocks.nodeLost(node);
      }
    }
  }

  private remove(node: DatanodeDescriptor): void {
    node.live = false;
    this.blocks.nodeLost(node);
    this.nodes.delete(node.storageId);
    this.byName.delete(node.name);
  }

  /** dfsadmin -refreshNodes: re-reads dfs.hosts and dfs.hosts.exclude. */
  refreshNodes(): void {
    this.readHostLists();
    for (const node of [...this.nodes.values()]) {
      if (!this.allowed(node.host, node.name)) {
        log.info(`DataNode ${node.name} is no longer in dfs.hosts: removing it`);
        this.remove(node);
      } else if (this.excluded(node)) {
        if (node.adminState === 'Normal' && node.live) this.startDecommission(node);
      } else if (node.adminState !== 'Normal') {
        log.info(`Stopping decommission of ${node.name}`);
        node.adminState = 'Normal';
        this.recheckBlocksOf(node);
      }
    }
  }

  private startDecommission(node: DatanodeDescriptor): void {
    log.info(`Starting decommission of ${node.name} with ${node.blocks.size} blocks`);
    node.adminState = 'Decommission in progress';
    this.recheckBlocksOf(node);
  }

  private recheckBlocksOf(node: DatanodeDescriptor): void {
    for (const id of node.blocks) {
      const info = this.blocks.get(id);
      if (info) this.blocks.checkReplication(info);
    }
  }

  /**
   * Marks decommissioning nodes Decommissioned once every block they hold has its replication on
   * in-service nodes (or as many replicas as there are in-service nodes, so that decommissioning
   * one of three nodes of a replication-3 file can finish).
   */
  decommissionCheck(): void {
    const inService = [...this.nodes.values()].filter((n) => n.inService()).length;
    for (const node of this.nodes.values()) {
      if (!node.live || !node.decommissioning()) continue;
      let done = true;
      for (const id of node.blocks) {
        const info = this.blocks.get(id);
        if (!info || info.underConstruction) continue;
        const want = Math.min(info.file.repl!, Math.max(1, inService));
        if (this.blocks.countReplicas(info).live < want) {
          done = false;
          break;
        }
      }
      if (done) {
        node.adminState = 'Decommissioned';
        log.info(`Decommission complete for node ${node.name}`);
      }
    }
  }

  private readHostLists(): void {
    this.include = this.hostsFile ? readHostsFile(this.hostsFile, 'dfs.hosts') : null;
    if (this.include && this.include.size === 0) this.include = null;
    this.exclude = this.excludeFile ? readHostsFile(this.excludeFile, 'dfs.hosts.exclude') : new Set();
  }

  private allowed(host: string, name: string): boolean {
    return !this.include || this.include.has(host) || this.include.has(name);
  }

  private excluded(node: DatanodeDescriptor): boolean {
    return this.exclude.has(node.host) || this.exclude.has(node.name);
  }

  report(type: 'all' | 'live' | 'dead'): DatanodeInfo[] {
    return [...this.nodes.values()]
      .filter((n) => type === 'all' || (type === 'live') === n.live)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((n) => n.info());
  }

  liveCount(): number {
    let n = 0;
    for (const node of this.nodes.values()) if (node.live) n++;
    return n;
  }

  stats(): Pick<FsStats, 'capacity' | 'used' | 'remaining'> {
    const s = { capacity: 0, used: 0, remaining: 0 };
    for (const n of this.nodes.values()) {
      if (!n.live) continue;
      s.capacity += n.capacity;
      s.used += n.dfsUsed;
      s.remaining += n.remaining;
    }
    return s;
  }
}

/** A hosts file: host names or host:port, separated by white space; `#` starts a comment. */
function readHostsFile(file: string, key: string): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new HadoopError('CONF_NOT_FOUND', `Cannot read ${key}=${file}: ${(e as Error).message}`);
  }
  const out = new Set<string>();
  for (const line of text.split('\n')) for (const h of line.replace(/#.*/, '').split(/\s+/)) if (h) out.add(h);
  return out;
}
