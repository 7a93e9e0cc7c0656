import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Request, Response } from 'express';
import { HadoopError } from '../../common/errors';
import { META_HEADER_LENGTH, PACKET_HEADER_LENGTH, decodeMetaHeader, encodePacket } from '../protocol/data-transfer';
import { firstBadChunk } from '../protocol/checksum';
import { DataNodeContext, Replica, blockName, toBlock } from './interfaces';
import { blockIdParam, intParam } from './params';

/**
 * Reading replicas (Hadoop's BlockSender): packets of the stored bytes with their stored CRCs,
 * from the chunk boundary at or before the offset asked for, each chunk verified against the
 * meta file as it is read. Reads go a batch of packets at a time straight into the buffer that
 * is sent (one readv for the bytes, one for the CRCs), so nothing is copied.
 */
export const READ_PACKET_CHUNKS = 128;
const PACKETS_PER_BATCH = 16;

export class ChecksumError extends HadoopError {
  constructor(
    readonly replica: Replica,
    readonly offset: number,
    where: string,
  ) {
    super('DFS_CHECKSUM_ERROR', `Checksum error in ${blockName(replica)} at offset ${offset} on ${where}`);
  }
}

export interface PacketStream {
  /** First byte sent (a chunk boundary) and the end of the bytes sent. */
  start: number;
  end: number;
  /** Seqno of the closing empty packet. */
  lastSeqno: number;
  batches: AsyncGenerator<Buffer>;
}

/** Packets of [offset, offset+length) of a replica, as it is now; throws ChecksumError on corrupt bytes. */
export async function readReplica(ctx: DataNodeContext, r: Replica, offset: number, length: number): Promise<PacketStream> {
  // what is on disk and checksummed now; a writer may go on extending the replica meanwhile
  const numBytes = r.numBytes;
  const lastCrc = r.lastChunkCrc;
  const files = await openFiles(ctx, r);
  let bpc: number;
  try {
    const head = Buffer.alloc(META_HEADER_LENGTH);
    await files.meta.read(head, 0, META_HEADER_LENGTH, 0);
    bpc = decodeMetaHeader(head, ctx.dataset.metaFile(r)).bytesPerChecksum;
    if (bpc <= 0 || bpc > 16 * 1024 * 1024) throw new HadoopError('DFS_BAD_META', `Bad bytesPerChecksum ${bpc} in the meta file of ${blockName(r)}`);
  } catch (e) {
    await closeAll(files);
    throw e;
  }
  const want = Math.min(numBytes, offset + length);
  // whole chunks around what was asked, so the reader can verify them (nothing for nothing)
  const start = want > offset ? Math.floor(offset / bpc) * bpc : offset;
  const end = want > offset ? Math.min(numBytes, Math.ceil(want / bpc) * bpc) : offset;
  const packetBytes = READ_PACKET_CHUNKS * bpc;
  const lastSeqno = Math.ceil(Math.max(0, end - start) / packetBytes);
  const where = ctx.id().name;

  interface Batch {
    pos: number;
    buf: Buffer;
    sizes: number[];
    frames: number[];
    datas: Buffer[];
    sums: Buffer[];
  }

  /** Reads the packets from pos on, as many as make one batch, straight into their frames. */
  async function readBatch(pos: number): Promise<Batch> {
    const sizes: number[] = [];
    for (let p = pos; p < end && sizes.length < PACKETS_PER_BATCH; p += packetBytes) sizes.push(Math.min(packetBytes, end - p));
    const frames = sizes.map((n) => PACKET_HEADER_LENGTH + Math.ceil(n / bpc) * 4 + n);
    const buf = Buffer.allocUnsafe(frames.reduce((a, b) => a + b, 0));
    const datas: Buffer[] = [];
    const sums: Buffer[] = [];
    let at = 0;
    for (let i = 0; i < sizes.length; i++) {
      const nsums = Math.ceil(sizes[i] / bpc) * 4;
      sums.push(buf.subarray(at + PACKET_HEADER_LENGTH, at + PACKET_HEADER_LENGTH + nsums));
      datas.push(buf.subarray(at + PACKET_HEADER_LENGTH + nsums, at + frames[i]));
      at += frames[i];
    }
    const dataLen = sizes.reduce((a, b) => a + b, 0);
    const sumLen = sums.reduce((a, b) => a + b.length, 0);
    const [got, gotSums] = await Promise.all([files.data.readv(datas, pos), files.meta.readv(sums, META_HEADER_LENGTH + (pos / bpc) * 4)]);
    if (got.bytesRead !== dataLen || gotSums.bytesRead !== sumLen) {
      throw new HadoopError('DFS_REPLICA_SHRANK', `${blockName(r)} on ${where} is shorter than its ${numBytes} bytes`);
    }
    if (pos + dataLen === numBytes && numBytes % bpc !== 0 && lastCrc !== null) {
      const last = sums[sums.length - 1];
      last.writeUInt32BE(lastCrc, last.length - 4);
    }
    return { pos, buf, sizes, frames, datas, sums };
  }

  async function* batches(): AsyncGenerator<Buffer> {
    let next: Promise<Batch> | null = start < end ? readBatch(start) : null;
    let seqno = 0;
    try {
      while (next) {
        const b = await next;
        let pos = b.pos;
        const after = pos + b.sizes.reduce((x, y) => x + y, 0);
        // the disk reads the next batch while this one is checked and sent
        next = after < end ? readBatch(after) : null;
        let at = 0;
        for (let i = 0; i < b.sizes.length; i++) {
          const bad = firstBadChunk([b.datas[i]], b.sizes[i], b.sums[i], bpc);
          if (bad >= 0) throw new ChecksumError(r, pos + bad * bpc, where);
          b.buf.writeInt32BE(b.frames[i] - 4, at);
          b.buf.writeBigInt64BE(BigInt(pos), at + 4);
          b.buf.writeBigInt64BE(BigInt(seqno++), at + 12);
          b.buf[at + 20] = 0;
          b.buf.writeInt32BE(b.sizes[i], at + 21);
          pos += b.sizes[i];
          at += b.frames[i];
        }
        yield b.buf;
      }
      yield encodePacket({ offsetInBlock: end, seqno, last: true, checksums: Buffer.alloc(0), data: Buffer.alloc(0) });
    } finally {
      await next?.catch(() => undefined);
      await closeAll(files);
    }
  }
  return { start, end, lastSeqno, batches: batches() };
}

async function openFiles(ctx: DataNodeContext, r: Replica): Promise<{ data: FileHandle; meta: FileHandle }> {
  // the replica may move (finalized, re-stamped) between looking it up and opening: look again
  for (let attempt = 0; ; attempt++) {
    let data: FileHandle | undefined;
    try {
      data = await fs.promises.open(ctx.dataset.blockFile(r), 'r');
      const meta = await fs.promises.open(ctx.dataset.metaFile(r), 'r');
      return { data, meta };
    } catch (e) {
      await data?.close();
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 2) throw e;
    }
  }
}

async function closeAll(files: { data: FileHandle; meta: FileHandle }): Promise<void> {
  await Promise.allSettled([files.data.close(), files.meta.close()]);
}

/** Waits until the stream takes more bytes, or is closed. */
export function drained(stream: NodeJS.WritableStream & { destroyed?: boolean }): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.removeListener('drain', done);
      stream.removeListener('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** `GET /data/readBlock?blockId=&genStamp=&offset=&length=` */
export async function serveReadBlock(ctx: DataNodeContext, req: Request, res: Response): Promise<void> {
  const q = req.query as Record<string, unknown>;
  const blockId = blockIdParam(q);
  const genStamp = intParam(q, 'genStamp', { optional: true });
  const offset = intParam(q, 'offset', { optional: true }) ?? 0;
  const length = intParam(q, 'length', { optional: true }) ?? Number.MAX_SAFE_INTEGER;
  const r = findReplica(ctx, blockId, genStamp);
  if (offset > r.numBytes) {
    throw new HadoopError('DFS_BAD_OFFSET', `Offset ${offset} is past the end of ${blockName(r)} (${r.numBytes} bytes)`);
  }
  let stream: PacketStream | null = null;
  try {
    stream = await readReplica(ctx, r, offset, Math.min(length, Number.MAX_SAFE_INTEGER - offset));
    ctx.metrics.blocksRead++;
    res.on('error', () => undefined);
    for await (const buf of stream.batches) {
      if (res.destroyed) break;
      if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
      if (!res.write(buf)) await drained(res);
    }
    if (!res.destroyed) res.end();
  } catch (e) {
    if (e instanceof ChecksumError) {
      ctx.log.warn(`${e.message}: reporting the replica to the NameNode`);
      void ctx.reports.reportBadBlock(toBlock(r), ctx.id().name);
    }
    if (!res.headersSent) throw e;
    ctx.log.warn(`Read of ${blockName(r)} stopped: ${(e as Error).message}`);
    res.destroy();
  }
}

export function findReplica(ctx: DataNodeContext, blockId: number, genStamp?: number): Replica {
  const r = ctx.dataset.get(blockId);
  if (!r) throw new HadoopError('DFS_REPLICA_NOT_FOUND', `Replica blk_${blockId} not found on ${ctx.id().name}`);
  if (genStamp !== undefined && r.genStamp < genStamp) {
    throw new HadoopError('DFS_REPLICA_NOT_FOUND', `Replica blk_${blockId}_${genStamp} not found on ${ctx.id().name}: it has the older ${blockName(r)}`);
  }
  return r;
}

/** `GET /data/blockInfo?blockId=` -> { block, finalized } */
export function serveBlockInfo(ctx: DataNodeContext, req: Request, res: Response): void {
  const r = findReplica(ctx, blockIdParam(req.query as Record<string, unknown>));
  res.json({ block: toBlock(r), finalized: r.state === 'finalized' });
}
