import type {
  Block,
  ContentSummaryJSON,
  DatanodeID,
  DatanodeInfo,
  FsStats,
  HdfsFileStatus,
  LocatedBlock,
  LocatedBlocks,
  SafeModeAction,
  SafeModeStatus,
} from './types';

/**
 * ClientProtocol: what a client asks the NameNode, as `POST /rpc/<method>` with the request
 * as the JSON body. Errors use the FileSystem codes (FS_NOT_FOUND, FS_FILE_EXISTS, ...) plus
 * DFS_SAFE_MODE, DFS_LEASE (another writer holds the file), DFS_NOT_ENOUGH_REPLICAS (fewer live
 * DataNodes than dfs.replication.min), DFS_NOT_COMPLETE.
 * `clientName` identifies a writer for leases (DFSClient_<random>).
 */
export interface ClientProtocol {
  getFileInfo: { req: { path: string }; res: { status: HdfsFileStatus | null } };
  getListing: { req: { path: string }; res: { statuses: HdfsFileStatus[] } };
  mkdirs: { req: { path: string; permission: number; owner?: string }; res: { ok: true } };
  /** Creates a file under construction leased to clientName. */
  create: {
    req: { path: string; clientName: string; overwrite: boolean; replication: number; blockSize: number; permission: number; owner?: string };
    res: { status: HdfsFileStatus };
  };
  /** Reopens a file for append; returns its last block if that is partial. */
  append: { req: { path: string; clientName: string }; res: { lastBlock: LocatedBlock | null; status: HdfsFileStatus } };
  /** Allocates the next block, placed on replication targets, after `previous` is complete. */
  addBlock: {
    req: { path: string; clientName: string; previous: Block | null; excludeNodes: string[] };
    res: { block: LocatedBlock };
  };
  abandonBlock: { req: { path: string; clientName: string; block: Block }; res: { ok: true } };
  /** Closes the file: true once the last block has dfs.replication.min replicas (else retry). */
  complete: { req: { path: string; clientName: string; last: Block | null }; res: { complete: boolean } };
  /** Pipeline recovery: a new generation stamp for a block being written. */
  updateBlockForPipeline: { req: { block: Block; clientName: string }; res: { genStamp: number } };
  /** Pipeline recovery: the block now has newBlock's stamp and length, on newNodes. */
  updatePipeline: { req: { clientName: string; oldBlock: Block; newBlock: Block; newNodes: string[] }; res: { ok: true } };
  /** For a pipeline that lost nodes: extra targets to add, none of the existing or excluded. */
  getAdditionalDatanodes: {
    req: { path: string; block: Block; existing: string[]; exclude: string[]; count: number; clientName: string };
    res: { targets: DatanodeID[] };
  };
  getBlockLocations: { req: { path: string; offset: number; length: number }; res: { located: LocatedBlocks } };
  renewLease: { req: { clientName: string }; res: { ok: true } };
  /** Starts lease recovery of a file whose writer is gone; true when the file is closed. */
  recoverLease: { req: { path: string; clientName: string }; res: { closed: boolean } };
  rename: { req: { src: string; dst: string }; res: { ok: true } };
  delete: { req: { path: string; recursive: boolean }; res: { deleted: boolean } };
  setReplication: { req: { path: string; replication: number }; res: { ok: boolean } };
  setPermission: { req: { path: string; permission: number }; res: { ok: true } };
  setOwner: { req: { path: string; owner: string | null; group: string | null }; res: { ok: true } };
  setTimes: { req: { path: string; mtime: number; atime: number }; res: { ok: true } };
  getContentSummary: { req: { path: string }; res: { summary: ContentSummaryJSON } };
  /** A directory's quotas: a positive number sets one, -1 clears it, null leaves it (DFS_NSQUOTA_EXCEEDED, DFS_DSQUOTA_EXCEEDED). */
  setQuota: { req: { path: string; nsQuota: number | null; dsQuota: number | null }; res: { ok: true } };
  /** The client found a replica whose checksum does not match. */
  reportBadBlocks: { req: { blocks: Array<{ block: Block; datanode: string }> }; res: { ok: true } };
  getStats: { req: Record<string, never>; res: { stats: FsStats } };
  datanodeReport: { req: { type: 'all' | 'live' | 'dead' }; res: { datanodes: DatanodeInfo[] } };
  setSafeMode: { req: { action: SafeModeAction }; res: { status: SafeModeStatus } };
  /** Re-reads dfs.hosts / dfs.hosts.exclude and starts or stops decommissioning. */
  refreshNodes: { req: Record<string, never>; res: { ok: true } };
  /** The fsck report as text lines, Hadoop's layout, and the closed files with missing or corrupt blocks. */
  fsck: {
    req: { path: string; files: boolean; blocks: boolean; locations: boolean; racks: boolean; openForWrite?: boolean };
    res: { report: string; healthy: boolean; corruptFiles: string[] };
  };
}

export type ClientMethod = keyof ClientProtocol;
