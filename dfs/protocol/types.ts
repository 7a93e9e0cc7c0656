/**
 * Wire types of the distributed filesystem: JSON over HTTP between clients, the NameNode and
 * DataNodes. Every daemon is an express server; RPCs are `POST /rpc/<method>` with a JSON body
 * and a JSON answer; errors are `{ error: { code, message } }` with a 4xx (common/http).
 */

/** A block: its id, generation stamp (bumped by pipeline recovery) and length in bytes. */
export interface Block {
  blockId: number;
  genStamp: number;
  numBytes: number;
}

/** Where a DataNode is and who it is. `name` (host:port) is its address for data and RPC. */
export interface DatanodeID {
  /** Stable across restarts: kept in the DataNode's storage VERSION file. */
  storageId: string;
  host: string;
  port: number;
  /** host:port */
  name: string;
  /** Network location, `/default-rack` when no topology is configured. */
  rack: string;
}

export type AdminState = 'Normal' | 'Decommission in progress' | 'Decommissioned';

/** A DataNode as the NameNode reports it (dfsadmin -report, fsck, web UI). */
export interface DatanodeInfo extends DatanodeID {
  capacity: number;
  dfsUsed: number;
  remaining: number;
  /** ms since the epoch */
  lastContact: number;
  live: boolean;
  adminState: AdminState;
  numBlocks: number;
  xceivers: number;
}

/** A block of a file and where its replicas are, closest first. */
export interface LocatedBlock {
  block: Block;
  /** Offset of the block in the file. */
  offset: number;
  locations: DatanodeID[];
  corrupt: boolean;
}

export interface LocatedBlocks {
  fileLength: number;
  underConstruction: boolean;
  blocks: LocatedBlock[];
  /** The last block when the file is under construction, with its visible length. */
  lastBlock: LocatedBlock | null;
}

/** A file or directory. Paths are absolute, without scheme and authority. */
export interface HdfsFileStatus {
  path: string;
  length: number;
  isDirectory: boolean;
  replication: number;
  blockSize: number;
  modificationTime: number;
  accessTime: number;
  /** permission bits, e.g. 0o644 = 420 */
  permission: number;
  owner: string;
  group: string;
}

export interface ContentSummaryJSON {
  length: number;
  fileCount: number;
  directoryCount: number;
  quota: number;
  spaceConsumed: number;
  spaceQuota: number;
}

/** What the NameNode tells a DataNode to do, in heartbeat and block report answers. */
export type DatanodeCommand =
  /** Copy these blocks to these DataNodes (targets[i] for blocks[i]). */
  | { type: 'transfer'; blocks: Block[]; targets: DatanodeID[][] }
  /** Delete these replicas. */
  | { type: 'invalidate'; blocks: Block[] }
  /** The NameNode does not know this DataNode (it restarted): register again, then report. */
  | { type: 'register' }
  /** Send a full block report now. */
  | { type: 'blockReport' };

export interface FsStats {
  capacity: number;
  used: number;
  remaining: number;
  underReplicatedBlocks: number;
  corruptBlocks: number;
  missingBlocks: number;
}

/** Where a finalized replica's files are, for a short-circuit read on the DataNode's host. */
export interface BlockLocalPathInfo {
  block: Block;
  blockPath: string;
  metaPath: string;
}

export type SafeModeAction = 'get' | 'enter' | 'leave';

export interface SafeModeStatus {
  on: boolean;
  /** Hadoop's tip text: why it is on and when it will go off. */
  tip: string;
}

/** Block ids are decimal in file names; anything else in a request is refused. */
export function isValidBlockId(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x > 0;
}

export function blockFileName(blockId: number): string {
  return `blk_${blockId}`;
}

export function metaFileName(blockId: number, genStamp: number): string {
  return `blk_${blockId}_${genStamp}.meta`;
}
