import * as os from 'node:os';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import { getLog } from '../../common/log';
import type { ContentSummaryJSON, FsStats, HdfsFileStatus, LocatedBlock, LocatedBlocks } from '../protocol/types';
import type { BlockInfo, BlockManager } from './block-manager';
import type { DatanodeManager } from './datanode-manager';
import { FSDirectory, pathComponents } from './fs-directory';
import type { BatchOp, INode } from './interfaces';
import type { LeaseManager } from './lease-manager';
import type { NamespaceStore } from './namespace-store';
import type { BlockPlacementPolicy } from './placement-policy';
import { diskspaceOf, usageOf, verifyQuota } from './quota';
import type { SafeMode } from './safe-mode';

const log = getLog('namenode.FSNamesystem');

/** The parts of the NameNode the namespace operations work with. */
export interface NamesystemParts {
  conf: Configuration;
  dir: FSDirectory;
  store: NamespaceStore;
  blocks: BlockManager;
  datanodes: DatanodeManager;
  leases: LeaseManager;
  safeMode: SafeMode;
  placement: BlockPlacementPolicy;
}

/**
 * FSNamesystem: the namespace operations of ClientProtocol with HDFS semantics. Each mutation
 * checks and changes the in-memory tree in one synchronous step (so concurrent requests are
 * serialized without a lock), then waits for its LevelDB batch before the client is answered.
 * Writing files (create, addBlock, complete, ...) is in file-write-ops.ts.
 */
export class FSNamesystem {
  readonly conf: Configuration;
  readonly dir: FSDirectory;
  readonly store: NamespaceStore;
  readonly blocks: BlockManager;
  readonly datanodes: DatanodeManager;
  readonly leases: LeaseManager;
  readonly safeMode: SafeMode;
  readonly placement: BlockPlacementPolicy;
  /** The user the NameNode runs as: owner of what a request names no owner for. */
  readonly user: string;
  readonly supergroup: string;
  readonly minReplication: number;
  readonly maxReplication: number;

  constructor(parts: NamesystemParts) {
    ({ conf: this.conf, dir: this.dir, store: this.store, blocks: this.blocks, datanodes: this.datanodes } = parts);
    ({ leases: this.leases, safeMode: this.safeMode, placement: this.placement } = parts);
    this.user = process.env.HADOOP_USER_NAME || os.userInfo().username;
    this.supergroup = this.conf.get('dfs.permissions.supergroup', 'supergroup');
    this.minReplication = this.conf.getInt('dfs.replication.min');
    this.maxReplication = this.conf.getInt('dfs.replication.max');
  }

  ownerOf(owner: string | undefined): string {
    return owner || this.user;
  }

  verifyReplication(path: string, replication: number): void {
    if (!Number.isSafeInteger(replication) || replication < this.minReplication) {
      throw FsErrors.invalidArgument(`file ${path}: Requested replication ${replication} is less than the required minimum ${this.minReplication}`);
    }
    if (replication > this.maxReplication) {
      throw FsErrors.invalidArgument(`file ${path}: Requested replication ${replication} exceeds maximum ${this.maxReplication}`);
    }
  }

  /**
   * The directory for comps[0..count), created with its missing ancestors, which take their
   * parent's permission (Hadoop 1's inheritPermission); `perm` is for the directory asked for
   * when lastIsTarget. A file on the way is FS_PARENT_NOT_DIRECTORY for `path`, or
   * FS_FILE_EXISTS when it is the directory asked for itself.
   */
  ensureDirectory(comps: string[], count: number, path: string, perm: number, owner: string, now: number, ops: BatchOp[], lastIsTarget: boolean): INode {
    let cur = this.dir.root;
    for (let i = 0; i < count; i++) {
      const next = cur.children!.get(comps[i]);
      if (next && !next.dir) throw lastIsTarget && i === count - 1 ? FsErrors.exists(path) : FsErrors.parentNotDirectory(path);
      const mode = lastIsTarget && i === count - 1 ? perm : cur.perm;
      cur = next ?? this.dir.addNode(cur, { name: comps[i], dir: true, perm: mode, owner, group: cur.group, mtime: now, atime: 0 }, ops);
    }
    return cur;
  }

  /** Refuses creating the missing directories of comps[0..count) and `files` more names past a quota. */
  verifyCreateQuota(comps: string[], count: number, files: number): void {
    const { node, depth } = this.dir.walk(comps.slice(0, count));
    if (node.dir) verifyQuota(this.dir, node, { namespace: count - depth + files, diskspace: 0 });
  }

  async mkdirs(path: string, permission: number, owner?: string): Promise<void> {
    const comps = pathComponents(path);
    const p = '/' + comps.join('/');
    this.safeMode.check('create directory', p);
    this.verifyCreateQuota(comps, comps.length, 0);
    const ops: BatchOp[] = [];
    this.ensureDirectory(comps, comps.length, p, permission, this.ownerOf(owner), Date.now(), ops, true);
    await this.store.commit(ops);
  }

  getFileInfo(path: string): HdfsFileStatus | null {
    const p = '/' + pathComponents(path).join('/');
    const node = this.dir.getINode(p);
    return node ? this.dir.toStatus(node, p) : null;
  }

  getListing(path: string): HdfsFileStatus[] {
    const p = '/' + pathComponents(path).join('/');
    const node = this.dir.getINode(p);
    if (!node) throw FsErrors.notFound(p);
    if (!node.dir) return [this.dir.toStatus(node, p)];
    const prefix = p === '/' ? '/' : p + '/';
    return this.dir.sortedChildren(node).map((c) => this.dir.toStatus(c, prefix + c.name));
  }

  /** HDFS rename: onto an existing directory moves the source inside it; never replaces. */
  async rename(src: string, dst: string): Promise<void> {
    const s = '/' + pathComponents(src).join('/');
    const dComps = pathComponents(dst);
    const d = '/' + dComps.join('/');
    this.safeMode.check('rename', s);
    const node = this.dir.getINode(s);
    if (!node) throw FsErrors.notFound(s);
    if (node === this.dir.root) throw FsErrors.invalidArgument('Cannot rename the root directory');
    let parent: INode;
    let name: string;
    let target = d;
    const at = this.dir.getINode(d);
    if (at?.dir) {
      parent = at;
      name = node.name;
      target = d === '/' ? `/${name}` : `${d}/${name}`;
      const existing = at.children!.get(name);
      if (existing === node) return;
    } else if (at) {
      if (at === node) return;
      throw FsErrors.exists(d);
    } else {
      const { node: deepest, depth } = this.dir.walk(dComps);
      if (depth < dComps.length - 1) throw deepest.dir ? FsErrors.notFound('/' + dComps.slice(0, -1).join('/')) : FsErrors.parentNotDirectory(d);
      if (!deepest.dir) throw FsErrors.parentNotDirectory(d);
      parent = deepest;
      name = dComps[dComps.length - 1];
    }
    if (node.dir && this.dir.isUnder(parent, node)) throw FsErrors.renameIntoSelf(s, target);
    if (parent.children!.has(name)) throw FsErrors.exists(target);
    const from = this.dir.inodes.get(node.parent)!;
    if (parent !== from) verifyQuota(this.dir, parent, usageOf(this.dir, node), this.commonAncestor(from, parent));
    const ops: BatchOp[] = [];
    this.dir.moveNode(node, parent, name, Date.now(), ops);
    await this.store.commit(ops);
  }

  /** False for a missing path (also one under a file) and for the root, which is never deleted. */
  async delete(path: string, recursive: boolean): Promise<boolean> {
    const p = '/' + pathComponents(path).join('/');
    this.safeMode.check('delete', p);
    const node = this.dir.getINode(p);
    if (!node) return false;
    if (node === this.dir.root) {
      log.warn('Refusing to delete the root directory');
      return false;
    }
    if (node.dir && node.children!.size > 0 && !recursive) throw FsErrors.notEmpty(p);
    const ops: BatchOp[] = [];
    const removed = this.removeTree(node, ops);
    await this.store.commit(ops);
    this.releaseBlocks(removed);
    return true;
  }

  /** Takes a subtree out of the namespace and its files out of the leases; returns its blocks. */
  removeTree(node: INode, ops: BatchOp[]): BlockInfo[] {
    const removed: BlockInfo[] = [];
    this.dir.removeNode(node, Date.now(), ops, (file) => {
      if (file.uc) this.leases.remove(file.id);
      for (const b of file.blocks ?? []) {
        const info = this.blocks.get(b.blockId);
        if (info) removed.push(info);
      }
    });
    return removed;
  }

  /** Once the removal is durable: forget the blocks and order their replicas deleted. */
  releaseBlocks(removed: BlockInfo[]): void {
    for (const info of removed) this.blocks.removeBlock(info);
  }

  async setReplication(path: string, replication: number): Promise<boolean> {
    const p = '/' + pathComponents(path).join('/');
    this.verifyReplication(p, replication);
    this.safeMode.check('set replication for', p);
    const node = this.existing(p);
    if (node.dir) return false;
    const old = node.repl!;
    if (replication > old) {
      verifyQuota(this.dir, this.dir.inodes.get(node.parent)!, { namespace: 0, diskspace: (diskspaceOf(this.dir, node) / old) * (replication - old) });
    }
    node.repl = replication;
    const ops: BatchOp[] = [];
    this.dir.save(node, ops);
    await this.store.commit(ops);
    if (old !== replication) {
      log.info(`${replication > old ? 'Increasing' : 'Decreasing'} replication from ${old} to ${replication} for ${p}`);
      this.checkFileReplication(node);
    }
    return true;
  }

  async setPermission(path: string, permission: number): Promise<void> {
    const p = '/' + pathComponents(path).join('/');
    this.safeMode.check('set permission for', p);
    const node = this.existing(p);
    node.perm = permission;
    await this.saveAndCommit(node);
  }

  async setOwner(path: string, owner: string | null, group: string | null): Promise<void> {
    const p = '/' + pathComponents(path).join('/');
    if (owner === null && group === null) throw FsErrors.invalidArgument(`setOwner ${p}: owner and group are both null`);
    this.safeMode.check('set owner for', p);
    const node = this.existing(p);
    if (owner !== null) node.owner = owner;
    if (group !== null) node.group = group;
    await this.saveAndCommit(node);
  }

  /** -1 leaves a time as it is. */
  async setTimes(path: string, mtime: number, atime: number): Promise<void> {
    const p = '/' + pathComponents(path).join('/');
    this.safeMode.check('set times for', p);
    const node = this.existing(p);
    if (mtime !== -1) node.mtime = mtime;
    if (atime !== -1) node.atime = atime;
    await this.saveAndCommit(node);
  }

  getContentSummary(path: string): ContentSummaryJSON {
    const p = '/' + pathComponents(path).join('/');
    const node = this.existing(p);
    const s: ContentSummaryJSON = { length: 0, fileCount: 0, directoryCount: 0, quota: node.nsQuota ?? -1, spaceConsumed: 0, spaceQuota: node.dsQuota ?? -1 };
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.dir) {
        s.directoryCount++;
        stack.push(...n.children!.values());
      } else {
        const len = this.dir.fileLength(n);
        s.fileCount++;
        s.length += len;
        s.spaceConsumed += len * n.repl!;
      }
    }
    return s;
  }

  /**
   * Sets or clears a directory's quotas (Hadoop's setQuota): a positive number sets one, -1
   * clears it, null leaves it as it is. A quota below what the directory holds already is
   * allowed; it refuses only what would add more.
   */
  async setQuota(path: string, nsQuota: number | null, dsQuota: number | null): Promise<void> {
    const p = '/' + pathComponents(path).join('/');
    this.safeMode.check('set quota on', p);
    const node = this.dir.getINode(p);
    if (!node) throw new HadoopError('FS_NOT_FOUND', `Directory does not exist: ${p}`);
    if (!node.dir) throw FsErrors.invalidArgument(`Cannot set quota on a file: ${p}`);
    if (nsQuota !== null) node.nsQuota = nsQuota === -1 ? undefined : nsQuota;
    if (dsQuota !== null) node.dsQuota = dsQuota === -1 ? undefined : dsQuota;
    await this.saveAndCommit(node);
  }

  /** The nearest directory holding both a and b. */
  private commonAncestor(a: INode, b: INode): INode {
    const above = new Set<INode>();
    for (let n: INode | undefined = a; n; n = n === this.dir.root ? undefined : this.dir.inodes.get(n.parent)) above.add(n);
    let n = b;
    while (!above.has(n)) n = this.dir.inodes.get(n.parent)!;
    return n;
  }

  /** The blocks of a file overlapping [offset, offset + length), replicas closest to the client first. */
  getBlockLocations(path: string, offset: number, length: number, clientHost: string): LocatedBlocks {
    const p = '/' + pathComponents(path).join('/');
    const node = this.existing(p);
    if (node.dir) throw FsErrors.isDirectory(p);
    const located: LocatedBlock[] = [];
    let lastBlock: LocatedBlock | null = null;
    let start = 0;
    const end = offset + length;
    for (const b of node.blocks ?? []) {
      const info = this.blocks.get(b.blockId);
      if (info && start < end && start + b.numBytes > offset) located.push(this.blocks.locate(info, start, clientHost));
      if (info?.underConstruction) lastBlock = this.blocks.locate(info, start, clientHost);
      start += b.numBytes;
    }
    return { fileLength: start, underConstruction: node.uc !== undefined, blocks: located, lastBlock };
  }

  getStats(): FsStats {
    return {
      ...this.datanodes.stats(),
      underReplicatedBlocks: this.blocks.needed.size,
      corruptBlocks: this.blocks.corruptCount(),
      missingBlocks: this.blocks.missingCount(),
    };
  }

  /** A client or DataNode found replicas whose checksums do not match. */
  reportBadBlocks(list: Array<{ blockId: number; datanode: string }>): void {
    for (const { blockId, datanode } of list) {
      const node = this.datanodes.byAddress(datanode);
      if (node) this.blocks.markCorrupt(blockId, node, 'reported bad');
      else log.warn(`Bad replica of blk_${blockId} reported on ${datanode}, which is not a registered DataNode`);
    }
  }

  /** The file is complete: no longer under construction, its lease released. */
  finalizeFile(file: INode, ops: BatchOp[]): void {
    delete file.uc;
    this.leases.remove(file.id);
    file.mtime = Date.now();
    this.dir.save(file, ops);
  }

  /** After a file closed: its blocks join the replication checks. */
  checkFileReplication(file: INode): void {
    for (const b of file.blocks ?? []) {
      const info = this.blocks.get(b.blockId);
      if (info) this.blocks.checkReplication(info);
    }
  }

  /** True when every block of the file has dfs.replication.min good replicas. */
  minimallyReplicated(file: INode): boolean {
    for (const b of file.blocks ?? []) {
      const info = this.blocks.get(b.blockId);
      if (!info) return false;
      const c = this.blocks.countReplicas(info);
      if (c.live + c.decommissioned < this.minReplication) return false;
    }
    return true;
  }

  existing(p: string): INode {
    const node = this.dir.getINode(p);
    if (!node) throw FsErrors.notFound(p);
    return node;
  }

  private async saveAndCommit(node: INode): Promise<void> {
    const ops: BatchOp[] = [];
    this.dir.save(node, ops);
    await this.store.commit(ops);
  }
}

export function leaseError(op: string, path: string, clientName: string, why: string): HadoopError {
  return new HadoopError('DFS_LEASE', `failed to ${op} ${path} for ${clientName}: ${why}`);
}
