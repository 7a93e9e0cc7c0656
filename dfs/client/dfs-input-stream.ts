import * as os from 'node:os';
import { Readable } from 'node:stream';
import { HadoopError } from '../../common/errors';
import { userName } from '../../common/fs/filesystem';
import { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { DatanodeID, LocatedBlock, LocatedBlocks } from '../protocol/types';
import { ChecksumError, readBlockRange } from './block-reader';
import { LocalReadUnavailable, readLocalBlockRange } from './block-reader-local';
import { DFSClient, sleep } from './dfs-client';

const log = getLog('hdfs.DFSInputStream');

/** Times a block's locations are fetched again after every replica failed (Hadoop's default 3). */
const MAX_BLOCK_ACQUIRE_FAILURES = 3;

let localNames: Set<string> | null = null;

function isLocal(host: string): boolean {
  if (!localNames) {
    localNames = new Set(['localhost', os.hostname()]);
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) localNames.add(a.address);
  }
  return localNames.has(host) || host.startsWith('127.');
}

/** Replicas on this host first, the NameNode's order otherwise. */
export function closestFirst(locations: DatanodeID[]): DatanodeID[] {
  return [...locations.filter((l) => isLocal(l.host)), ...locations.filter((l) => !isLocal(l.host))];
}

/**
 * A file being read: a Node Readable over the file's blocks. Each block is read from its closest
 * replica with every chunk's CRC checked; when a DataNode fails or a checksum does not match,
 * the bad replica is reported (reportBadBlocks) and the read goes on from another replica at
 * the same offset. With dfs.client.read.shortcircuit, a replica on this host is read from its
 * files (block-reader-local.ts), falling back to HTTP from the same DataNode when it cannot be.
 */
export class DFSInputStream extends Readable {
  private readonly blockBytes: AsyncGenerator<Buffer>;
  private pumping = false;
  private readonly bpc: number;
  private readonly timeoutMs: number;
  private readonly shortCircuit: boolean;

  constructor(
    private readonly client: DFSClient,
    private readonly path: string,
    private readonly start: number,
    private readonly end: number | undefined,
    /** The first batch of locations, fetched by the caller so open() fails early. */
    private located: LocatedBlocks,
  ) {
    super({ highWaterMark: 1 << 16 });
    this.bpc = client.conf.getInt('io.bytes.per.checksum');
    this.timeoutMs = client.conf.getInt('dfs.socket.timeout', 60000);
    this.shortCircuit = client.conf.getBoolean('dfs.client.read.shortcircuit');
    this.blockBytes = this.bytes();
  }

  override _read(): void {
    if (this.pumping) return;
    this.pumping = true;
    this.pump().then(
      () => (this.pumping = false),
      (e: Error) => this.destroy(e),
    );
  }

  private async pump(): Promise<void> {
    for (;;) {
      const { value, done } = await this.blockBytes.next();
      if (this.destroyed) return;
      if (done) {
        this.push(null);
        return;
      }
      if (!this.push(value)) return;
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.blockBytes.return(undefined).then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async *bytes(): AsyncGenerator<Buffer> {
    const fileEnd = Math.min(this.end ?? this.located.fileLength, this.located.fileLength);
    let pos = this.start;
    while (pos < fileEnd) {
      let lb = this.blockAt(pos);
      if (!lb) {
        await this.fetchLocations(pos, fileEnd - pos);
        lb = this.blockAt(pos);
        if (!lb) throw new HadoopError('DFS_READ', `No block of ${this.path} covers offset ${pos}`);
      }
      const blockEnd = Math.min(lb.offset + lb.block.numBytes, fileEnd);
      const dead = new Set<string>();
      // DataNodes whose copy of this block could not be read locally
      const httpOnly = new Set<string>();
      let failures = 0;
      while (pos < blockEnd) {
        const node = closestFirst(lb.locations).find((n) => !dead.has(n.name));
        if (!node) {
          if (++failures > MAX_BLOCK_ACQUIRE_FAILURES) {
            throw new HadoopError('DFS_MISSING_BLOCK', `Could not obtain block: blk_${lb.block.blockId}_${lb.block.genStamp} file=${this.path}`);
          }
          log.info(`No live replica of blk_${lb.block.blockId} of ${this.path}; fetching its locations again (${failures})`);
          await sleep(500 * failures);
          await this.fetchLocations(lb.offset, fileEnd - lb.offset);
          lb = this.blockAt(pos) ?? lb;
          dead.clear();
          continue;
        }
        const local = this.shortCircuit && isLocal(node.host) && !this.client.noLocalReads.has(node.name) && !httpOnly.has(node.name);
        const offset = pos - lb.offset;
        try {
          const reader = local
            ? readLocalBlockRange(node, lb.block, offset, blockEnd - pos, userName(), this.timeoutMs)
            : readBlockRange(node, lb.block, offset, blockEnd - pos, this.bpc, this.timeoutMs);
          for await (const data of reader) {
            pos += data.length;
            yield data;
          }
        } catch (e) {
          if (e instanceof LocalReadUnavailable) {
            if (e.refused) {
              log.warn(`${e.message}; short-circuit reads from ${node.name} are off for this client`);
              this.client.noLocalReads.add(node.name);
            } else {
              log.debug(`${e.message}; reading it over HTTP`);
              httpOnly.add(node.name);
            }
            continue;
          }
          dead.add(node.name);
          if (e instanceof ChecksumError) {
            log.warn(`${e.message} of ${this.path}; reporting it and reading another replica`);
            await this.client
              .call('reportBadBlocks', { blocks: [{ block: lb.block, datanode: node.name }] })
              .catch((r: unknown) => log.warn(`reportBadBlocks failed: ${(r as Error).message}`));
          } else {
            log.warn(`${(e as Error).message}; trying another replica`);
          }
        }
      }
    }
  }

  private blockAt(pos: number): LocatedBlock | undefined {
    return this.located.blocks.find((b) => b.offset <= pos && pos < b.offset + b.block.numBytes);
  }

  private async fetchLocations(offset: number, length: number): Promise<void> {
    const { located } = await this.client.call('getBlockLocations', { path: this.path, offset, length });
    // the block being written keeps the length its DataNodes gave when the file was opened
    const known = new Map(this.located.blocks.map((b) => [b.block.blockId, b.block.numBytes]));
    const blocks = withLastBlock(located).map((b) => {
      const n = known.get(b.block.blockId) ?? 0;
      return n > b.block.numBytes ? { ...b, block: { ...b.block, numBytes: n } } : b;
    });
    this.located = { ...located, blocks, fileLength: this.located.fileLength };
  }
}

/**
 * The blocks a reader sees. For a file still being written, the NameNode does not know how much
 * of the last block its writer has flushed, so the DataNodes holding it are asked (as Hadoop 1's
 * DFSInputStream does): what a writer hflushed is readable before close.
 */
export async function readableBlocks(located: LocatedBlocks, timeoutMs: number): Promise<LocatedBlocks> {
  const blocks = withLastBlock(located);
  const last = located.lastBlock;
  if (!located.underConstruction || !last) return { ...located, blocks };
  let visible = last.block.numBytes;
  for (const node of closestFirst(last.locations)) {
    try {
      const info = await new RpcClient(node.name, 'DataNode', timeoutMs).get<{ block: { numBytes: number } }>('/data/blockInfo', { blockId: last.block.blockId });
      visible = Math.max(visible, info.block.numBytes);
      break;
    } catch (e) {
      log.warn(`Cannot get the length of blk_${last.block.blockId} from ${node.name}: ${(e as Error).message}`);
    }
  }
  return {
    ...located,
    blocks: blocks.map((b) => (b.block.blockId === last.block.blockId ? { ...b, block: { ...b.block, numBytes: visible } } : b)),
    fileLength: Math.max(located.fileLength, last.offset + visible),
  };
}

/** The blocks of a LocatedBlocks, with the block under construction when it is listed apart. */
export function withLastBlock(located: LocatedBlocks): LocatedBlock[] {
  const blocks = [...located.blocks];
  const last = located.lastBlock;
  if (last && !blocks.some((b) => b.block.blockId === last.block.blockId)) blocks.push(last);
  return blocks;
}
