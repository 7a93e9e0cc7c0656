import * as http from 'node:http';
import { HadoopError } from '../../common/errors';
import { packetReader, verifyChecksums } from '../protocol/data-transfer';
import type { Block, DatanodeID } from '../protocol/types';
import { dataAgent } from './pipeline-connection';

/** A replica whose bytes do not match their checksums: the caller reports it and moves on. */
export class ChecksumError extends HadoopError {
  constructor(
    readonly block: Block,
    readonly datanode: string,
    readonly offset: number,
  ) {
    super('DFS_CHECKSUM', `Checksum error: blk_${block.blockId} at ${offset} on ${datanode}`);
  }
}

function openRead(node: DatanodeID, block: Block, offset: number, length: number, timeoutMs: number): Promise<http.IncomingMessage> {
  const query = new URLSearchParams({
    blockId: String(block.blockId),
    genStamp: String(block.genStamp),
    offset: String(offset),
    length: String(length),
  });
  return new Promise((resolve, reject) => {
    const req = http.get({ host: node.host, port: node.port, path: `/data/readBlock?${query}`, agent: dataAgent });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new HadoopError('DFS_READ', `Cannot read blk_${block.blockId} from ${node.name}: ${e.message}`)));
    req.on('response', (res) => {
      if (res.statusCode === 200) {
        resolve(res);
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body.length < 4096 ? (body += d) : undefined));
      res.on('error', () => undefined);
      res.on('end', () => {
        let msg = `HTTP ${res.statusCode}`;
        let code = '';
        try {
          const err = (JSON.parse(body) as { error: { code: string; message: string } }).error;
          msg = err.message ?? msg;
          code = err.code ?? '';
        } catch {
          // keep the status
        }
        // the DataNode checks its replica before sending: its own checksum error is a corrupt replica too
        if (code === 'DFS_CHECKSUM_ERROR') reject(new ChecksumError(block, node.name, offset));
        else reject(new HadoopError('DFS_READ', `Cannot read blk_${block.blockId} from ${node.name}: ${msg}`));
      });
    });
  });
}

/**
 * Reads [offset, offset + length) of a replica from one DataNode (`GET /data/readBlock`),
 * verifying every chunk's CRC32, and yields the bytes in order. Throws ChecksumError on a
 * mismatch and DFS_READ when the DataNode fails or the stream ends early; the bytes yielded
 * before that are good.
 */
export async function* readBlockRange(
  node: DatanodeID,
  block: Block,
  offset: number,
  length: number,
  bytesPerChecksum: number,
  timeoutMs: number,
): AsyncGenerator<Buffer> {
  if (length <= 0) return;
  const res = await openRead(node, block, offset, length, timeoutMs);
  const packets = packetReader(bytesPerChecksum);
  const end = offset + length;
  let pos = offset;
  let sawLast = false;
  try {
    for await (const chunk of res) {
      for (const p of packets.push(chunk as Buffer)) {
        if (p.last || p.data.length === 0) {
          sawLast = true;
          continue;
        }
        const bad = verifyChecksums(p.data, p.checksums, bytesPerChecksum);
        if (bad >= 0) throw new ChecksumError(block, node.name, p.offsetInBlock + bad * bytesPerChecksum);
        const pStart = p.offsetInBlock;
        const pEnd = pStart + p.data.length;
        if (pStart > pos) {
          throw new HadoopError('DFS_READ', `blk_${block.blockId} from ${node.name}: expected data at ${pos}, got a packet at ${pStart}`);
        }
        if (pEnd <= pos || pos >= end) continue;
        const slice = p.data.subarray(pos - pStart, Math.min(pEnd, end) - pStart);
        pos += slice.length;
        yield slice;
      }
    }
  } catch (e) {
    if (e instanceof HadoopError) throw e;
    throw new HadoopError('DFS_READ', `Reading blk_${block.blockId} from ${node.name} failed: ${(e as Error).message}`);
  } finally {
    // a stream read to its last packet leaves the keep-alive socket reusable
    if (!sawLast) res.destroy();
  }
  if (pos < end) {
    throw new HadoopError('DFS_READ', `blk_${block.blockId} from ${node.name} ended at ${pos} of ${end} bytes`);
  }
}
