import { Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { HadoopError, isHadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import { PACKET_HEADER_LENGTH, type Ack } from '../protocol/data-transfer';
import type { Block, DatanodeID, LocatedBlock } from '../protocol/types';
import { DFSClient, sleep } from './dfs-client';
import { PipelineConnection, type Stage } from './pipeline-connection';
import { recoverPipeline } from './pipeline-recovery';

const log = getLog('hdfs.DFSOutputStream');

/** Packets sent but not acked yet, at most (Hadoop keeps 80 in its data and ack queues). */
const MAX_IN_FLIGHT = 80;
/** Pipeline recoveries of one block before the write fails. */
const MAX_RECOVERIES = 5;
/** New pipelines for a block that nothing reached yet (abandon and allocate again). */
const MAX_BLOCK_ALLOCATIONS = 3;

interface OutPacket {
  seqno: number;
  offsetInBlock: number;
  dataLength: number;
  last: boolean;
  frame: Buffer;
}

export interface OutputStreamOptions {
  path: string;
  replication: number;
  blockSize: number;
  /** For append: the file's last block when it is partial (the stream continues it). */
  lastBlock?: LocatedBlock | null;
  /** For append: the file's length when the stream opens. */
  length?: number;
}

/**
 * A file being written: a Node Writable that cuts the bytes into packets of
 * dfs.write.packet.size (whole io.bytes.per.checksum chunks, each with its CRC32), asks the
 * NameNode for each block and its pipeline, streams packets down the pipeline and keeps them in
 * an ack queue until every DataNode has them. A broken pipeline is rebuilt from the DataNodes
 * that survive and the unacked packets are sent again, so the write goes on. The file becomes
 * visible as complete when `end()` finishes (the NameNode's complete returns true).
 */
export class DFSOutputStream extends Writable {
  private readonly path: string;
  private readonly bpc: number;
  private readonly maxChunks: number;
  private readonly blockSize: number;
  private readonly timeoutMs: number;

  private buf: Buffer;
  private bufLen = 0;
  private seqno = 0;

  /** The block being written, its pipeline and the bytes of it sent so far. */
  private block: Block | null = null;
  private pipeline: DatanodeID[] = [];
  private blockOffset = 0;
  private ackedBytes = 0;
  private conn: PipelineConnection | null = null;
  private readonly ackQueue: OutPacket[] = [];
  private recoveries = 0;
  /** The last block finished (what addBlock and complete are told). */
  private previous: Block | null = null;
  private readonly excluded = new Set<string>();

  private pipelineError: { error: Error; badIndex: number } | null = null;
  private wake: (() => void) | null = null;
  private leaseHeld = true;

  constructor(
    private readonly client: DFSClient,
    options: OutputStreamOptions,
  ) {
    const conf = client.conf;
    const bpc = conf.getInt('io.bytes.per.checksum');
    const packetSize = conf.getInt('dfs.write.packet.size');
    const maxChunks = Math.max(1, Math.floor((packetSize - PACKET_HEADER_LENGTH) / (bpc + 4)));
    super({ highWaterMark: maxChunks * bpc });
    this.path = options.path;
    this.bpc = bpc;
    this.maxChunks = maxChunks;
    this.blockSize = options.blockSize;
    if (this.blockSize % bpc !== 0) {
      throw new HadoopError('FS_INVALID_ARGUMENT', `Block size ${this.blockSize} is not a multiple of io.bytes.per.checksum ${bpc}`);
    }
    this.timeoutMs = conf.getInt('dfs.socket.timeout', 60000);
    this.buf = this.newPacketBuffer();
    const last = options.lastBlock;
    if (last && last.block.numBytes < this.blockSize) {
      // append: continue the partial last block on its replicas
      this.block = { ...last.block };
      this.pipeline = last.locations;
      this.blockOffset = last.block.numBytes;
      this.ackedBytes = last.block.numBytes;
      this.appendStage = true;
    } else if (last) {
      this.previous = { ...last.block };
    }
    client.beginWrite();
  }

  private appendStage = false;

  // ---- Writable ------------------------------------------------------------------------------

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeData(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.finish().then(
      () => {
        this.releaseLease();
        callback();
      },
      (e: Error) => {
        this.releaseLease();
        callback(e);
      },
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.conn?.destroy();
    this.conn = null;
    this.releaseLease();
    callback(error);
  }

  /**
   * Sends what is buffered and waits until every DataNode of the pipeline has acked all of it
   * (Hadoop's hflush/sync): the bytes survive this writer's death.
   */
  async hflush(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.write(Buffer.alloc(0), (e) => (e ? reject(e) : resolve())));
    if (this.bufLen > 0) await this.sendPacket();
    await this.waitUntil(() => this.ackQueue.length === 0);
  }

  // ---- packets ----------------------------------------------------------------------------------

  private newPacketBuffer(): Buffer {
    return Buffer.allocUnsafe(PACKET_HEADER_LENGTH + this.maxChunks * 4 + this.maxChunks * this.bpc);
  }

  private get dataStart(): number {
    return PACKET_HEADER_LENGTH + this.maxChunks * 4;
  }

  /** Bytes the packet being filled can take: whole chunks, never past the block's end. */
  private packetCapacity(): number {
    const partial = this.blockOffset % this.bpc;
    // after an append or hflush of a partial chunk, the next packet first completes that chunk
    const room = partial ? this.bpc - partial : this.maxChunks * this.bpc;
    return Math.min(room, this.blockSize - this.blockOffset);
  }

  private async writeData(chunk: Buffer): Promise<void> {
    let off = 0;
    while (off < chunk.length) {
      this.throwIfFailed();
      const cap = this.packetCapacity();
      const n = Math.min(cap - this.bufLen, chunk.length - off);
      chunk.copy(this.buf, this.dataStart + this.bufLen, off, off + n);
      this.bufLen += n;
      off += n;
      if (this.bufLen === cap) await this.sendPacket();
    }
  }

  private throwIfFailed(): void {
    if (this.destroyed) throw new HadoopError('DFS_STREAM_CLOSED', `The output stream of ${this.path} is closed`);
  }

  private async sendPacket(): Promise<void> {
    if (!this.block) await this.startBlock();
    else if (!this.conn) this.connect('append');
    const len = this.bufLen;
    const chunks = Math.ceil(len / this.bpc);
    const buf = this.buf;
    const dataAt = PACKET_HEADER_LENGTH + chunks * 4;
    if (dataAt !== this.dataStart) buf.copyWithin(dataAt, this.dataStart, this.dataStart + len);
    for (let i = 0; i < chunks; i++) {
      const s = dataAt + i * this.bpc;
      buf.writeUInt32BE(zlib.crc32(buf.subarray(s, Math.min(dataAt + len, s + this.bpc))) >>> 0, PACKET_HEADER_LENGTH + i * 4);
    }
    const frame = buf.subarray(0, dataAt + len);
    writeHeader(frame, this.blockOffset, this.seqno, false, len);
    this.buf = this.newPacketBuffer();
    this.bufLen = 0;
    await this.queuePacket({ seqno: this.seqno++, offsetInBlock: this.blockOffset, dataLength: len, last: false, frame });
    this.blockOffset += len;
    if (this.blockOffset === this.blockSize) await this.endBlock();
  }

  private async queuePacket(p: OutPacket): Promise<void> {
    await this.waitUntil(() => this.ackQueue.length < MAX_IN_FLIGHT);
    this.ackQueue.push(p);
    if (this.conn && !this.conn.write(p.frame)) {
      const conn = this.conn;
      await new Promise<void>((resolve) => {
        conn.onceDrain(resolve);
        this.wake = resolve;
      });
    }
  }

  /** The empty last packet: every DataNode finalizes the replica and reports it, then acks. */
  private async endBlock(): Promise<void> {
    const frame = Buffer.allocUnsafe(PACKET_HEADER_LENGTH);
    writeHeader(frame, this.blockOffset, this.seqno, true, 0);
    if (this.conn) this.conn.lastSeqno = this.seqno;
    await this.queuePacket({ seqno: this.seqno++, offsetInBlock: this.blockOffset, dataLength: 0, last: true, frame });
    await this.waitUntil(() => this.ackQueue.length === 0);
    this.conn?.end();
    this.conn = null;
    this.previous = { ...this.block!, numBytes: this.blockOffset };
    this.block = null;
    this.pipeline = [];
    this.blockOffset = 0;
    this.ackedBytes = 0;
    this.recoveries = 0;
    this.appendStage = false;
  }

  // ---- blocks and pipelines -----------------------------------------------------------------------

  private async startBlock(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const located = await this.addBlock();
      this.block = { ...located.block };
      this.pipeline = located.locations;
      this.blockOffset = 0;
      this.ackedBytes = 0;
      this.recoveries = 0;
      if (this.pipeline.length > 0) {
        this.connect('create');
        return;
      }
      await this.client.call('abandonBlock', { path: this.path, clientName: this.client.clientName, block: this.block });
      if (attempt >= MAX_BLOCK_ALLOCATIONS) {
        throw new HadoopError('DFS_NOT_ENOUGH_REPLICAS', `Could not get a DataNode for a new block of ${this.path}`);
      }
    }
  }

  /** addBlock, retried while the previous block is not yet minimally replicated. */
  private async addBlock(): Promise<LocatedBlock> {
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        const { block } = await this.client.call('addBlock', {
          path: this.path,
          clientName: this.client.clientName,
          previous: this.previous,
          excludeNodes: [...this.excluded],
        });
        return block;
      } catch (e) {
        if (!isHadoopError(e, 'DFS_NOT_COMPLETE') || attempt >= 10) throw e;
        log.info(`Waiting for the previous block of ${this.path} to be replicated (attempt ${attempt})`);
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  private connect(stage: Stage): void {
    const conn = new PipelineConnection(this.pipeline, this.block!, this.ackedBytes, stage, this.client.clientName, this.timeoutMs, {
      onAck: (ack) => this.onAck(conn, ack),
      onError: (error, badIndex) => {
        if (this.conn !== conn) return;
        log.warn(`${error.message} (block ${this.block?.blockId} of ${this.path})`);
        this.pipelineError = { error, badIndex };
        this.fireWake();
      },
    });
    this.conn = conn;
  }

  private onAck(conn: PipelineConnection, ack: Ack): void {
    if (this.conn !== conn) return;
    const head = this.ackQueue[0];
    if (!head || head.seqno !== ack.seqno) {
      this.pipelineError = { error: new HadoopError('DFS_PIPELINE', `Unexpected ack ${ack.seqno}, expected ${head?.seqno}`), badIndex: -1 };
      conn.destroy();
    } else {
      this.ackQueue.shift();
      this.ackedBytes = head.offsetInBlock + head.dataLength;
    }
    this.fireWake();
  }

  private fireWake(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Waits for cond, repairing the pipeline whenever it breaks on the way. */
  private async waitUntil(cond: () => boolean): Promise<void> {
    for (;;) {
      this.throwIfFailed();
      if (this.pipelineError) await this.recover();
      if (cond()) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private async recover(): Promise<void> {
    const failure = this.pipelineError!;
    this.pipelineError = null;
    this.conn?.destroy();
    this.conn = null;
    const block = this.block!;
    if (++this.recoveries > MAX_RECOVERIES) {
      throw new HadoopError('DFS_PIPELINE', `Gave up on block ${block.blockId} of ${this.path} after ${MAX_RECOVERIES} pipeline recoveries: ${failure.error.message}`);
    }
    const nothingReached = !this.appendStage && this.ackedBytes === 0;
    if (nothingReached) {
      // a new block no DataNode acked anything of: give it up and allocate another elsewhere
      const bad = failure.badIndex >= 0 ? failure.badIndex : 0;
      this.excluded.add(this.pipeline[bad].name);
      await this.client.call('abandonBlock', { path: this.path, clientName: this.client.clientName, block }).catch(() => undefined);
      const located = await this.addBlock();
      this.block = { ...located.block };
      this.pipeline = located.locations;
      if (this.pipeline.length === 0) throw new HadoopError('DFS_NOT_ENOUGH_REPLICAS', `No DataNode left for a block of ${this.path}`);
      this.connect('create');
    } else {
      const result = await recoverPipeline(this.client, this.path, block, this.pipeline, this.ackedBytes, failure);
      for (const n of result.dropped) this.excluded.add(n);
      this.block = result.block;
      this.pipeline = result.pipeline;
      this.connect('recovery');
    }
    const lastIndex = this.ackQueue.findIndex((p) => p.last);
    if (lastIndex >= 0) this.conn!.lastSeqno = this.ackQueue[lastIndex].seqno;
    for (const p of this.ackQueue) this.conn!.write(p.frame);
  }

  // ---- close -------------------------------------------------------------------------------------

  private async finish(): Promise<void> {
    if (this.bufLen > 0) await this.sendPacket();
    if (this.block && !this.conn) {
      // an append that wrote nothing leaves the last block as it was
      this.previous = { ...this.block };
      this.block = null;
    }
    if (this.block) await this.endBlock();
    await this.completeFile();
  }

  /** complete() until the NameNode says the file is closed, with backoff (Hadoop retries too). */
  private async completeFile(): Promise<void> {
    let delay = 100;
    const deadline = Date.now() + Math.max(this.timeoutMs, 30000);
    for (;;) {
      const { complete } = await this.client.call('complete', { path: this.path, clientName: this.client.clientName, last: this.previous });
      if (complete) return;
      if (Date.now() > deadline) {
        throw new HadoopError('DFS_NOT_COMPLETE', `Could not complete ${this.path}: its last block has too few replicas`);
      }
      log.info(`Could not complete ${this.path} yet, retrying...`);
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  private releaseLease(): void {
    if (!this.leaseHeld) return;
    this.leaseHeld = false;
    this.client.endWrite();
  }
}

function writeHeader(frame: Buffer, offsetInBlock: number, seqno: number, last: boolean, dataLength: number): void {
  frame.writeInt32BE(frame.length - 4, 0);
  frame.writeBigInt64BE(BigInt(offsetInBlock), 4);
  frame.writeBigInt64BE(BigInt(seqno), 12);
  frame[20] = last ? 1 : 0;
  frame.writeInt32BE(dataLength, 21);
}
