import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';
import type { Log } from '../../common/log';
import { META_HEADER_LENGTH, decodeMetaHeader, encodeMetaHeader } from '../protocol/data-transfer';
import { Block, blockFileName, metaFileName } from '../protocol/types';
import { Replica, ReplicaState, blockName, toBlock } from './interfaces';
import type { DataStorage, ScannedReplica } from './storage';

/**
 * The replicas of one DataNode (Hadoop's FSDataset): an in-memory map from block id to replica,
 * rebuilt from the volumes at start, and every change of a replica's files. Changes to one block
 * are serialized (withLock); readers open the files without the lock and cope with a move.
 */
export class FSDataset {
  private readonly replicas = new Map<number, Replica>();
  private readonly locks = new Map<number, Promise<unknown>>();

  private constructor(
    readonly storage: DataStorage,
    readonly bytesPerChecksum: number,
    private readonly blockSize: number,
    private readonly log: Log,
  ) {}

  static async load(storage: DataStorage, opts: { bytesPerChecksum: number; blockSize: number; log: Log }): Promise<FSDataset> {
    const ds = new FSDataset(storage, opts.bytesPerChecksum, opts.blockSize, opts.log);
    for (const vol of storage.volumes) {
      for (const s of await vol.scanFinalized(opts.log)) ds.adopt(s, 'finalized', vol.root, s.blockBytes);
      for (const s of await vol.scanBeingWritten(opts.log)) {
        const r = ds.adopt(s, 'rbw', vol.root, s.blockBytes);
        if (r) await ds.recoverLength(r, s);
      }
    }
    const finalized = [...ds.replicas.values()].filter((r) => r.state === 'finalized').length;
    opts.log.info(`Loaded ${finalized} finalized replicas and ${ds.replicas.size - finalized} being written from ${storage.volumes.map((v) => v.root).join(',')}`);
    return ds;
  }

  private adopt(s: ScannedReplica, state: ReplicaState, volume: string, numBytes: number): Replica | null {
    const old = this.replicas.get(s.blockId);
    if (old && old.genStamp >= s.genStamp) {
      this.log.warn(`Two replicas of blk_${s.blockId}: keeping ${blockName(old)} in ${old.dir}, ignoring the one in ${s.dir}`);
      return null;
    }
    const r: Replica = { blockId: s.blockId, genStamp: s.genStamp, numBytes, lastChunkCrc: null, state, volume, dir: s.dir, writer: null };
    this.replicas.set(s.blockId, r);
    return r;
  }

  /**
   * A replica being written when the DataNode stopped may have bytes without checksums or a
   * torn last chunk: keep the longest prefix whose last chunk verifies, and cut the files to it.
   */
  private async recoverLength(r: Replica, s: ScannedReplica): Promise<void> {
    const bpc = await this.metaBytesPerChecksum(r);
    const chunks = Math.max(0, Math.floor((s.metaBytes - META_HEADER_LENGTH) / 4));
    let len = Math.min(s.blockBytes, chunks * bpc);
    if (len > 0) {
      const start = Math.floor((len - 1) / bpc) * bpc;
      const data = await readAt(this.blockFile(r), start, len - start);
      const crc = await readAt(this.metaFile(r), META_HEADER_LENGTH + (start / bpc) * 4, 4);
      if (data.length !== len - start || crc.length !== 4 || (zlib.crc32(data) >>> 0) !== crc.readUInt32BE(0)) len = start;
    }
    if (len !== s.blockBytes || s.metaBytes !== metaLength(len, bpc)) {
      this.log.info(`Recovered ${blockName(r)} being written to ${len} bytes (block file ${s.blockBytes}, meta file ${s.metaBytes} bytes)`);
      await this.truncate(r, len);
    }
    r.numBytes = len;
  }

  get(blockId: number): Replica | undefined {
    return this.replicas.get(blockId);
  }

  blockFile(r: Replica): string {
    return path.join(r.dir, blockFileName(r.blockId));
  }

  metaFile(r: Replica): string {
    return path.join(r.dir, metaFileName(r.blockId, r.genStamp));
  }

  async metaBytesPerChecksum(r: Replica): Promise<number> {
    const file = this.metaFile(r);
    return decodeMetaHeader(await readAt(file, 0, META_HEADER_LENGTH), file).bytesPerChecksum;
  }

  /** Serializes changes to one block's replica. */
  async withLock<T>(blockId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(blockId) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(blockId, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(blockId) === tail) this.locks.delete(blockId);
    }
  }

  finalizedBlocks(): Block[] {
    const out: Block[] = [];
    for (const r of this.replicas.values()) if (r.state === 'finalized') out.push(toBlock(r));
    return out;
  }

  all(): Replica[] {
    return [...this.replicas.values()];
  }

  /** Bytes of block and meta files (counted, not walked: du would be slow on large disks). */
  dfsUsed(volume?: string): number {
    let used = 0;
    for (const r of this.replicas.values()) {
      if (volume === undefined || r.volume === volume) used += r.numBytes + metaLength(r.numBytes, this.bytesPerChecksum);
    }
    return used;
  }

  /** A new, empty replica: a block file and a meta file holding only its header. */
  async create(blockId: number, genStamp: number, state: 'rbw' | 'temporary'): Promise<Replica> {
    const vol = this.storage.chooseVolume(this.blockSize);
    const dir = state === 'rbw' ? vol.rbw : vol.tmp;
    const r: Replica = { blockId, genStamp, numBytes: 0, lastChunkCrc: null, state, volume: vol.root, dir, writer: null };
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.writeFile(this.blockFile(r), Buffer.alloc(0));
    await fs.promises.writeFile(this.metaFile(r), encodeMetaHeader(this.bytesPerChecksum));
    this.replicas.set(blockId, r);
    return r;
  }

  /** Moves a finalized replica back to blocksBeingWritten/ (append, pipeline recovery). */
  async unfinalize(r: Replica): Promise<void> {
    if (r.state !== 'finalized') return;
    const vol = this.storage.volumeOf(r.volume);
    const old = r.dir;
    await this.move(r, vol.rbw);
    vol.released(old);
    r.state = 'rbw';
  }

  /** Gives the replica a new generation stamp (renames its meta file). */
  async restamp(r: Replica, genStamp: number): Promise<void> {
    if (genStamp === r.genStamp) return;
    await fs.promises.rename(this.metaFile(r), path.join(r.dir, metaFileName(r.blockId, genStamp)));
    r.genStamp = genStamp;
  }

  /** Moves a complete replica into current/. */
  async finalize(r: Replica): Promise<void> {
    if (r.state === 'finalized') return;
    if (this.replicas.get(r.blockId) !== r) {
      throw new HadoopError('DFS_REPLICA_NOT_FOUND', `Cannot finalize ${blockName(r)}: the replica was deleted while being written`);
    }
    const vol = this.storage.volumeOf(r.volume);
    const dir = await vol.place();
    await this.move(r, dir);
    r.state = 'finalized';
  }

  private async move(r: Replica, dir: string): Promise<void> {
    await fs.promises.mkdir(dir, { recursive: true });
    const from = { block: this.blockFile(r), meta: this.metaFile(r) };
    await fs.promises.rename(from.block, path.join(dir, blockFileName(r.blockId)));
    await fs.promises.rename(from.meta, path.join(dir, metaFileName(r.blockId, r.genStamp)));
    r.dir = dir;
  }

  /** Cuts the replica to newLength bytes, its meta file to match, and re-checksums a partial last chunk. */
  async truncate(r: Replica, newLength: number): Promise<void> {
    const bpc = await this.metaBytesPerChecksum(r);
    await fs.promises.truncate(this.blockFile(r), newLength);
    await fs.promises.truncate(this.metaFile(r), metaLength(newLength, bpc));
    r.lastChunkCrc = null;
    if (newLength % bpc !== 0) {
      const start = newLength - (newLength % bpc);
      const crc = Buffer.allocUnsafe(4);
      crc.writeUInt32BE(zlib.crc32(await readAt(this.blockFile(r), start, newLength - start)) >>> 0, 0);
      const fh = await fs.promises.open(this.metaFile(r), 'r+');
      try {
        await fh.write(crc, 0, 4, META_HEADER_LENGTH + (start / bpc) * 4);
      } finally {
        await fh.close();
      }
    }
    r.numBytes = newLength;
  }

  /** Deletes the replica's files and forgets it. */
  async remove(r: Replica): Promise<void> {
    if (this.replicas.get(r.blockId) === r) this.replicas.delete(r.blockId);
    await fs.promises.rm(this.blockFile(r), { force: true });
    await fs.promises.rm(this.metaFile(r), { force: true });
    if (r.state === 'finalized') this.storage.volumeOf(r.volume).released(r.dir);
  }

  /**
   * Deletes replicas the NameNode no longer wants (not one with a newer stamp than asked);
   * a write in progress on one is stopped first. Returns the replicas deleted.
   */
  async invalidate(blocks: Block[]): Promise<Block[]> {
    const deleted: Block[] = [];
    for (const b of blocks) {
      await this.withLock(b.blockId, async () => {
        const r = this.replicas.get(b.blockId);
        if (!r) {
          this.log.warn(`Unexpected error trying to delete block ${blockName(b)}. BlockInfo not found in volumeMap.`);
          return;
        }
        if (r.genStamp > b.genStamp) {
          this.log.warn(`Not deleting ${blockName(r)}: the NameNode asked to delete the older ${blockName(b)}`);
          return;
        }
        if (r.writer) await r.writer.abort('the NameNode deleted the block');
        this.log.info(`Deleting block ${blockName(r)} file ${this.blockFile(r)}`);
        await this.remove(r);
        deleted.push(toBlock(r));
      });
    }
    return deleted;
  }
}

/** Length of the meta file of a replica of `length` bytes. */
export function metaLength(length: number, bytesPerChecksum: number): number {
  return META_HEADER_LENGTH + Math.ceil(length / bytesPerChecksum) * 4;
}

/** Up to n bytes of a file from position. */
export async function readAt(file: string, position: number, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
