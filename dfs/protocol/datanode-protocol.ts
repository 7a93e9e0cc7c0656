import type { Block, DatanodeCommand, DatanodeID } from './types';

/**
 * DatanodeProtocol: what a DataNode tells the NameNode, as `POST /rpc/<method>`.
 * A DataNode registers at start (the NameNode refuses one formatted for another namespace,
 * DFS_NAMESPACE_MISMATCH), heartbeats every dfs.heartbeat.interval seconds, sends a full block
 * report at start and every dfs.blockreport.intervalMsec, and reports each block it finishes
 * receiving at once. Answers carry commands.
 */
export interface DatanodeRegistration extends DatanodeID {
  namespaceId: number;
}

export interface DatanodeProtocol {
  registerDatanode: { req: { registration: DatanodeRegistration }; res: { namespaceId: number } };
  sendHeartbeat: {
    req: { registration: DatanodeRegistration; capacity: number; dfsUsed: number; remaining: number; xceivers: number };
    res: { commands: DatanodeCommand[] };
  };
  blockReport: { req: { registration: DatanodeRegistration; blocks: Block[] }; res: { commands: DatanodeCommand[] } };
  /** Blocks finished (received or replicated) and deleted since the last call. */
  blockReceivedAndDeleted: {
    req: { registration: DatanodeRegistration; received: Block[]; deleted: Block[] };
    res: { ok: true };
  };
  /** A DataNode found a corrupt replica (its own on read, or a sender's during a copy). */
  reportBadBlocks: { req: { blocks: Array<{ block: Block; datanode: string }> }; res: { ok: true } };
}

export type DatanodeMethod = keyof DatanodeProtocol;
