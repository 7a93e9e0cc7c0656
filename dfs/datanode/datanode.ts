import * as http from 'node:http';
import type { Server } from 'node:http';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { parseBindAddress } from '../../common/http/address';
import { listen } from '../../common/http/json-server';
import { getLog } from '../../common/log';
import type { Block, DatanodeID } from '../protocol/types';
import { DataBlockScanner } from './block-scanner';
import { transferReplica } from './block-transfer';
import { BPOfferService } from './bpservice';
import { FSDataset } from './dataset';
import { createDataNodeApp } from './http-server';
import { DataNodeContext } from './interfaces';
import { DataStorage } from './storage';

/**
 * A DataNode: its storage and replicas, the HTTP server for block streams and recovery RPCs,
 * and the actor that talks to the NameNode. `DataNode.start(conf)` returns once it serves; it
 * registers with the NameNode in the background (retrying until the NameNode is up).
 */
export class DataNode {
  /** Resolves with the exit code once the DataNode has stopped (1 when refused by the NameNode). */
  readonly terminated: Promise<number>;
  /** Why the DataNode stopped on its own, if it did. */
  fatalMessage: string | null = null;
  readonly startTime = Date.now();
  private endWith!: (code: number) => void;
  private stopping: Promise<void> | null = null;
  private xceivers = 0;

  private constructor(
    readonly conf: Configuration,
    readonly storage: DataStorage,
    readonly dataset: FSDataset,
    private readonly server: Server,
    private readonly agent: http.Agent,
    readonly id: DatanodeID,
    readonly bp: BPOfferService,
    private readonly scanner: DataBlockScanner | null,
  ) {
    this.terminated = new Promise((r) => (this.endWith = r));
  }

  /** host:port this DataNode serves on, as registered with the NameNode. */
  get address(): string {
    return this.id.name;
  }

  get storageDirs(): string[] {
    return this.storage.volumes.map((v) => v.root);
  }

  static async start(conf: Configuration): Promise<DataNode> {
    const log = getLog('datanode.DataNode');
    const nameNode = nameNodeAddress(conf);
    const bind = parseBindAddress(conf.get('dfs.datanode.address', '0.0.0.0:50010'), 'dfs.datanode.address');
    const bytesPerChecksum = conf.getInt('io.bytes.per.checksum');
    if (bytesPerChecksum <= 0) throw new HadoopError('CONF_INVALID', `io.bytes.per.checksum must be positive, not ${bytesPerChecksum}`);
    const storage = await DataStorage.open(conf.getStrings('dfs.data.dir'), {
      numBlocks: Math.max(1, conf.getInt('dfs.datanode.numblocks')),
      reserved: conf.getLong('dfs.datanode.du.reserved'),
      log,
    });
    let server: Server | null = null;
    try {
      const dataset = await FSDataset.load(storage, { bytesPerChecksum, blockSize: conf.getLong('dfs.block.size'), log });
      const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
      const maxXceivers = conf.getInt('dfs.datanode.max.xcievers');
      // the context needs the DataNode (its id, the actor) and the DataNode the bound port
      let dn: DataNode | null = null;
      const ctx: DataNodeContext = {
        conf,
        log,
        dataset,
        agent,
        bytesPerChecksum,
        socketTimeoutMs: conf.getInt('dfs.socket.timeout'),
        metrics: { blocksRead: 0, blockLocalPathInfos: 0 },
        nameNode,
        reports: {
          blockReceived: (b) => (dn ? dn.bp.blockReceived(b) : Promise.resolve()),
          blockDeleted: (b) => dn?.bp.blockDeleted(b),
          reportBadBlock: (b, d) => (dn ? dn.bp.reportBadBlock(b, d) : Promise.resolve()),
        },
        id: () => (dn as DataNode).id,
        xceiver: async <T>(fn: () => Promise<T>): Promise<T> => {
          const node = dn as DataNode;
          if (node.xceivers >= maxXceivers) {
            throw new HadoopError('DFS_TOO_MANY_XCEIVERS', `xceiverCount ${node.xceivers + 1} exceeds the limit of concurrent xcievers ${maxXceivers}`);
          }
          node.xceivers++;
          try {
            return await fn();
          } finally {
            node.xceivers--;
          }
        },
        xceiverCount: () => dn?.xceivers ?? 0,
      };
      const app = createDataNodeApp(ctx, () => ({ ...(dn as DataNode).status(), metrics: { ...ctx.metrics } }));
      const bound = await listen(app, bind.host, bind.port);
      server = bound.server;
      // block streams last as long as their writers: no whole-request deadline
      server.requestTimeout = 0;
      const host = conf.get('dfs.datanode.hostname', '') || (LOCAL_BINDS.has(bind.host) ? '127.0.0.1' : bind.host);
      const id: DatanodeID = { storageId: storage.storageId, host, port: bound.port, name: `${host}:${bound.port}`, rack: '/default-rack' };
      const bp = new BPOfferService({
        nameNode,
        heartbeatMs: Math.max(1, conf.getFloat('dfs.heartbeat.interval') * 1000),
        blockReportMs: Math.max(1, conf.getLong('dfs.blockreport.intervalMsec')),
        initialDelayMs: Math.max(0, conf.getInt('dfs.blockreport.initialDelay') * 1000),
        log,
        storage,
        dataset,
        id: () => id,
        xceiverCount: () => ctx.xceiverCount(),
        transfer: (b: Block, targets: DatanodeID[]) => {
          ctx.xceiver(() => transferReplica(ctx, b, targets)).catch((e: unknown) => log.warn((e as Error).message));
        },
        fatal: (message) => void (dn as DataNode).die(message),
      });
      // dfs.datanode.scan.period.hours: 0 means Hadoop's default, negative turns the scanner off
      const scanHours = conf.getFloat('dfs.datanode.scan.period.hours');
      const scanner = scanHours < 0 ? null : new DataBlockScanner(ctx, (scanHours || 504) * 3600000);
      dn = new DataNode(conf, storage, dataset, server, agent, id, bp, scanner);
      log.info(`DataNode ${id.name} serving blocks from ${dn.storageDirs.join(',')} (storageID ${storage.storageId}); NameNode at ${nameNode}`);
      bp.start();
      scanner?.start();
      return dn;
    } catch (e) {
      server?.close();
      storage.release();
      throw e;
    }
  }

  /** The NameNode refused this DataNode: log one line and stop with exit code 1. */
  private async die(message: string): Promise<void> {
    this.fatalMessage = message;
    getLog('datanode.DataNode').error(message);
    await this.shutdown(1);
  }

  stop(): Promise<void> {
    return this.shutdown(0);
  }

  private shutdown(code: number): Promise<void> {
    if (!this.stopping) {
      this.stopping = (async () => {
        this.server.close();
        this.server.closeAllConnections();
        await Promise.allSettled(this.dataset.all().map((r) => r.writer?.abort('the DataNode is stopping')));
        await Promise.all([this.bp.stop(), this.scanner?.stop()]);
        this.agent.destroy();
        this.storage.release();
        this.endWith(code);
      })();
    }
    return this.stopping;
  }

  status(): Record<string, unknown> {
    const replicas = this.dataset.all();
    return {
      role: 'datanode',
      name: this.id.name,
      storageId: this.id.storageId,
      namespaceId: this.storage.namespaceId,
      nameNode: this.bp.nn.address,
      registered: this.bp.registered,
      startTime: this.startTime,
      lastHeartbeat: this.bp.lastHeartbeat,
      lastBlockReport: this.bp.lastBlockReport,
      capacity: this.storage.volumes.reduce((s, v) => s + v.capacity, 0),
      dfsUsed: this.dataset.dfsUsed(),
      remaining: this.storage.volumes.reduce((s, v) => s + v.remaining, 0),
      xceivers: this.xceivers,
      blockScanner: this.scanner?.report() ?? null,
      blocks: replicas.filter((r) => r.state === 'finalized').length,
      blocksBeingWritten: replicas.filter((r) => r.state !== 'finalized').length,
      volumes: this.storage.volumes.map((v) => ({
        dir: v.root,
        capacity: v.capacity,
        remaining: v.remaining,
        dfsUsed: this.dataset.dfsUsed(v.root),
        blocks: replicas.filter((r) => r.volume === v.root && r.state === 'finalized').length,
      })),
    };
  }
}

const LOCAL_BINDS = new Set(['0.0.0.0', '127.0.0.1', 'localhost', '::', '::1']);

/** The NameNode's RPC address from fs.default.name (hdfs://host[:port], port 8020 by default). */
export function nameNodeAddress(conf: Configuration): string {
  const uri = conf.get('fs.default.name', 'file:///');
  const m = /^hdfs:\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/.exec(uri.trim());
  if (!m) {
    throw new HadoopError('CONF_INVALID', `fs.default.name is '${uri}': a DataNode needs the NameNode's address as hdfs://host:port`);
  }
  const host = m[1] === '0.0.0.0' ? '127.0.0.1' : m[1];
  return `${host}:${m[2] ?? '8020'}`;
}

