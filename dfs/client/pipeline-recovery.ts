import { HadoopError } from '../../common/errors';
import { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { Block, DatanodeID } from '../protocol/types';
import type { DFSClient } from './dfs-client';

const log = getLog('hdfs.DFSOutputStream');

export interface RecoveredPipeline {
  block: Block;
  pipeline: DatanodeID[];
  /** Names of the DataNodes left out. */
  dropped: string[];
}

/** What a DataNode says of its replica, or null when it is gone or unreachable. */
async function replicaLength(node: DatanodeID, blockId: number): Promise<number | null> {
  try {
    const info = await new RpcClient(node.name, 'DataNode', 5000).get<{ block: Block }>('/data/blockInfo', { blockId });
    return info.block.numBytes;
  } catch {
    return null;
  }
}

/**
 * Hadoop's pipeline recovery for a block that already has acked bytes: keep the DataNodes that
 * still answer and hold at least the acked bytes (minus the one an ERROR ack named), get a new
 * generation stamp, truncate every survivor's replica to the acked length under that stamp,
 * and tell the NameNode the block's new pipeline. The caller resends the unacked packets.
 */
export async function recoverPipeline(
  client: DFSClient,
  path: string,
  block: Block,
  pipeline: DatanodeID[],
  ackedBytes: number,
  failure: { error: Error; badIndex: number },
): Promise<RecoveredPipeline> {
  const lengths = await Promise.all(pipeline.map((n) => replicaLength(n, block.blockId)));
  let bad = failure.badIndex;
  // a stream that broke without naming a DataNode: blame the dead ones, else the first (as Hadoop does)
  if (bad < 0 && lengths.every((l) => l !== null)) bad = 0;
  let survivors = pipeline.filter((_n, i) => i !== bad && lengths[i] !== null && lengths[i]! >= ackedBytes);
  const dropped = pipeline.filter((n) => !survivors.includes(n)).map((n) => n.name);
  if (survivors.length === 0) {
    throw new HadoopError(
      'DFS_PIPELINE',
      `All datanodes ${pipeline.map((n) => n.name).join(', ')} are bad for block ${block.blockId} of ${path}. Aborting... (${failure.error.message})`,
    );
  }
  log.info(`Recovering the pipeline of block ${block.blockId} of ${path} at ${ackedBytes} bytes without ${dropped.join(', ')}`);
  const { genStamp } = await client.call('updateBlockForPipeline', {
    block: { ...block, numBytes: ackedBytes },
    clientName: client.clientName,
  });
  const kept: DatanodeID[] = [];
  await Promise.all(
    survivors.map(async (n) => {
      try {
        await new RpcClient(n.name, 'DataNode', 30000).call('/rpc/updateReplica', { block, newGenStamp: genStamp, newLength: ackedBytes });
        kept.push(n);
      } catch (e) {
        log.warn(`Could not update the replica of block ${block.blockId} on ${n.name}: ${(e as Error).message}`);
        dropped.push(n.name);
      }
    }),
  );
  survivors = survivors.filter((n) => kept.includes(n));
  if (survivors.length === 0) {
    throw new HadoopError('DFS_PIPELINE', `No DataNode could recover block ${block.blockId} of ${path}. Aborting...`);
  }
  const newBlock: Block = { blockId: block.blockId, genStamp, numBytes: ackedBytes };
  await client.call('updatePipeline', {
    clientName: client.clientName,
    oldBlock: block,
    newBlock,
    newNodes: survivors.map((n) => n.name),
  });
  return { block: newBlock, pipeline: survivors, dropped };
}
