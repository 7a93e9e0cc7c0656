import type { Request, Response } from 'express';
import { HadoopError } from '../../common/errors';
import { badRequest, field } from '../../common/http/json-server';
import { Block, isValidBlockId } from '../protocol/types';
import { DataNodeContext, blockName, toBlock } from './interfaces';
import { intField } from './params';

/**
 * `POST /rpc/updateReplica { block, newGenStamp, newLength }` -> { block }: the replica is cut to
 * newLength (its meta file with it, the last partial chunk re-checksummed), given the new
 * generation stamp and finalized. The client calls it on the survivors of a broken pipeline
 * and the NameNode on the holders of a block whose writer died (lease recovery). A write still
 * running on the replica is stopped first. Asking again with the same values is a no-op.
 */
export async function serveUpdateReplica(ctx: DataNodeContext, req: Request, res: Response): Promise<void> {
  const b = field<Record<string, unknown>>(req.body, 'block', 'object');
  const blockId = b.blockId;
  if (!isValidBlockId(blockId)) throw badRequest(`Invalid block id '${String(blockId).slice(0, 64)}': block ids are positive integers`);
  const genStamp = intField(b, 'genStamp');
  const newGenStamp = intField(req.body, 'newGenStamp');
  const newLength = intField(req.body, 'newLength');
  const block = await updateReplica(ctx, { blockId, genStamp, numBytes: 0 }, newGenStamp, newLength);
  res.json({ block });
}

export async function updateReplica(ctx: DataNodeContext, b: Block, newGenStamp: number, newLength: number): Promise<Block> {
  const ds = ctx.dataset;
  const asked = `blk_${b.blockId}_${newGenStamp} (${newLength} bytes)`;
  if (newGenStamp < b.genStamp) throw badRequest(`Cannot update ${blockName(b)} to the older generation stamp ${newGenStamp}`);
  const result = await ds.withLock(b.blockId, async () => {
    const r = ds.get(b.blockId);
    if (!r) throw new HadoopError('DFS_REPLICA_NOT_FOUND', `Cannot recover ${blockName(b)}: replica not found on ${ctx.id().name}`);
    if (r.genStamp > newGenStamp) {
      throw new HadoopError('DFS_STALE_GENSTAMP', `Cannot update ${blockName(r)} to ${asked}: the replica's stamp is newer`);
    }
    if (r.genStamp < b.genStamp) {
      throw new HadoopError('DFS_STALE_GENSTAMP', `Cannot update ${blockName(r)} to ${asked}: the replica is older than ${blockName(b)}`);
    }
    if (r.writer) await r.writer.abort(`recovery of ${blockName(r)} to ${asked}`);
    if (r.genStamp === newGenStamp && r.numBytes === newLength && r.state === 'finalized') return { block: toBlock(r), changed: false };
    if (newLength > r.numBytes) {
      throw new HadoopError('DFS_BAD_LENGTH', `Cannot update ${blockName(r)} to ${asked}: the replica has only ${r.numBytes} bytes`);
    }
    const from = `${blockName(r)} (${r.numBytes} bytes, ${r.state})`;
    if (newLength !== r.numBytes) await ds.truncate(r, newLength);
    await ds.restamp(r, newGenStamp);
    await ds.finalize(r);
    ctx.log.info(`Updated replica ${from} to ${blockName(r)} (${r.numBytes} bytes, finalized)`);
    return { block: toBlock(r), changed: true };
  });
  if (result.changed) await ctx.reports.blockReceived(result.block);
  return result.block;
}
