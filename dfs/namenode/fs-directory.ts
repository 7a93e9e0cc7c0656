import { HadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import type { HdfsFileStatus } from '../protocol/types';
import { BatchOp, childKey, Counters, INode, INodeRecord, inodeKey, ROOT_ID } from './interfaces';
import { counterOps, LoadedNamespace } from './namespace-store';

const MAX_PATH_LENGTH = 8000;
const MAX_COMPONENT_LENGTH = 255;

/**
 * A path from a request as absolute components, or FS_INVALID_ARGUMENT. Repeated and trailing
 * slashes are dropped; `.`, `..` and NUL are refused so a name can never climb the tree.
 */
export function pathComponents(path: string): string[] {
  if (typeof path !== 'string' || !path.startsWith('/') || path.length > MAX_PATH_LENGTH || path.includes('\0')) {
    throw FsErrors.invalidArgument(`Invalid path name ${JSON.stringify(String(path).slice(0, 200))}: must be an absolute path`);
  }
  const parts = path.split('/').filter((p) => p !== '');
  for (const p of parts) {
    if (p === '.' || p === '..' || p.length > MAX_COMPONENT_LENGTH) throw FsErrors.invalidArgument(`Invalid path name ${path}`);
  }
  return parts;
}

export function normalizePath(path: string): string {
  return '/' + pathComponents(path).join('/');
}

export function serializeINode(node: INode): string {
  const rec: INodeRecord = { ...node };
  delete (rec as INode).children;
  return JSON.stringify(rec);
}

/**
 * FSDirectory: the namespace tree in memory, loaded from the store at start. Reads walk the tree;
 * mutations change it and append the LevelDB operations that make the change durable to `ops`,
 * which the caller commits as one batch.
 */
export class FSDirectory {
  readonly inodes = new Map<number, INode>();
  readonly root: INode;
  readonly counters: Counters;

  constructor(loaded: LoadedNamespace) {
    for (const rec of loaded.records.values()) {
      const node: INode = { ...rec };
      if (node.dir) node.children = new Map();
      this.inodes.set(node.id, node);
    }
    const root = this.inodes.get(ROOT_ID);
    if (!root) throw new HadoopError('DFS_CORRUPT_NAMESPACE', 'The namespace has no root directory');
    this.root = root;
    for (const [parentId, name, childId] of loaded.edges) {
      const parent = this.inodes.get(parentId);
      const child = this.inodes.get(childId);
      if (!parent?.children || !child) {
        throw new HadoopError('DFS_CORRUPT_NAMESPACE', `Dangling directory entry ${childKey(parentId, name)} -> ${childId}`);
      }
      parent.children.set(name, child);
    }
    this.counters = { ...loaded.counters };
  }

  /** The inode at path; null when missing or when a component on the way is a file. */
  getINode(path: string): INode | null {
    let cur: INode = this.root;
    for (const name of pathComponents(path)) {
      const next = cur.children?.get(name);
      if (!next) return null;
      cur = next;
    }
    return cur;
  }

  /** The deepest existing inode on the path and how many components it matched. */
  walk(components: string[]): { node: INode; depth: number } {
    let cur: INode = this.root;
    let depth = 0;
    for (const name of components) {
      const next = cur.children?.get(name);
      if (!next) break;
      cur = next;
      depth++;
    }
    return { node: cur, depth };
  }

  pathOf(node: INode): string {
    const names: string[] = [];
    for (let n: INode | undefined = node; n && n.id !== ROOT_ID; n = this.inodes.get(n.parent)) names.push(n.name);
    return '/' + names.reverse().join('/');
  }

  /** True when node is anc or lies below it. */
  isUnder(node: INode, anc: INode): boolean {
    for (let n: INode | undefined = node; n; n = n.id === ROOT_ID ? undefined : this.inodes.get(n.parent)) {
      if (n === anc) return true;
    }
    return false;
  }

  sortedChildren(dir: INode): INode[] {
    return [...(dir.children?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Creates an inode under parent (which must not have that name yet); parent's mtime moves. */
  addNode(parent: INode, fields: Omit<INodeRecord, 'id' | 'parent'>, ops: BatchOp[]): INode {
    const node: INode = { ...fields, id: this.counters.nextInodeId++, parent: parent.id };
    if (node.dir) node.children = new Map();
    parent.children!.set(node.name, node);
    this.inodes.set(node.id, node);
    parent.mtime = fields.mtime;
    ops.push(
      { type: 'put', key: inodeKey(node.id), value: serializeINode(node) },
      { type: 'put', key: childKey(parent.id, node.name), value: String(node.id) },
      { type: 'put', key: inodeKey(parent.id), value: serializeINode(parent) },
      ...counterOps({ nextInodeId: this.counters.nextInodeId }),
    );
    return node;
  }

  save(node: INode, ops: BatchOp[]): void {
    ops.push({ type: 'put', key: inodeKey(node.id), value: serializeINode(node) });
  }

  /** Removes node and everything below it; calls onFile for each file removed. */
  removeNode(node: INode, now: number, ops: BatchOp[], onFile: (file: INode) => void): void {
    const parent = this.inodes.get(node.parent)!;
    parent.children!.delete(node.name);
    parent.mtime = now;
    ops.push({ type: 'del', key: childKey(parent.id, node.name) }, { type: 'put', key: inodeKey(parent.id), value: serializeINode(parent) });
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      this.inodes.delete(n.id);
      ops.push({ type: 'del', key: inodeKey(n.id) });
      if (n.children) {
        for (const c of n.children.values()) {
          ops.push({ type: 'del', key: childKey(n.id, c.name) });
          stack.push(c);
        }
      } else {
        onFile(n);
      }
    }
  }

  /** Moves node under newParent as newName: three keys, whatever the size of the subtree. */
  moveNode(node: INode, newParent: INode, newName: string, now: number, ops: BatchOp[]): void {
    const oldParent = this.inodes.get(node.parent)!;
    oldParent.children!.delete(node.name);
    oldParent.mtime = now;
    ops.push({ type: 'del', key: childKey(oldParent.id, node.name) });
    node.parent = newParent.id;
    node.name = newName;
    newParent.children!.set(newName, node);
    newParent.mtime = now;
    ops.push(
      { type: 'put', key: childKey(newParent.id, newName), value: String(node.id) },
      { type: 'put', key: inodeKey(node.id), value: serializeINode(node) },
      { type: 'put', key: inodeKey(oldParent.id), value: serializeINode(oldParent) },
    );
    if (newParent !== oldParent) ops.push({ type: 'put', key: inodeKey(newParent.id), value: serializeINode(newParent) });
  }

  fileLength(node: INode): number {
    let n = 0;
    for (const b of node.blocks ?? []) n += b.numBytes;
    return n;
  }

  toStatus(node: INode, path: string): HdfsFileStatus {
    return {
      path,
      length: node.dir ? 0 : this.fileLength(node),
      isDirectory: node.dir,
      replication: node.dir ? 0 : node.repl!,
      blockSize: node.dir ? 0 : node.bsize!,
      modificationTime: node.mtime,
      accessTime: node.atime,
      permission: node.perm,
      owner: node.owner,
      group: node.group,
    };
  }
}
