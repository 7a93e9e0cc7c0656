import { describeError } from '../../../common/errors';
import { readBlockRange } from '../../client/block-reader';
import { withLastBlock } from '../../client/dfs-input-stream';
import type { NameNode } from '../namenode';

/** How much of a file its page shows: Hadoop's browser showed the first (and last) KB. */
export const FIRST_BYTES = 1024;
/** A page should not hang on a slow DataNode for the full dfs.socket.timeout. */
const READ_TIMEOUT_MS = 10000;

/**
 * The first `limit` bytes of a file, read from its DataNodes over HTTP with the DFS client's own
 * block reader (every chunk's checksum verified). Each block is tried on its replicas in turn;
 * when none answers, the error says which block and why, and the page shows that line instead.
 */
export async function readFirstBytes(nn: NameNode, path: string, limit = FIRST_BYTES): Promise<{ bytes: Buffer } | { error: string }> {
  const located = nn.namesystem.getBlockLocations(path, 0, limit, '');
  const bytesPerChecksum = nn.conf.getInt('io.bytes.per.checksum');
  const timeoutMs = Math.min(READ_TIMEOUT_MS, nn.conf.getInt('dfs.socket.timeout'));
  const parts: Buffer[] = [];
  let have = 0;
  for (const lb of withLastBlock(located)) {
    if (have >= limit) break;
    const length = Math.min(limit - have, lb.block.numBytes);
    if (length <= 0) continue;
    let failure = `blk_${lb.block.blockId} has no live replica`;
    let got: Buffer[] | null = null;
    for (const node of lb.locations) {
      try {
        const chunks: Buffer[] = [];
        for await (const c of readBlockRange(node, lb.block, 0, length, bytesPerChecksum, timeoutMs)) chunks.push(c);
        got = chunks;
        break;
      } catch (e) {
        failure = describeError(e);
      }
    }
    if (!got) return { error: `Cannot read the first bytes of ${path}: ${failure}` };
    for (const c of got) parts.push(c);
    have += length;
  }
  return { bytes: Buffer.concat(parts).subarray(0, limit) };
}
