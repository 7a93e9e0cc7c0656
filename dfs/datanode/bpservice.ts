import { isHadoopError } from '../../common/errors';
import { RpcClient } from '../../common/http/rpc-client';
import type { Log } from '../../common/log';
import type { DatanodeProtocol, DatanodeRegistration } from '../protocol/datanode-protocol';
import { Block, DatanodeCommand, DatanodeID, isValidBlockId } from '../protocol/types';
import type { FSDataset } from './dataset';
import { NameNodeReports, blockName } from './interfaces';
import type { DataStorage } from './storage';

export interface BPServiceOptions {
  nameNode: string;
  heartbeatMs: number;
  blockReportMs: number;
  /** dfs.blockreport.initialDelay: the first report waits a random time below this. */
  initialDelayMs: number;
  log: Log;
  storage: DataStorage;
  dataset: FSDataset;
  id(): DatanodeID;
  xceiverCount(): number;
  /** Runs a transfer command in the background. */
  transfer(block: Block, targets: DatanodeID[]): void;
  /** The NameNode refused this DataNode for good: shut down with this message. */
  fatal(message: string): void;
}

/**
 * The DataNode's actor towards the NameNode (Hadoop's BPOfferService): registers (retrying until
 * the NameNode answers), heartbeats every dfs.heartbeat.interval with capacity and usage, sends a
 * full block report after registering and every dfs.blockreport.intervalMsec, reports finished
 * and deleted blocks at once, and carries out the commands in the answers. A call that fails
 * (the NameNode went away, or does not know us any more) makes it register again when the
 * NameNode is back, followed by a full block report.
 */
export class BPOfferService implements NameNodeReports {
  readonly nn: RpcClient;
  registered = false;
  lastHeartbeat = 0;
  lastBlockReport = 0;
  private stopped = false;
  private nextHeartbeat = 0;
  private nextBlockReport = 0;
  private failures = 0;
  private pendingReceived: Block[] = [];
  private pendingDeleted: Block[] = [];
  private timer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly o: BPServiceOptions) {
    this.nn = new RpcClient(o.nameNode, 'NameNode', 30000);
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops the actor; a call the NameNode is slow to answer is not waited for beyond a second. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
  }

  private registration(): DatanodeRegistration {
    return { ...this.o.id(), namespaceId: this.o.storage.namespaceId };
  }

  private call<M extends keyof DatanodeProtocol>(method: M, req: DatanodeProtocol[M]['req']): Promise<DatanodeProtocol[M]['res']> {
    return this.nn.call<DatanodeProtocol[M]['res']>(`/rpc/${method}`, req);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let waitMs = this.o.heartbeatMs;
      try {
        if (!this.registered) await this.register();
        if (this.registered) {
          const now = Date.now();
          if (now >= this.nextHeartbeat) await this.heartbeat();
          if (this.pendingReceived.length + this.pendingDeleted.length > 0) await this.sendIncremental();
          if (Date.now() >= this.nextBlockReport) await this.blockReport();
          this.failures = 0;
          waitMs = Math.max(0, Math.min(this.nextHeartbeat, this.nextBlockReport) - Date.now());
        } else {
          waitMs = Math.max(100, Math.min(1000, this.o.heartbeatMs));
        }
      } catch (e) {
        if (this.stopped) break;
        this.failures++;
        if (this.failures === 1 || this.failures % 10 === 0) {
          this.o.log.warn(`Call to the NameNode at ${this.o.nameNode} failed (${this.failures} in a row): ${(e as Error).message}; will register again`);
        }
        this.registered = false;
        waitMs = Math.max(100, Math.min(1000, this.o.heartbeatMs));
      }
      if (!this.stopped) await this.sleep(waitMs);
    }
  }

  private async register(): Promise<void> {
    const reg = this.registration();
    let res: { namespaceId: number };
    try {
      res = await this.call('registerDatanode', { registration: reg });
    } catch (e) {
      if (isHadoopError(e, 'DFS_NAMESPACE_MISMATCH')) {
        this.o.fatal(this.mismatch(otherNamespace(e.message, reg.namespaceId)));
        this.stopped = true;
        return;
      }
      if (isHadoopError(e, 'DFS_DISALLOWED_DATANODE')) {
        this.o.fatal(e.message);
        this.stopped = true;
        return;
      }
      throw e;
    }
    const ns = res?.namespaceId;
    if (typeof ns !== 'number' || !Number.isSafeInteger(ns) || ns === 0) throw new Error(`the NameNode answered registration with namespaceId ${String(ns)}`);
    if (this.o.storage.namespaceId === 0) this.o.storage.format(ns);
    else if (this.o.storage.namespaceId !== ns) {
      this.o.fatal(this.mismatch(String(ns)));
      this.stopped = true;
      return;
    }
    this.registered = true;
    this.o.log.info(`Registered with the NameNode at ${this.o.nameNode} as ${reg.name} (storageID ${reg.storageId}, namespaceID ${ns})`);
    this.nextHeartbeat = 0;
    this.nextBlockReport = Date.now() + Math.floor(Math.random() * this.o.initialDelayMs);
  }

  private mismatch(nameNodeNs: string): string {
    const dirs = this.o.storage.volumes.map((v) => v.root).join(', ');
    return `Incompatible namespaceIDs in ${dirs}: namenode namespaceID = ${nameNodeNs}; datanode namespaceID = ${this.o.storage.namespaceId}`;
  }

  private async heartbeat(): Promise<void> {
    this.nextHeartbeat = Date.now() + this.o.heartbeatMs;
    const { capacity, remaining } = await this.o.storage.space();
    const res = await this.call('sendHeartbeat', {
      registration: this.registration(),
      capacity,
      dfsUsed: this.o.dataset.dfsUsed(),
      remaining,
      xceivers: this.o.xceiverCount(),
    });
    this.lastHeartbeat = Date.now();
    await this.execute(res?.commands);
  }

  private async blockReport(): Promise<void> {
    const t0 = Date.now();
    const blocks = this.o.dataset.finalizedBlocks();
    // the full report covers what finished before it
    this.pendingReceived = [];
    const t1 = Date.now();
    const res = await this.call('blockReport', { registration: this.registration(), blocks });
    this.lastBlockReport = Date.now();
    this.nextBlockReport = this.lastBlockReport + this.o.blockReportMs;
    this.o.log.info(`BlockReport of ${blocks.length} blocks got processed in ${this.lastBlockReport - t1} msecs (generated in ${t1 - t0} msecs)`);
    await this.execute(res?.commands);
  }

  private async sendIncremental(): Promise<void> {
    const received = this.pendingReceived.splice(0);
    const deleted = this.pendingDeleted.splice(0);
    if (received.length + deleted.length === 0) return;
    try {
      await this.call('blockReceivedAndDeleted', { registration: this.registration(), received, deleted });
    } catch (e) {
      this.pendingReceived.unshift(...received);
      this.pendingDeleted.unshift(...deleted);
      throw e;
    }
  }

  /** NameNodeReports: a finished replica is reported before its last packet is acked. */
  async blockReceived(block: Block): Promise<void> {
    this.pendingReceived.push(block);
    if (!this.registered) return;
    try {
      await this.sendIncremental();
    } catch (e) {
      this.o.log.warn(`Cannot report ${blockName(block)} to the NameNode yet: ${(e as Error).message}`);
      this.wake();
    }
  }

  blockDeleted(block: Block): void {
    this.pendingDeleted.push(block);
    this.wake();
  }

  async reportBadBlock(block: Block, datanode: string): Promise<void> {
    try {
      await this.call('reportBadBlocks', { blocks: [{ block, datanode }] });
    } catch (e) {
      this.o.log.warn(`Cannot report the corrupt replica ${blockName(block)} on ${datanode}: ${(e as Error).message}`);
    }
  }

  /** Carries out the NameNode's commands; a malformed one is logged and skipped. */
  private async execute(commands: DatanodeCommand[] | undefined): Promise<void> {
    if (!Array.isArray(commands)) return;
    for (const c of commands) {
      switch (c?.type) {
        case 'transfer':
          if (!Array.isArray(c.blocks) || !Array.isArray(c.targets) || !c.blocks.every(validBlock)) break;
          c.blocks.forEach((b, i) => {
            const targets = c.targets[i];
            if (Array.isArray(targets) && targets.length > 0) this.o.transfer(b, targets);
          });
          continue;
        case 'invalidate': {
          if (!Array.isArray(c.blocks) || !c.blocks.every(validBlock)) break;
          for (const b of await this.o.dataset.invalidate(c.blocks)) this.blockDeleted(b);
          continue;
        }
        case 'register':
          this.o.log.info('The NameNode asked this DataNode to register again');
          this.registered = false;
          continue;
        case 'blockReport':
          this.nextBlockReport = 0;
          continue;
      }
      this.o.log.warn(`Ignoring a malformed command from the NameNode: ${JSON.stringify(c).slice(0, 200)}`);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      this.timer = setTimeout(resolve, ms);
    }).then(() => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.wakeUp = null;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}

function validBlock(b: unknown): b is Block {
  const x = b as Block;
  return !!x && isValidBlockId(x.blockId) && Number.isSafeInteger(x.genStamp) && Number.isSafeInteger(x.numBytes);
}

/** The NameNode's namespace id in its refusal, if it names one. */
function otherNamespace(message: string, ours: number): string {
  const named = /namenode namespaceID\s*=\s*(\d+)/i.exec(message);
  if (named) return named[1];
  const other = (message.match(/\d+/g) ?? []).find((n) => Number(n) !== ours);
  return other ?? `unknown (${message})`;
}
