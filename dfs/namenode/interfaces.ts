import type { Block } from '../protocol/types';

/**
 * The NameNode's own types: the inode as persisted (one JSON value per inode in LevelDB) and as
 * held in memory, and the batch operations a mutation writes.
 */

/** A file being written: who holds its lease and from which machine. */
export interface UnderConstruction {
  holder: string;
  machine: string;
}

/** An inode as stored under `i:<id>`. Files carry replication, block size and blocks. */
export interface INodeRecord {
  id: number;
  parent: number;
  name: string;
  dir: boolean;
  perm: number;
  owner: string;
  group: string;
  mtime: number;
  atime: number;
  repl?: number;
  bsize?: number;
  blocks?: Block[];
  uc?: UnderConstruction;
  /** A directory's namespace and diskspace quotas (dfsadmin -setQuota / -setSpaceQuota). */
  nsQuota?: number;
  dsQuota?: number;
}

/** In memory a directory also knows its children by name. */
export interface INode extends INodeRecord {
  children?: Map<string, INode>;
}

export type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };

/** Persistent counters; each is the next value to hand out. */
export interface Counters {
  nextInodeId: number;
  nextBlockId: number;
  /** The last generation stamp handed out. */
  genStamp: number;
}

export const ROOT_ID = 1;
/** Hadoop's GenerationStamp.FIRST_VALID_STAMP. */
export const FIRST_GEN_STAMP = 1000;

export const inodeKey = (id: number): string => `i:${id}`;
export const childKey = (parent: number, name: string): string => `c:${parent}:${name}`;
