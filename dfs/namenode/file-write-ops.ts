import { HadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import type { Block, DatanodeID, HdfsFileStatus, LocatedBlock } from '../protocol/types';
import type { BlockInfo } from './block-manager';
import type { DatanodeDescriptor } from './datanode-descriptor';
import { pathComponents } from './fs-directory';
import type { FSNamesystem } from './fs-namesystem';
import type { BatchOp, INode } from './interfaces';
import type { LeaseRecovery } from './lease-recovery';
import { counterOps } from './namespace-store';
import type { PlacementRequest } from './placement-policy';
import { verifyQuota } from './quota';

export interface CreateRequest {
  path: string;
  clientName: string;
  overwrite: boolean;
  replication: number;
  blockSize: number;
  permission: number;
  owner?: string;
}

/**
 * Writing files: create and append take the file's lease; addBlock commits the previous block
 * and places the next; complete closes the file once every block has dfs.replication.min
 * replicas; the pipeline-recovery calls hand out new generation stamps. Every call but create
 * and append requires the caller to hold the lease.
 */
export class FileWriteOps {
  constructor(
    private readonly ns: FSNamesystem,
    private readonly recovery: LeaseRecovery,
  ) {}

  async create(req: CreateRequest, clientMachine: string): Promise<HdfsFileStatus> {
    const comps = pathComponents(req.path);
    const p = '/' + comps.join('/');
    this.ns.safeMode.check('create file', p);
    if (comps.length === 0) throw FsErrors.isDirectory(p);
    this.ns.verifyReplication(p, req.replication);
    const { node, depth } = this.ns.dir.walk(comps);
    if (depth < comps.length) this.ns.verifyCreateQuota(comps, comps.length - 1, 1);
    const ops: BatchOp[] = [];
    let removed: BlockInfo[] = [];
    if (depth === comps.length) {
      if (node.dir) throw FsErrors.isDirectory(p);
      if (node.uc) this.recovery.refuseOrRecover(node, p, req.clientName, 'create file');
      if (!req.overwrite) throw FsErrors.exists(p);
      removed = this.ns.removeTree(node, ops);
    } else if (!node.dir) {
      throw FsErrors.parentNotDirectory(p);
    }
    const owner = this.ns.ownerOf(req.owner);
    const now = Date.now();
    const parent = this.ns.ensureDirectory(comps, comps.length - 1, p, req.permission, owner, now, ops, false);
    const file = this.ns.dir.addNode(
      parent,
      {
        name: comps[comps.length - 1],
        dir: false,
        perm: req.permission,
        owner,
        group: parent.group,
        mtime: now,
        atime: now,
        repl: req.replication,
        bsize: req.blockSize,
        blocks: [],
        uc: { holder: req.clientName, machine: clientMachine },
      },
      ops,
    );
    this.ns.leases.add(req.clientName, file.id);
    await this.ns.store.commit(ops);
    this.ns.releaseBlocks(removed);
    return this.ns.dir.toStatus(file, p);
  }

  /** Reopens a file; its last block, if partial, is written again from where it ends. */
  async append(path: string, clientName: string, clientMachine: string): Promise<{ lastBlock: LocatedBlock | null; status: HdfsFileStatus }> {
    const p = '/' + pathComponents(path).join('/');
    this.ns.safeMode.check('append to file', p);
    const file = this.ns.existing(p);
    if (file.dir) throw FsErrors.isDirectory(p);
    if (file.uc) this.recovery.refuseOrRecover(file, p, clientName, 'append to file');
    const partial = file.blocks!.at(-1);
    // the reopened last block is charged at full size, as one being written
    if (partial && partial.numBytes < file.bsize!) {
      verifyQuota(this.ns.dir, this.ns.dir.inodes.get(file.parent)!, { namespace: 0, diskspace: (file.bsize! - partial.numBytes) * file.repl! });
    }
    file.uc = { holder: clientName, machine: clientMachine };
    this.ns.leases.add(clientName, file.id);
    let lastBlock: LocatedBlock | null = null;
    const last = file.blocks!.at(-1);
    const info = last && this.ns.blocks.get(last.blockId);
    if (last && info && last.numBytes < file.bsize!) {
      this.ns.blocks.reopen(info);
      lastBlock = this.ns.blocks.locate(info, this.ns.dir.fileLength(file) - last.numBytes, clientMachine);
    }
    const ops: BatchOp[] = [];
    this.ns.dir.save(file, ops);
    await this.ns.store.commit(ops);
    return { lastBlock, status: this.ns.dir.toStatus(file, p) };
  }

  async addBlock(path: string, clientName: string, previous: Block | null, excludeNodes: string[], clientMachine: string): Promise<LocatedBlock> {
    const p = '/' + pathComponents(path).join('/');
    this.ns.safeMode.check('add block to', p);
    const file = this.checkLease(p, clientName);
    const blocks = file.blocks!;
    const last = blocks.at(-1);
    const lastInfo = last && this.ns.blocks.get(last.blockId);
    // a retried call: the block it was given is still the last one and nothing reached it
    if (lastInfo?.underConstruction && lastInfo.replicas.size === 0 && sameBlockId(previous, blocks.at(-2))) {
      const targets = lastInfo.expected.map((sid) => this.ns.datanodes.nodes.get(sid)).filter((n): n is DatanodeDescriptor => !!n);
      return { block: { ...last! }, offset: this.ns.dir.fileLength(file) - last!.numBytes, locations: targets.map((t) => t.id()), corrupt: false };
    }
    if (lastInfo?.underConstruction ? !sameBlockId(previous, last) : previous && !sameBlockId(previous, last)) {
      throw FsErrors.invalidArgument(
        `addBlock ${p}: the previous block ${previous ? `blk_${previous.blockId}` : 'null'} is not the last block (${last ? `blk_${last.blockId}` : 'none'}) of the file`,
      );
    }
    const req: PlacementRequest = {
      count: file.repl!,
      writerHost: clientMachine,
      chosen: [],
      excluded: this.storageIds(excludeNodes),
      blockSize: file.bsize!,
    };
    verifyQuota(this.ns.dir, this.ns.dir.inodes.get(file.parent)!, { namespace: 0, diskspace: file.bsize! * file.repl! });
    const targets = this.ns.placement.chooseTarget(req);
    if (targets.length < this.ns.minReplication) throw this.ns.placement.notEnoughReplicas(p, targets.length, this.ns.minReplication, req);
    if (lastInfo?.underConstruction) this.commitBlock(file, lastInfo, previous!);
    if (lastInfo) {
      const c = this.ns.blocks.countReplicas(lastInfo);
      // Hadoop's NotReplicatedYetException: the client retries once the DataNodes have reported
      if (c.live + c.decommissioned < this.ns.minReplication) {
        throw new HadoopError('DFS_NOT_COMPLETE', `Not replicated yet: blk_${last!.blockId} of ${p} has no reported replica; retry`);
      }
    }
    const counters = this.ns.dir.counters;
    const block: Block = { blockId: counters.nextBlockId++, genStamp: counters.genStamp, numBytes: 0 };
    const offset = this.ns.dir.fileLength(file);
    blocks.push(block);
    this.ns.blocks.allocate(file, block, targets);
    const ops: BatchOp[] = [];
    this.ns.dir.save(file, ops);
    ops.push(...counterOps({ nextBlockId: counters.nextBlockId }));
    await this.ns.store.commit(ops);
    return { block: { ...block }, offset, locations: targets.map((t) => t.id()), corrupt: false };
  }

  async abandonBlock(path: string, clientName: string, block: Block): Promise<void> {
    const p = '/' + pathComponents(path).join('/');
    this.ns.safeMode.check('abandon block in', p);
    const file = this.checkLease(p, clientName);
    const last = file.blocks!.at(-1);
    const info = last && this.ns.blocks.get(last.blockId);
    if (!last || !info || last.blockId !== block.blockId) return;
    if (!info.underConstruction) throw FsErrors.invalidArgument(`abandonBlock ${p}: blk_${block.blockId} is not being written`);
    file.blocks!.pop();
    const ops: BatchOp[] = [];
    this.ns.dir.save(file, ops);
    await this.ns.store.commit(ops);
    this.ns.blocks.removeBlock(info);
  }

  /** True once the file is closed; false while a block still lacks dfs.replication.min replicas. */
  async complete(path: string, clientName: string, last: Block | null): Promise<boolean> {
    const p = '/' + pathComponents(path).join('/');
    this.ns.safeMode.check('complete file', p);
    const file = this.ns.existing(p);
    if (file.dir) throw FsErrors.isDirectory(p);
    const fileLast = file.blocks!.at(-1);
    if (!file.uc) {
      // a retry of a complete that succeeded
      if (last === null ? !fileLast : fileLast?.blockId === last.blockId && fileLast.genStamp === last.genStamp && fileLast.numBytes === last.numBytes) return true;
    }
    this.checkLease(p, clientName);
    const info = fileLast && this.ns.blocks.get(fileLast.blockId);
    let drop: BlockInfo | null = null;
    if (last) {
      if (!fileLast || !info || fileLast.blockId !== last.blockId) {
        throw FsErrors.invalidArgument(`complete ${p}: blk_${last.blockId} is not the last block of the file`);
      }
      if (info.underConstruction || fileLast.numBytes !== last.numBytes || fileLast.genStamp !== last.genStamp) this.commitBlock(file, info, last);
    } else if (info?.underConstruction) {
      if (info.replicas.size > 0 || fileLast!.numBytes > 0) {
        throw FsErrors.invalidArgument(`complete ${p}: blk_${fileLast!.blockId} is being written; pass it as the last block`);
      }
      drop = info;
    }
    if (drop) file.blocks!.pop();
    if (!this.ns.minimallyReplicated(file)) {
      if (drop) file.blocks!.push(drop.block);
      return false;
    }
    const ops: BatchOp[] = [];
    this.ns.finalizeFile(file, ops);
    await this.ns.store.commit(ops);
    if (drop) this.ns.blocks.removeBlock(drop);
    this.ns.checkFileReplication(file);
    return true;
  }

  /** Pipeline recovery, step 1: a new generation stamp for a block being written. */
  async updateBlockForPipeline(block: Block, clientName: string): Promise<number> {
    const { info, path } = this.openBlock(block.blockId, clientName);
    this.ns.safeMode.check('get a new generation stamp for a block of', path);
    if (!info.underConstruction) throw FsErrors.invalidArgument(`blk_${block.blockId} of ${path} is not being written`);
    const genStamp = ++this.ns.dir.counters.genStamp;
    await this.ns.store.commit(counterOps({ genStamp }));
    return genStamp;
  }

  /** Pipeline recovery, step 2: the block now has newBlock's stamp and length, on newNodes. */
  async updatePipeline(clientName: string, oldBlock: Block, newBlock: Block, newNodes: string[]): Promise<void> {
    const { info, path } = this.openBlock(oldBlock.blockId, clientName);
    this.ns.safeMode.check('update the pipeline of a block of', path);
    if (newBlock.blockId !== oldBlock.blockId) throw FsErrors.invalidArgument(`updatePipeline: blk_${newBlock.blockId} is not blk_${oldBlock.blockId}`);
    if (!info.underConstruction) throw FsErrors.invalidArgument(`blk_${oldBlock.blockId} of ${path} is not being written`);
    if (oldBlock.genStamp !== info.block.genStamp || newBlock.genStamp <= oldBlock.genStamp || newBlock.genStamp > this.ns.dir.counters.genStamp) {
      throw FsErrors.invalidArgument(
        `updatePipeline: blk_${oldBlock.blockId} has stamp ${info.block.genStamp}; ${oldBlock.genStamp} -> ${newBlock.genStamp} is not an update the NameNode handed out`,
      );
    }
    if (newBlock.numBytes > info.file.bsize!) throw FsErrors.invalidArgument(`updatePipeline: length ${newBlock.numBytes} exceeds the block size of ${path}`);
    info.block.genStamp = newBlock.genStamp;
    info.block.numBytes = newBlock.numBytes;
    info.expected = [...this.storageIds(newNodes)];
    const ops: BatchOp[] = [];
    this.ns.dir.save(info.file, ops);
    await this.ns.store.commit(ops);
  }

  getAdditionalDatanodes(
    req: { path: string; existing: string[]; exclude: string[]; count: number; clientName: string },
    clientMachine: string,
  ): DatanodeID[] {
    const p = '/' + pathComponents(req.path).join('/');
    const file = this.checkLease(p, req.clientName);
    const chosen = req.existing.map((n) => this.ns.datanodes.byAddress(n)).filter((n): n is DatanodeDescriptor => !!n?.live);
    const targets = this.ns.placement.chooseTarget({
      count: req.count,
      writerHost: clientMachine,
      chosen,
      excluded: this.storageIds(req.exclude),
      blockSize: file.bsize!,
    });
    return targets.map((t) => t.id());
  }

  renewLease(clientName: string): void {
    this.ns.leases.renew(clientName);
  }

  private checkLease(p: string, clientName: string): INode {
    const file = this.ns.existing(p);
    if (file.dir) throw FsErrors.isDirectory(p);
    return this.checkLeaseOf(file, p, clientName);
  }

  private checkLeaseOf(file: INode, p: string, clientName: string): INode {
    if (!file.uc) {
      throw new HadoopError('DFS_LEASE', `No lease on ${p}: File is not open for writing. Holder ${clientName} does not have any open files.`);
    }
    const holder = this.ns.leases.holderOf(file.id) ?? file.uc.holder;
    if (holder !== clientName) throw new HadoopError('DFS_LEASE', `Lease mismatch on ${p} owned by ${holder} but is accessed by ${clientName}`);
    this.ns.leases.renew(clientName);
    return file;
  }

  /** A block of a file the client is writing. */
  private openBlock(blockId: number, clientName: string): { info: BlockInfo; path: string } {
    const info = this.ns.blocks.get(blockId);
    if (!info || this.ns.dir.inodes.get(info.file.id) !== info.file) {
      throw FsErrors.invalidArgument(`blk_${blockId} is not a block of any file`);
    }
    const path = this.ns.dir.pathOf(info.file);
    this.checkLeaseOf(info.file, path, clientName);
    return { info, path };
  }

  /** The writer's word on a block's final length and stamp. */
  private commitBlock(file: INode, info: BlockInfo, reported: Block): void {
    if (reported.genStamp < info.block.genStamp || reported.genStamp > this.ns.dir.counters.genStamp) {
      throw FsErrors.invalidArgument(`blk_${reported.blockId}: generation stamp ${reported.genStamp} does not match the NameNode's ${info.block.genStamp}`);
    }
    if (reported.numBytes > file.bsize!) {
      throw FsErrors.invalidArgument(`blk_${reported.blockId}: length ${reported.numBytes} exceeds the block size ${file.bsize}`);
    }
    this.ns.blocks.commit(info, reported.numBytes, reported.genStamp);
  }

  private storageIds(names: string[]): Set<string> {
    const out = new Set<string>();
    for (const n of names) {
      const node = this.ns.datanodes.byAddress(n);
      if (node) out.add(node.storageId);
    }
    return out;
  }
}

function sameBlockId(a: Block | null, b: Block | undefined): boolean {
  return a === null ? b === undefined : b !== undefined && a.blockId === b.blockId;
}
