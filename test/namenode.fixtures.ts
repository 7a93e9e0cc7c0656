import type { Server } from 'node:http';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { HadoopError } from '../common/errors';
import { createJsonApp, finishJsonApp, listen, route } from '../common/http/json-server';
import { RpcClient } from '../common/http/rpc-client';
import { Level, setLogLevel } from '../common/log';
import { NameNode } from '../dfs/namenode/namenode';
import { NamespaceStore } from '../dfs/namenode/namespace-store';
import type { ClientMethod, ClientProtocol } from '../dfs/protocol/client-protocol';
import type { DatanodeRegistration } from '../dfs/protocol/datanode-protocol';
import type { Block, DatanodeCommand, DatanodeID } from '../dfs/protocol/types';
import { rmrf, tempDir } from './helpers';

/**
 * A NameNode in this process on a temp dir and a free port, and fake DataNodes that speak
 * DatanodeProtocol to it (and answer the two DataNode calls lease recovery makes), so the
 * NameNode's decisions can be checked exactly.
 */
export const quietLogs = {
  before(): void {
    setLogLevel('ERROR');
  },
  after(): void {
    setLogLevel(((process.env.HADOOP_ROOT_LOGGER?.split(',')[0] as Level) || 'INFO') as Level);
  },
};

export class NameNodeHarness {
  nn!: NameNode;
  rpc!: RpcClient;
  readonly conf: Configuration;
  readonly nameDir: string;

  constructor(
    readonly dir: string,
    settings: Record<string, string>,
  ) {
    this.nameDir = path.join(dir, 'name');
    this.conf = new Configuration({ loadSiteFiles: false });
    const defaults: Record<string, string> = {
      'fs.default.name': 'hdfs://127.0.0.1:0',
      'dfs.http.address': '127.0.0.1:0',
      'dfs.name.dir': this.nameDir,
      'dfs.safemode.extension': '0',
      'dfs.heartbeat.interval': '0.1',
      'heartbeat.recheck.interval': '100',
      'dfs.replication.interval': '0.1',
      'dfs.namenode.decommission.interval': '0.1',
    };
    for (const [k, v] of Object.entries({ ...defaults, ...settings })) this.conf.set(k, v);
  }

  static async start(settings: Record<string, string> = {}): Promise<NameNodeHarness> {
    const h = new NameNodeHarness(tempDir('namenode-test-'), settings);
    await NamespaceStore.format(h.nameDir, false, 'tester', 'supergroup');
    await h.startNameNode();
    return h;
  }

  private async startNameNode(): Promise<void> {
    this.nn = await NameNode.start(this.conf);
    this.rpc = new RpcClient(this.nn.rpcAddress, 'NameNode', 10000);
    // a restart keeps the port, so fake DataNodes and clients find it again
    this.conf.set('fs.default.name', `hdfs://${this.nn.rpcAddress}`);
  }

  get address(): string {
    return this.nn.rpcAddress;
  }

  call<M extends ClientMethod>(method: M, req: ClientProtocol[M]['req']): Promise<ClientProtocol[M]['res']> {
    return this.rpc.call(`/rpc/${method}`, req);
  }

  /** Creates and closes a file with no blocks. */
  async touch(p: string, clientName = 'DFSClient_test'): Promise<void> {
    await this.call('create', { path: p, clientName, overwrite: false, replication: 1, blockSize: 1048576, permission: 0o644 });
    await this.call('complete', { path: p, clientName, last: null });
  }

  async restart(settings: Record<string, string> = {}): Promise<void> {
    await this.nn.stop();
    for (const [k, v] of Object.entries(settings)) this.conf.set(k, v);
    await this.startNameNode();
  }

  async stop(): Promise<void> {
    await this.nn?.stop();
    rmrf(this.dir);
  }
}

/** Calls a DatanodeProtocol method the way a DataNode does. */
export class FakeDataNode {
  readonly replicas = new Map<number, Block>();
  readonly commands: DatanodeCommand[] = [];
  capacity = 100 * 1024 * 1024 * 1024;
  remaining = 90 * 1024 * 1024 * 1024;
  namespaceId = 0;
  /** Takes transfer orders without carrying them out. */
  ignoreTransfers = false;
  /** Lease recovery calls received: updateReplica bodies. */
  readonly updates: Array<{ block: Block; newGenStamp: number; newLength: number }> = [];
  private server!: Server;
  port = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly nameNode: () => string,
    readonly storageId = '',
  ) {}

  async start(): Promise<this> {
    const app = createJsonApp();
    app.get(
      '/data/blockInfo',
      route(async (req, res) => {
        const b = this.replicas.get(Number(req.query.blockId));
        if (!b) throw new HadoopError('DFS_REPLICA_NOT_FOUND', `no blk_${String(req.query.blockId)}`);
        res.json({ block: b, finalized: false });
      }),
    );
    app.post(
      '/rpc/updateReplica',
      route(async (req, res) => {
        const body = req.body as { block: Block; newGenStamp: number; newLength: number };
        this.updates.push(body);
        const b = this.replicas.get(body.block.blockId);
        if (!b) throw new HadoopError('DFS_REPLICA_NOT_FOUND', 'gone');
        this.replicas.set(b.blockId, { blockId: b.blockId, genStamp: body.newGenStamp, numBytes: body.newLength });
        res.json({ ok: true });
      }),
    );
    finishJsonApp(app, 'FakeDataNode');
    const { server, port } = await listen(app, '127.0.0.1', 0);
    this.server = server;
    this.port = port;
    return this;
  }

  get name(): string {
    return `127.0.0.1:${this.port}`;
  }

  get sid(): string {
    return this.storageId || `DS-fake-${this.port}`;
  }

  registration(): DatanodeRegistration {
    return { storageId: this.sid, host: '127.0.0.1', port: this.port, name: this.name, rack: '/default-rack', namespaceId: this.namespaceId };
  }

  private call<T>(method: string, body: unknown): Promise<T> {
    return new RpcClient(this.nameNode(), 'NameNode', 10000).call<T>(`/rpc/${method}`, body);
  }

  async register(): Promise<void> {
    const { namespaceId } = await this.call<{ namespaceId: number }>('registerDatanode', { registration: this.registration() });
    this.namespaceId = namespaceId;
  }

  /** One heartbeat; its commands are kept in `commands` and returned. */
  async heartbeat(): Promise<DatanodeCommand[]> {
    const { commands } = await this.call<{ commands: DatanodeCommand[] }>('sendHeartbeat', {
      registration: this.registration(),
      capacity: this.capacity,
      dfsUsed: this.capacity - this.remaining,
      remaining: this.remaining,
      xceivers: 0,
    });
    this.commands.push(...commands);
    return commands;
  }

  async blockReport(): Promise<DatanodeCommand[]> {
    const { commands } = await this.call<{ commands: DatanodeCommand[] }>('blockReport', { registration: this.registration(), blocks: [...this.replicas.values()] });
    return commands;
  }

  /** Stores replicas and reports them received, as a DataNode does on finalizing. */
  async receive(...blocks: Block[]): Promise<void> {
    for (const b of blocks) this.replicas.set(b.blockId, { ...b });
    await this.call('blockReceivedAndDeleted', { registration: this.registration(), received: blocks, deleted: [] });
  }

  async delete(...blocks: Block[]): Promise<void> {
    for (const b of blocks) this.replicas.delete(b.blockId);
    await this.call('blockReceivedAndDeleted', { registration: this.registration(), received: [], deleted: blocks });
  }

  /** Registers, heartbeats every intervalMs and carries out transfers (to peers) and deletions. */
  async run(peers: FakeDataNode[], intervalMs = 50): Promise<void> {
    await this.register();
    await this.heartbeat();
    await this.blockReport();
    this.timer = setInterval(() => {
      void this.heartbeat()
        .then(async (commands) => {
          for (const c of commands) {
            if (c.type === 'register') {
              await this.register();
              await this.blockReport();
            } else if (c.type === 'invalidate') {
              await this.delete(...c.blocks);
            } else if (c.type === 'transfer' && !this.ignoreTransfers) {
              for (let i = 0; i < c.blocks.length; i++) {
                for (const t of c.targets[i]) await peers.find((p) => p.name === t.name)?.receive(c.blocks[i]);
              }
            }
          }
        })
        .catch(() => undefined);
    }, intervalMs);
  }

  /** Stops heartbeating (the NameNode will declare it dead); the server keeps answering. */
  silence(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async stop(): Promise<void> {
    this.silence();
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((r) => this.server.close(() => r()));
    }
  }

  id(): DatanodeID {
    const r = this.registration();
    return { storageId: r.storageId, host: r.host, port: r.port, name: r.name, rack: r.rack };
  }
}

export async function startDataNodes(h: NameNodeHarness, n: number): Promise<FakeDataNode[]> {
  const out: FakeDataNode[] = [];
  for (let i = 0; i < n; i++) out.push(await new FakeDataNode(() => h.address).start());
  return out;
}

export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The code of the HadoopError a promise rejects with. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

export async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return { code: (e as { code?: string }).code ?? '', message: (e as Error).message };
  }
  return { code: 'no error', message: '' };
}
