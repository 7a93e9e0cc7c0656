import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { HadoopError } from '../../common/errors';
import { RpcClient } from '../../common/http/rpc-client';
import { firstBadChunk } from '../protocol/checksum';
import { META_HEADER_LENGTH, decodeMetaHeader } from '../protocol/data-transfer';
import type { Block, BlockLocalPathInfo, DatanodeID } from '../protocol/types';
import { ChecksumError } from './block-reader';

/**
 * Short-circuit local reads, the client's half (Hadoop 1's BlockReaderLocal): when the replica
 * is on this host and dfs.client.read.shortcircuit is on, the DataNode says where the replica's
 * files are and the client reads them itself, checking every chunk against the meta file as a
 * read over HTTP would. Anything that stops it (the DataNode refuses, the files moved or cannot
 * be opened) is a LocalReadUnavailable, after which the same replica is read over HTTP; only a
 * checksum mismatch counts against the replica.
 */
export class LocalReadUnavailable extends HadoopError {
  constructor(
    message: string,
    /** The DataNode will not give local paths to this client at all (not this replica only). */
    readonly refused = false,
  ) {
    super('DFS_LOCAL_READ_UNAVAILABLE', message);
  }
}

/** Bytes read (and checked) per disk read: large, so per-read costs vanish; chunk-aligned. */
const READ_BYTES = 1 << 20;

async function localPathInfo(node: DatanodeID, block: Block, user: string, timeoutMs: number): Promise<BlockLocalPathInfo> {
  try {
    const rpc = new RpcClient(node.name, 'DataNode', timeoutMs);
    return await rpc.get<BlockLocalPathInfo>('/data/blockLocalPathInfo', { blockId: block.blockId, genStamp: block.genStamp, user });
  } catch (e) {
    const code = e instanceof HadoopError ? e.code : '';
    // a user not listed in dfs.block.local-path-access.user, or a DataNode without short-circuit reads
    const refused = code === 'FS_PERMISSION_DENIED' || code === 'RPC_UNKNOWN_METHOD';
    throw new LocalReadUnavailable(`No local path for blk_${block.blockId} from ${node.name}: ${(e as Error).message}`, refused);
  }
}

async function openReplica(info: BlockLocalPathInfo): Promise<{ data: FileHandle; meta: FileHandle }> {
  let data: FileHandle | undefined;
  try {
    data = await fs.promises.open(info.blockPath, 'r');
    return { data, meta: await fs.promises.open(info.metaPath, 'r') };
  } catch (e) {
    await data?.close();
    throw new LocalReadUnavailable(`Cannot open the files of blk_${info.block.blockId}: ${(e as Error).message}`);
  }
}

interface Piece {
  at: number;
  data: Buffer;
  sums: Buffer;
}

/**
 * [offset, offset + length) of a replica on this host, read from its files and verified, yielded
 * in order. Throws ChecksumError on a mismatch and LocalReadUnavailable when the files cannot be
 * read; the bytes yielded before either are good.
 */
export async function* readLocalBlockRange(
  node: DatanodeID,
  block: Block,
  offset: number,
  length: number,
  user: string,
  timeoutMs: number,
): AsyncGenerator<Buffer> {
  if (length <= 0) return;
  const info = await localPathInfo(node, block, user, timeoutMs);
  const end = offset + length;
  if (info.block.numBytes < end) {
    throw new LocalReadUnavailable(`blk_${block.blockId} on ${node.name} has ${info.block.numBytes} bytes, fewer than the ${end} to read`);
  }
  const files = await openReplica(info);
  let next: Promise<Piece> | null = null;
  try {
    const head = Buffer.alloc(META_HEADER_LENGTH);
    await files.meta.read(head, 0, META_HEADER_LENGTH, 0);
    const bpc = decodeMetaHeader(head, info.metaPath).bytesPerChecksum;
    const step = Math.max(1, Math.floor(READ_BYTES / bpc)) * bpc;
    const last = Math.min(info.block.numBytes, Math.ceil(end / bpc) * bpc);

    /** The chunks from `at` on, up to `step` bytes, with their CRCs. */
    const readPiece = async (at: number): Promise<Piece> => {
      const n = Math.min(step, last - at);
      const data = Buffer.allocUnsafe(n);
      const sums = Buffer.allocUnsafe(Math.ceil(n / bpc) * 4);
      const [d, s] = await Promise.all([files.data.read(data, 0, n, at), files.meta.read(sums, 0, sums.length, META_HEADER_LENGTH + (at / bpc) * 4)]);
      if (d.bytesRead !== n || s.bytesRead !== sums.length) {
        throw new LocalReadUnavailable(`blk_${block.blockId} on ${node.name} is shorter than its ${info.block.numBytes} bytes`);
      }
      return { at, data, sums };
    };

    let at = Math.floor(offset / bpc) * bpc;
    next = readPiece(at);
    while (next) {
      const p: Piece = await next;
      at = p.at + p.data.length;
      // the disk read of the next piece overlaps this one's CRC check
      next = at < last ? readPiece(at) : null;
      const bad = firstBadChunk([p.data], p.data.length, p.sums, bpc);
      if (bad >= 0) throw new ChecksumError(block, node.name, p.at + bad * bpc);
      const from = Math.max(offset - p.at, 0);
      const to = Math.min(end - p.at, p.data.length);
      if (to > from) yield p.data.subarray(from, to);
    }
  } catch (e) {
    if (e instanceof HadoopError) throw e;
    throw new LocalReadUnavailable(`Reading blk_${block.blockId} locally failed: ${(e as Error).message}`);
  } finally {
    await next?.catch(() => undefined);
    await Promise.allSettled([files.data.close(), files.meta.close()]);
  }
}
