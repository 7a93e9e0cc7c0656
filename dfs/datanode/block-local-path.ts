import type { Request, Response } from 'express';
import { HadoopError } from '../../common/errors';
import type { BlockLocalPathInfo } from '../protocol/types';
import { blockName, DataNodeContext, toBlock } from './interfaces';
import { findReplica } from './block-sender';
import { blockIdParam, intParam, stringParam } from './params';

/**
 * Short-circuit local reads, the DataNode's half (Hadoop 1's getBlockLocalPathInfo, HDFS-2246):
 * a client on this host asks where a finalized replica's two files are, and reads them itself
 * instead of having the bytes sent over HTTP. Only users listed in
 * dfs.block.local-path-access.user are told; anyone else gets a 403 and reads over HTTP.
 * Replicas still being written are never handed out: their length and last chunk CRC move.
 *
 * `GET /data/blockLocalPathInfo?blockId=&genStamp=&user=` -> BlockLocalPathInfo
 */
export function serveBlockLocalPathInfo(ctx: DataNodeContext, req: Request, res: Response): void {
  const q = req.query as Record<string, unknown>;
  const blockId = blockIdParam(q);
  const genStamp = intParam(q, 'genStamp', { optional: true });
  const user = stringParam(q, 'user') ?? '';
  if (!ctx.conf.getStrings('dfs.block.local-path-access.user').includes(user)) {
    throw new HadoopError('FS_PERMISSION_DENIED', `User '${user.slice(0, 64)}' may not read block files directly (dfs.block.local-path-access.user)`);
  }
  const r = findReplica(ctx, blockId, genStamp);
  if (r.state !== 'finalized') throw new HadoopError('DFS_REPLICA_NOT_FINALIZED', `${blockName(r)} is still being written`);
  const info: BlockLocalPathInfo = { block: toBlock(r), blockPath: ctx.dataset.blockFile(r), metaPath: ctx.dataset.metaFile(r) };
  ctx.metrics.blockLocalPathInfos++;
  res.json(info);
}
