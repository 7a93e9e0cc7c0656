import { HadoopError } from '../../common/errors';
import { badRequest } from '../../common/http/json-server';
import { DataNodeContext, Replica, ReplicaWriter, blockName } from './interfaces';
import { HostPort, blockIdParam, intParam, parseHostPort, stringParam, targetsParam } from './params';

/**
 * What a `POST /data/writeBlock` asks for (dfs/protocol/data-transfer.ts), and the replica it
 * gets (Hadoop's FSDataset.writeToBlock): a fresh one for create and transfer, the existing one
 * continued from its length for append and recovery.
 */
export type Stage = 'create' | 'append' | 'recovery' | 'transfer';
const STAGES: Stage[] = ['create', 'append', 'recovery', 'transfer'];

export interface WriteParams {
  blockId: number;
  genStamp: number;
  offset: number;
  targets: HostPort[];
  stage: Stage;
  clientName: string;
  /** stage transfer: the DataNode sending its replica (reported if its bytes are corrupt). */
  source: string | null;
}

export function parseWriteParams(q: Record<string, unknown>): WriteParams {
  const stage = stringParam(q, 'stage') ?? 'create';
  if (!STAGES.includes(stage as Stage)) throw badRequest(`Invalid stage '${stage.slice(0, 32)}': one of ${STAGES.join(', ')}`);
  const source = stringParam(q, 'source');
  return {
    blockId: blockIdParam(q),
    genStamp: intParam(q, 'genStamp') as number,
    offset: intParam(q, 'offset', { optional: true }) ?? 0,
    targets: targetsParam(q, 'targets'),
    stage: stage as Stage,
    clientName: (stringParam(q, 'clientName') ?? '').slice(0, 200),
    source: source ? parseHostPort(source, 'source').name : null,
  };
}

/**
 * Makes the replica a write needs, under the block's lock: a fresh one for create and transfer,
 * the existing one continued from its length for append and recovery (re-stamped, moved back to
 * blocksBeingWritten/). A write already running on the block is stopped if this one is newer.
 */
export async function prepareReplica(ctx: DataNodeContext, p: WriteParams, writer: ReplicaWriter): Promise<Replica> {
  const ds = ctx.dataset;
  const name = blockName(p);
  return ds.withLock(p.blockId, async () => {
    let r = ds.get(p.blockId);
    if (r?.writer) {
      if (r.writer.genStamp >= p.genStamp && p.stage !== 'recovery') {
        throw new HadoopError('DFS_REPLICA_BEING_WRITTEN', `Block ${blockName(r)} has already been started (though not completed), and thus cannot be created.`);
      }
      await r.writer.abort(`a ${p.stage} of ${name} replaces it`);
      r = ds.get(p.blockId);
    }
    if (r && r.genStamp > p.genStamp) {
      throw new HadoopError('DFS_STALE_GENSTAMP', `Cannot write ${name}: this DataNode has the newer ${blockName(r)}`);
    }
    if (p.stage === 'create' || p.stage === 'transfer' || (p.stage === 'recovery' && !r)) {
      if (p.offset !== 0) throw badRequest(`A ${p.stage} of ${name} starts at offset 0, not ${p.offset}`);
      if (r?.state === 'finalized') {
        throw new HadoopError('DFS_REPLICA_EXISTS', `Block ${blockName(r)} is valid, and cannot be written to.`);
      }
      if (r) await ds.remove(r);
      r = await ds.create(p.blockId, p.genStamp, p.stage === 'transfer' ? 'temporary' : 'rbw');
    } else {
      if (!r) throw new HadoopError('DFS_REPLICA_NOT_FOUND', `Cannot ${p.stage} ${name}: no replica of blk_${p.blockId} on this DataNode`);
      if (r.numBytes !== p.offset) {
        throw new HadoopError('DFS_BAD_OFFSET', `Cannot ${p.stage} ${name} from offset ${p.offset}: the replica has ${r.numBytes} bytes`);
      }
      await ds.unfinalize(r);
      await ds.restamp(r, p.genStamp);
    }
    r.writer = writer;
    return r;
  });
}
