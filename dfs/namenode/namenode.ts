import type { Server } from 'node:http';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { formatAddress, parseBindAddress } from '../../common/http/address';
import { listen } from '../../common/http/json-server';
import { getLog } from '../../common/log';
import { BlockManager } from './block-manager';
import type { DatanodeDescriptor } from './datanode-descriptor';
import { DatanodeManager } from './datanode-manager';
import { FileWriteOps } from './file-write-ops';
import { FSDirectory } from './fs-directory';
import { FSNamesystem } from './fs-namesystem';
import { NamenodeFsck } from './fsck';
import { LeaseManager } from './lease-manager';
import { LeaseRecovery } from './lease-recovery';
import { NamespaceStore } from './namespace-store';
import { NetworkTopology } from './network-topology';
import { BlockPlacementPolicy } from './placement-policy';
import { ReplicationMonitor } from './replication-monitor';
import { createNameNodeApp } from './rpc-server';
import { SafeMode } from './safe-mode';
import { TrashEmptier } from './trash-emptier';

const log = getLog('namenode.NameNode');
const DEFAULT_PORT = 8020;
const SAFE_MODE_TICK_MS = 100;

/** host and port of fs.default.name (hdfs://host[:port]). */
export function nameNodeAddress(conf: Configuration): { host: string; port: number } {
  const uri = conf.get('fs.default.name', 'file:///');
  const m = /^hdfs:\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(uri);
  if (!m) {
    throw new HadoopError('CONF_BAD_VALUE', `Invalid URI for NameNode address (check fs.default.name): ${uri} is not hdfs://host:port`);
  }
  return { host: m[1], port: m[2] === undefined ? DEFAULT_PORT : Number(m[2]) };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}

/**
 * The NameNode: the namespace (LevelDB, loaded in memory), the block map, the DataNodes, leases
 * and safe mode, served over HTTP on fs.default.name's address (and GET /status also on
 * dfs.http.address). Usable in-process: `await NameNode.start(conf)` ... `await nn.stop()`.
 */
export class NameNode {
  readonly namesystem: FSNamesystem;
  readonly writeOps: FileWriteOps;
  readonly leaseRecovery: LeaseRecovery;
  readonly fsck: NamenodeFsck;
  readonly replicationMonitor: ReplicationMonitor;
  readonly startTime = Date.now();
  rpcAddress = '';
  httpAddress = '';
  private servers: Server[] = [];
  private timers: NodeJS.Timeout[] = [];
  private emptier: TrashEmptier | null = null;
  private stopping: Promise<void> | null = null;
  /** Called when the namespace cannot be written any more (the daemon exits). */
  onFatal: (e: Error) => void = () => void this.stop();

  private constructor(
    readonly conf: Configuration,
    readonly store: NamespaceStore,
    readonly dir: FSDirectory,
  ) {
    const nodes = new Map<string, DatanodeDescriptor>();
    const blocks = new BlockManager(conf, nodes);
    const topology = new NetworkTopology(conf);
    const datanodes = new DatanodeManager(conf, nodes, blocks, topology, store.namespaceId, () => this.safeMode.isOn());
    const leases = new LeaseManager(conf.getLong('dfs.lease.softlimit.ms'), conf.getLong('dfs.lease.hardlimit.ms'));
    const placement = new BlockPlacementPolicy(() => nodes.values());
    const safeMode = new SafeMode(conf, blocks, () => datanodes.liveCount(), () => {
      blocks.populatingQueues = true;
      blocks.checkAll();
      leases.renewAll();
    });
    this.namesystem = new FSNamesystem({ conf, dir, store, blocks, datanodes, leases, safeMode, placement });
    for (const inode of dir.inodes.values()) {
      if (inode.dir) continue;
      blocks.addFile(inode);
      if (inode.uc) leases.add(inode.uc.holder, inode.id);
    }
    this.leaseRecovery = new LeaseRecovery(this.namesystem);
    this.writeOps = new FileWriteOps(this.namesystem, this.leaseRecovery);
    this.fsck = new NamenodeFsck(conf, dir, blocks, datanodes);
    this.replicationMonitor = new ReplicationMonitor(conf, blocks, datanodes, placement);
  }

  get blocks(): BlockManager {
    return this.namesystem.blocks;
  }

  get datanodes(): DatanodeManager {
    return this.namesystem.datanodes;
  }

  get safeMode(): SafeMode {
    return this.namesystem.safeMode;
  }

  get namespaceId(): number {
    return this.store.namespaceId;
  }

  static nameDir(conf: Configuration): string {
    const dirs = conf.getStrings('dfs.name.dir');
    if (dirs.length === 0) throw new HadoopError('CONF_MISSING', 'dfs.name.dir is not set');
    return dirs[0].replace(/^file:\/\//, '');
  }

  static async start(conf: Configuration): Promise<NameNode> {
    const rpc = nameNodeAddress(conf);
    const http = parseBindAddress(conf.get('dfs.http.address', '0.0.0.0:50070'), 'dfs.http.address');
    const nameDir = NameNode.nameDir(conf);
    let nn: NameNode | null = null;
    const store = await NamespaceStore.open(nameDir, (e) => nn?.onFatal(e));
    try {
      const dir = new FSDirectory(await store.load());
      nn = new NameNode(conf, store, dir);
      log.info(`Loaded ${dir.inodes.size} inodes and ${nn.blocks.blocks.size} blocks from ${nameDir} (namespace id ${store.namespaceId})`);
      nn.safeMode.startup();
      const app = createNameNodeApp(nn);
      const bindRpc = isLoopback(rpc.host) ? rpc.host.replace(/^\[|\]$/g, '') : '0.0.0.0';
      const main = await listen(app, bindRpc, rpc.port);
      nn.servers.push(main.server);
      nn.rpcAddress = `${rpc.host}:${main.port}`;
      const web = await listen(app, http.host, http.port);
      nn.servers.push(web.server);
      nn.httpAddress = formatAddress(http.host === '0.0.0.0' ? '127.0.0.1' : http.host, web.port);
      nn.startTimers();
      if (conf.getFloat('fs.trash.interval') > 0) {
        nn.emptier = new TrashEmptier(conf, nn.rpcAddress, () => nn!.safeMode.isOn());
        nn.emptier.start();
      }
      log.info(`NameNode up at ${nn.rpcAddress} (web ${nn.httpAddress})`);
      return nn;
    } catch (e) {
      if (nn) await nn.stop();
      else await store.close();
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new HadoopError('DFS_ADDRESS_IN_USE', `Cannot start the NameNode: address already in use (${err.message})`);
      throw e;
    }
  }

  private startTimers(): void {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(() => {
        try {
          fn();
        } catch (e) {
          log.error(`Periodic task failed: ${(e as Error).stack ?? e}`);
        }
      }, Math.max(10, ms));
      t.unref();
      this.timers.push(t);
    };
    const c = this.conf;
    every(SAFE_MODE_TICK_MS, () => this.safeMode.tick());
    every(c.getLong('heartbeat.recheck.interval'), () => this.datanodes.heartbeatCheck());
    every(c.getFloat('dfs.replication.interval') * 1000, () => {
      if (!this.safeMode.isOn()) this.replicationMonitor.tick();
    });
    every(c.getFloat('dfs.namenode.decommission.interval') * 1000, () => this.datanodes.decommissionCheck());
    const leases = this.namesystem.leases;
    every(Math.min(2000, leases.hardLimitMs / 4, leases.softLimitMs / 2), () => this.leaseRecovery.checkLeases());
  }

  /** The summary the web UI shows. */
  status() {
    let files = 0;
    let directories = 0;
    for (const n of this.dir.inodes.values()) {
      if (n.dir) directories++;
      else files++;
    }
    const stats = this.namesystem.getStats();
    const nodes = this.datanodes.report('all');
    return {
      role: 'namenode',
      namespaceId: this.namespaceId,
      rpcAddress: this.rpcAddress,
      startTime: this.startTime,
      capacity: stats.capacity,
      used: stats.used,
      remaining: stats.remaining,
      files,
      directories,
      blocks: this.blocks.blocks.size,
      underReplicatedBlocks: stats.underReplicatedBlocks,
      pendingReplications: this.blocks.pending.size,
      corruptBlocks: stats.corruptBlocks,
      missingBlocks: stats.missingBlocks,
      safeMode: this.safeMode.status(),
      liveDatanodes: nodes.filter((n) => n.live).length,
      deadDatanodes: nodes.filter((n) => !n.live).length,
      decommissioningDatanodes: nodes.filter((n) => n.adminState === 'Decommission in progress').length,
      decommissionedDatanodes: nodes.filter((n) => n.adminState === 'Decommissioned').length,
      datanodes: nodes,
    };
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = (async () => {
        for (const t of this.timers) clearInterval(t);
        this.timers = [];
        await this.emptier?.stop();
        await Promise.all(
          this.servers.map(
            (s) =>
              new Promise<void>((resolve) => {
                s.close(() => resolve());
                s.closeAllConnections();
              }),
          ),
        );
        await this.store.close();
        log.info('NameNode stopped');
      })();
    }
    return this.stopping;
  }
}
