import { isHadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { Block } from '../protocol/types';
import type { BlockInfo } from './block-manager';
import type { DatanodeDescriptor } from './datanode-descriptor';
import { pathComponents } from './fs-directory';
import { FSNamesystem, leaseError } from './fs-namesystem';
import type { BatchOp, INode } from './interfaces';
import { NAMENODE_LEASE_HOLDER } from './lease-manager';
import { counterOps } from './namespace-store';

const log = getLog('namenode.LeaseRecovery');
const DATANODE_TIMEOUT_MS = 10000;

type ReplicaAnswer = { node: DatanodeDescriptor; block: Block } | 'absent' | 'unreachable';

/**
 * Lease recovery: closing a file whose writer is gone. The last block's DataNodes are asked for
 * their replica (`GET /data/blockInfo`); the shortest length among those that answer is what
 * every replica keeps, under a new generation stamp (`POST /rpc/updateReplica`), and the file is
 * completed with it. A file none of whose replicas answer stays under recovery and is retried.
 */
export class LeaseRecovery {
  private readonly running = new Map<number, Promise<boolean>>();

  constructor(private readonly ns: FSNamesystem) {}

  /** create or append of a file someone else is writing: refused, recovery started if the soft limit passed. */
  refuseOrRecover(file: INode, path: string, clientName: string, op: string): never {
    const holder = this.ns.leases.holderOf(file.id) ?? file.uc!.holder;
    if (holder === NAMENODE_LEASE_HOLDER || this.running.has(file.id)) {
      throw leaseError(op, path, clientName, `the lease of ${file.uc!.holder} is being recovered; try again later`);
    }
    if (holder === clientName) throw leaseError(op, path, clientName, 'the file is already being written by this client');
    if (!this.ns.leases.softExpired(file.id)) throw leaseError(op, path, clientName, `the file is being written by ${holder}`);
    log.info(`Lease of ${holder} on ${path} is past the soft limit: recovering it for ${clientName}`);
    void this.start(file.id);
    throw leaseError(op, path, clientName, `the lease of ${holder} has expired; lease recovery has started, try again later`);
  }

  /** ClientProtocol.recoverLease: true once the file is closed. */
  async recoverLease(path: string, clientName: string): Promise<boolean> {
    const p = '/' + pathComponents(path).join('/');
    this.ns.safeMode.check('recover the lease of', p);
    const file = this.ns.existing(p);
    if (file.dir) throw FsErrors.isDirectory(p);
    if (!file.uc) return true;
    const holder = this.ns.leases.holderOf(file.id);
    if (holder !== clientName && holder !== NAMENODE_LEASE_HOLDER && holder !== null && !this.ns.leases.softExpired(file.id)) {
      return false;
    }
    return this.start(file.id);
  }

  /** The lease monitor: files past the hard limit, and recoveries to retry. */
  checkLeases(now = Date.now()): void {
    if (this.ns.safeMode.isOn()) return;
    for (const id of this.ns.leases.hardExpired(now)) {
      const file = this.ns.dir.inodes.get(id);
      log.info(`Lease of ${this.ns.leases.holderOf(id)} on ${file ? this.ns.dir.pathOf(file) : id} is past the hard limit: recovering it`);
      void this.start(id);
    }
    for (const id of this.ns.leases.filesOf(NAMENODE_LEASE_HOLDER)) if (!this.running.has(id)) void this.start(id);
  }

  private start(fileId: number): Promise<boolean> {
    let p = this.running.get(fileId);
    if (!p) {
      p = this.recover(fileId)
        .catch((e: unknown) => {
          log.warn(`Lease recovery of inode ${fileId} failed, will retry: ${(e as Error).message}`);
          return false;
        })
        .finally(() => this.running.delete(fileId));
      this.running.set(fileId, p);
    }
    return p;
  }

  private async recover(fileId: number): Promise<boolean> {
    const file = this.ns.dir.inodes.get(fileId);
    if (!file?.uc) return true;
    this.ns.leases.add(NAMENODE_LEASE_HOLDER, fileId);
    const last = file.blocks?.at(-1);
    const info = last && this.ns.blocks.get(last.blockId);
    if (!last || !info) return this.close(file, null);
    if (!info.underConstruction) {
      if (this.ns.minimallyReplicated(file)) return this.close(file, null);
      log.info(`${this.ns.dir.pathOf(file)}: committed blocks are waiting to be minimally replicated; will retry`);
      return false;
    }
    const nodes = [...new Set([...info.expected, ...info.replicas.keys()])]
      .map((sid) => this.ns.datanodes.nodes.get(sid))
      .filter((n): n is DatanodeDescriptor => n !== undefined);
    const answers = await Promise.all(nodes.map((n) => askReplica(n, last.blockId)));
    const have = answers.filter((a): a is { node: DatanodeDescriptor; block: Block } => typeof a === 'object' && a.block.genStamp >= info.block.genStamp);
    if (have.length === 0) {
      if (answers.every((a) => a === 'absent')) return this.close(file, { drop: info });
      log.info(`No replica of blk_${last.blockId} of ${this.ns.dir.pathOf(file)} answered; will retry`);
      return false;
    }
    const newLength = Math.min(...have.map((h) => h.block.numBytes));
    const genStamp = ++this.ns.dir.counters.genStamp;
    await this.ns.store.commit(counterOps({ genStamp }));
    const updated: DatanodeDescriptor[] = [];
    await Promise.all(
      have.map(async (h) => {
        try {
          await new RpcClient(h.node.name, 'DataNode', DATANODE_TIMEOUT_MS).call('/rpc/updateReplica', { block: h.block, newGenStamp: genStamp, newLength });
          updated.push(h.node);
        } catch (e) {
          log.warn(`updateReplica of blk_${last.blockId} on ${h.node.name} failed: ${(e as Error).message}`);
        }
      }),
    );
    if (updated.length === 0) return false;
    if (this.ns.dir.inodes.get(fileId) !== file || !file.uc || file.blocks?.at(-1) !== last) return true;
    for (const node of updated) {
      info.replicas.set(node.storageId, { genStamp, numBytes: newLength });
      node.blocks.add(last.blockId);
    }
    log.info(`Recovered blk_${last.blockId} of ${this.ns.dir.pathOf(file)}: length ${newLength}, stamp ${genStamp}, on ${updated.map((n) => n.name).join(', ')}`);
    this.ns.blocks.commit(info, newLength, genStamp);
    return this.close(file, null);
  }

  /** Completes the file (dropping a last block no DataNode ever received). */
  private async close(file: INode, opts: { drop: BlockInfo } | null): Promise<boolean> {
    if (!file.uc || this.ns.dir.inodes.get(file.id) !== file) return true;
    const ops: BatchOp[] = [];
    if (opts && file.blocks?.at(-1) === opts.drop.block) file.blocks.pop();
    else if (opts) return false;
    this.ns.finalizeFile(file, ops);
    await this.ns.store.commit(ops);
    if (opts) this.ns.blocks.removeBlock(opts.drop);
    this.ns.checkFileReplication(file);
    log.info(`Closed ${this.ns.dir.pathOf(file)} after lease recovery`);
    return true;
  }
}

async function askReplica(node: DatanodeDescriptor, blockId: number): Promise<ReplicaAnswer> {
  if (!node.live) return 'unreachable';
  try {
    const res = await new RpcClient(node.name, 'DataNode', DATANODE_TIMEOUT_MS).get<{ block: Block }>('/data/blockInfo', { blockId });
    return { node, block: res.block };
  } catch (e) {
    if (isHadoopError(e) && (e.code.endsWith('_NOT_FOUND') || / answered 404$/.test(e.message))) return 'absent';
    log.warn(`Cannot ask ${node.name} about blk_${blockId}: ${(e as Error).message}`);
    return 'unreachable';
  }
}
