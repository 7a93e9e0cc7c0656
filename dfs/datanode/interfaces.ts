import type { Agent } from 'node:http';
import type { Configuration } from '../../common/conf/configuration';
import type { Log } from '../../common/log';
import type { Block, DatanodeID } from '../protocol/types';
import type { FSDataset } from './dataset';

/**
 * Types shared by the DataNode's pieces. A replica is one block's pair of files on one volume:
 * `blk_<id>` (the bytes) and `blk_<id>_<genStamp>.meta` (the CRC32 of each chunk).
 *
 * - `finalized`: complete, under `current/` (served to readers, listed in block reports);
 * - `rbw` (replica being written): a client pipeline's block under `blocksBeingWritten/`; kept
 *   across restarts so that lease and pipeline recovery can finish it;
 * - `temporary`: a copy arriving from another DataNode (stage `transfer`) under `tmp/`; thrown
 *   away at restart.
 */
export type ReplicaState = 'finalized' | 'rbw' | 'temporary';

export interface Replica {
  blockId: number;
  genStamp: number;
  /** Bytes on disk with their checksums (for an rbw replica: what readers may see). */
  numBytes: number;
  /**
   * CRC32 of the last, partial chunk as of numBytes (numBytes % bytesPerChecksum != 0), or null
   * when it is to be read from the meta file. A writer keeps it current, so a reader can verify
   * a chunk that the writer is still extending.
   */
  lastChunkCrc: number | null;
  state: ReplicaState;
  /** Root of the data dir (volume) holding the files. */
  volume: string;
  /** The directory holding both files. */
  dir: string;
  /** The receiver writing it now, if any. */
  writer: ReplicaWriter | null;
}

/** What a new write (or a recovery) needs from the receiver already writing a replica. */
export interface ReplicaWriter {
  readonly genStamp: number;
  /** Stops the write and closes its files; resolves once nothing touches the files any more. */
  abort(reason: string): Promise<void>;
}

export function toBlock(r: Replica): Block {
  return { blockId: r.blockId, genStamp: r.genStamp, numBytes: r.numBytes };
}

export function blockName(b: { blockId: number; genStamp: number }): string {
  return `blk_${b.blockId}_${b.genStamp}`;
}

/** The NameNode actor as the data path sees it. */
export interface NameNodeReports {
  /** Tells the NameNode at once that a replica is complete; never throws (retried later). */
  blockReceived(block: Block): Promise<void>;
  blockDeleted(block: Block): void;
  /** Reports corrupt replicas (ours, or a sender's during a transfer); never throws. */
  reportBadBlock(block: Block, datanode: string): Promise<void>;
}

/** Counts of what the DataNode served, in its /status (Hadoop's DataNodeMetrics, in part). */
export interface DataNodeMetrics {
  /** Block reads sent over HTTP (`GET /data/readBlock`). */
  blocksRead: number;
  /** Replica paths given to short-circuit readers (`GET /data/blockLocalPathInfo`). */
  blockLocalPathInfos: number;
}

/** Everything a request handler of the DataNode needs. */
export interface DataNodeContext {
  readonly conf: Configuration;
  readonly log: Log;
  readonly dataset: FSDataset;
  readonly reports: NameNodeReports;
  /** Keep-alive agent for DataNode -> DataNode block streams. */
  readonly agent: Agent;
  readonly bytesPerChecksum: number;
  /** dfs.socket.timeout: how long a peer may stay silent in a block stream. */
  readonly socketTimeoutMs: number;
  readonly metrics: DataNodeMetrics;
  /** host:port of the NameNode (from fs.default.name). */
  readonly nameNode: string;
  /** This DataNode as the NameNode knows it. */
  id(): DatanodeID;
  /** Counts a block stream (read, write or transfer) while fn runs. */
  xceiver<T>(fn: () => Promise<T>): Promise<T>;
  xceiverCount(): number;
}
