import * as http from 'node:http';
import { HadoopError } from '../../common/errors';
import { ACK_SUCCESS, Ack, ackReader } from '../protocol/data-transfer';
import type { Block, DatanodeID } from '../protocol/types';
import { ChecksumError, drained, readReplica } from './block-sender';
import { DataNodeContext, blockName, toBlock } from './interfaces';

/**
 * A `transfer` command (Hadoop's DataNode.DataTransfer): this DataNode streams its finalized
 * replica to the targets, as a write pipeline of stage `transfer` (the first target forwards to
 * the others), and waits for the ack of the last packet from all of them. The targets report the
 * new replicas to the NameNode themselves.
 */
export async function transferReplica(ctx: DataNodeContext, block: Block, targets: DatanodeID[]): Promise<void> {
  const r = ctx.dataset.get(block.blockId);
  const me = ctx.id().name;
  if (!r || r.state !== 'finalized' || r.genStamp !== block.genStamp) {
    ctx.log.warn(`Can't send invalid block ${blockName(block)} to ${targets.map((t) => t.name).join(',')}: this DataNode has ${r ? `${blockName(r)} (${r.state})` : 'no replica'}`);
    return;
  }
  if (r.numBytes < block.numBytes) {
    ctx.log.warn(`Can't replicate block ${blockName(r)} because on-disk length ${r.numBytes} is shorter than NameNode recorded length ${block.numBytes}`);
    return;
  }
  if (targets.length === 0) return;
  const names = targets.map((t) => t.name).join(',');
  ctx.log.info(`${me} Starting thread to transfer block ${blockName(r)} to ${names}`);
  const stream = await readReplica(ctx, r, 0, r.numBytes);
  const q = new URLSearchParams({
    blockId: String(r.blockId),
    genStamp: String(r.genStamp),
    offset: '0',
    stage: 'transfer',
    clientName: '',
    source: me,
  });
  if (targets.length > 1) q.set('targets', targets.slice(1).map((t) => t.name).join(','));
  const req = http.request({
    host: targets[0].host,
    port: targets[0].port,
    method: 'POST',
    path: `/data/writeBlock?${q.toString()}`,
    agent: ctx.agent,
    headers: { 'content-type': 'application/octet-stream' },
  });
  const acked = waitForLastAck(req, stream.lastSeqno, targets.length, ctx.socketTimeoutMs);
  // a target that refuses or breaks ends the sending too
  acked.catch(() => req.destroy());
  try {
    for await (const buf of stream.batches) {
      if (req.destroyed) break;
      if (!req.write(buf)) await drained(req);
    }
    req.end();
    await acked;
    ctx.log.info(`${me}:Transmitted block ${blockName(r)} (${r.numBytes} bytes) to ${names}`);
  } catch (e) {
    req.destroy();
    if (e instanceof ChecksumError) {
      ctx.log.warn(`${e.message}: not sending it, reporting the replica to the NameNode`);
      await ctx.reports.reportBadBlock(toBlock(r), me);
      return;
    }
    throw new HadoopError('DFS_TRANSFER_FAILED', `${me}: failed to transfer ${blockName(r)} to ${names}: ${(e as Error).message}`);
  }
}

/** Resolves when the ack of the closing packet arrives with a SUCCESS from every target. */
function waitForLastAck(req: http.ClientRequest, lastSeqno: number, replies: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer for ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d.slice(0, 4096)));
        res.on('end', () => {
          let msg = `answered ${res.statusCode}`;
          try {
            msg = (JSON.parse(body) as { error: { message: string } }).error.message;
          } catch {
            // not our JSON: keep the status
          }
          reject(new Error(msg));
        });
        return;
      }
      const acks = ackReader();
      res.on('data', (chunk: Buffer) => {
        let got: Ack[];
        try {
          got = acks.push(chunk);
        } catch (e) {
          reject(e);
          return;
        }
        for (const a of got) {
          if (a.statuses.length < replies || a.statuses.some((s) => s !== ACK_SUCCESS)) {
            reject(new Error(`packet ${a.seqno} acked with statuses [${a.statuses.join(',')}]`));
            return;
          }
          if (a.seqno === lastSeqno) {
            req.setTimeout(0);
            resolve();
          }
        }
      });
      res.on('end', () => reject(new Error('the stream ended before the last ack')));
      res.on('error', reject);
    });
  });
}
