import type { FileHandle } from 'node:fs/promises';
import * as fs from 'node:fs';
import type { Request, Response } from 'express';
import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';
import { ACK_ERROR, ACK_ERROR_CHECKSUM, ACK_SUCCESS, Ack, META_HEADER_LENGTH, encodeAck } from '../protocol/data-transfer';
import { firstBadChunk } from '../protocol/checksum';
import { DataNodeContext, Replica, ReplicaWriter, blockName, toBlock } from './interfaces';
import { PacketPieceReader, PacketPieces } from './packet-pieces';
import { PipelineMirror } from './pipeline-mirror';
import { WriteParams, prepareReplica } from './write-request';

/**
 * The write pipeline endpoint `POST /data/writeBlock` (Hadoop's BlockReceiver and its
 * PacketResponder, dfs/protocol/data-transfer.ts): packets arrive in the request body, are
 * forwarded byte for byte to the next DataNode as they arrive, verified chunk by chunk, and
 * written with positional writes; a packet is acked upstream with [own status, ...downstream's]
 * once it is on disk here and the downstream acked it. Backpressure both ways: the request is
 * paused while the disk queue is long or the downstream is not taking bytes.
 */

/** Bytes received but not on disk yet past which the request is paused. */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 2 * 1024 * 1024;
/** Largest single positional write (many packets batched), in bytes and in buffers. */
const MAX_WRITE = 8 * 1024 * 1024;
const MAX_IOV = 512;

interface PendingAck {
  seqno: number;
  last: boolean;
  /** On disk here (for the last packet: finalized and reported). */
  written: boolean;
  own: number;
  /** The downstream's statuses, null while awaited ([] without a downstream). */
  downstream: number[] | null;
  /** A failure ack: nothing follows it. */
  terminal: boolean;
}

interface PendingWrite {
  ack: PendingAck;
  /** The packet's bytes, in the pieces they arrived in. */
  data: Buffer[];
  dataLength: number;
  dataPos: number;
  sums: Buffer;
  sumsPos: number;
  /** Replica length and last partial chunk CRC once this write is on disk. */
  end: number;
  endCrc: number | null;
}

export class BlockReceiver implements ReplicaWriter {
  private replica: Replica | null = null;
  private dataFh: FileHandle | null = null;
  private metaFh: FileHandle | null = null;
  private readonly bpc: number;
  private readonly reader: PacketPieceReader;
  private expectOffset = 0;
  private partialCrc: number | null = null;
  private lastSeqno = -1;
  private readonly acks: PendingAck[] = [];
  private writes: PendingWrite[] = [];
  private queuedBytes = 0;
  private pumping = false;
  private io: Promise<void> = Promise.resolve();
  private mirror: PipelineMirror | null = null;
  private state: 'receiving' | 'lastReceived' | 'inputEnded' | 'failing' | 'done' = 'receiving';
  private readonly paused = new Set<'disk' | 'mirror'>();
  private finished!: () => void;
  private stopIdleTimer: () => void = () => undefined;
  private readonly whenFinished = new Promise<void>((r) => (this.finished = r));

  constructor(
    private readonly ctx: DataNodeContext,
    private readonly p: WriteParams,
    private readonly req: Request,
    private readonly res: Response,
  ) {
    this.bpc = ctx.bytesPerChecksum;
    this.reader = new PacketPieceReader(this.bpc);
  }

  get genStamp(): number {
    return this.p.genStamp;
  }

  private get name(): string {
    return blockName(this.p);
  }

  /** Serves the request; resolves when the stream is over and the files are closed. */
  async run(): Promise<void> {
    const r = await prepareReplica(this.ctx, this.p, this);
    this.replica = r;
    try {
      await this.openFiles(r);
    } catch (e) {
      await this.closeFiles();
      throw e;
    }
    this.expectOffset = this.p.offset;
    if (this.p.targets.length > 0) this.openMirror();
    this.ctx.log.info(
      `Receiving block ${this.name} (${this.p.stage}) from ${this.req.socket.remoteAddress}` +
        (this.p.targets.length ? `, mirroring to ${this.p.targets.map((t) => t.name).join(',')}` : ''),
    );
    this.res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    this.res.flushHeaders();
    this.res.on('error', () => undefined);
    this.res.on('close', () => {
      if (this.state !== 'done') void this.abort('the upstream closed the stream');
    });
    this.req.on('data', (chunk: Buffer) => this.onData(chunk));
    this.req.on('end', () => this.onInputEnd());
    this.req.on('error', () => void this.abort('the upstream stream failed'));
    // a silent upstream (gone without a FIN, or stalling on purpose) does not hold the replica
    // forever. Silence is expected while packets await their acks (the writer's window is full)
    // or while this DataNode holds the upstream back: then the mirror's timeout judges.
    const socket = this.req.socket;
    const onIdle = () => {
      if (this.acks.length > 0 || this.paused.size > 0) socket.setTimeout(this.ctx.socketTimeoutMs);
      else void this.abort(`nothing from the upstream for ${this.ctx.socketTimeoutMs} ms`);
    };
    // listened for on the request and response: a socket timeout nobody handles there makes
    // Node's server destroy the connection
    socket.setTimeout(this.ctx.socketTimeoutMs);
    this.req.on('timeout', onIdle);
    this.res.on('timeout', onIdle);
    this.stopIdleTimer = () => {
      socket.setTimeout(0);
      this.req.removeListener('timeout', onIdle);
      this.res.removeListener('timeout', onIdle);
    };
    if (socket.destroyed) void this.abort('the upstream closed the stream');
    return this.whenFinished;
  }

  private async openFiles(r: Replica): Promise<void> {
    const ds = this.ctx.dataset;
    if (this.p.offset > 0) {
      const bpc = await ds.metaBytesPerChecksum(r);
      if (bpc !== this.bpc) {
        throw new HadoopError('DFS_BAD_CHECKSUM_SIZE', `${this.name} has ${bpc} bytes per checksum, this DataNode writes ${this.bpc}`);
      }
    }
    this.dataFh = await fs.promises.open(ds.blockFile(r), 'r+');
    this.metaFh = await fs.promises.open(ds.metaFile(r), 'r+');
    if (this.p.offset % this.bpc !== 0) {
      if (r.lastChunkCrc !== null) this.partialCrc = r.lastChunkCrc;
      else {
        const b = Buffer.alloc(4);
        await this.metaFh.read(b, 0, 4, META_HEADER_LENGTH + Math.floor(this.p.offset / this.bpc) * 4);
        this.partialCrc = b.readUInt32BE(0);
      }
    }
  }

  private openMirror(): void {
    const [next, ...rest] = this.p.targets;
    const q = new URLSearchParams({
      blockId: String(this.p.blockId),
      genStamp: String(this.p.genStamp),
      offset: String(this.p.offset),
      stage: this.p.stage,
      clientName: this.p.clientName,
    });
    if (rest.length) q.set('targets', rest.map((t) => t.name).join(','));
    // Hadoop's READ_TIMEOUT_EXTENSION: the further a DataNode is from the end of the pipeline,
    // the longer it waits, so the one next to a stalled DataNode gives up first and names it
    const extension = Math.min(5000, this.ctx.socketTimeoutMs);
    const timeout = this.ctx.socketTimeoutMs + extension * this.p.targets.length;
    this.mirror = new PipelineMirror(next, q, this.ctx.agent, timeout, {
      ack: (a) => this.onMirrorAck(a),
      failed: (reason) => this.onMirrorFailed(reason),
      ended: () => {
        if (this.acks.some((a) => a.downstream === null)) this.mirror?.fail('closed the stream before acking every packet');
      },
      drain: () => this.resume('mirror'),
    });
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'receiving') return;
    if (this.mirror && !this.mirror.write(chunk)) this.pause('mirror');
    let packets: PacketPieces[];
    try {
      packets = this.reader.push(chunk);
    } catch (e) {
      this.fail(ACK_ERROR, (e as Error).message, this.lastSeqno + 1);
      return;
    }
    for (const p of packets) if (!this.accept(p)) return;
    if (this.queuedBytes > HIGH_WATER) this.pause('disk');
  }

  private accept(p: PacketPieces): boolean {
    if (p.seqno <= this.lastSeqno) {
      this.fail(ACK_ERROR, `packet seqno ${p.seqno} does not follow ${this.lastSeqno}`, this.lastSeqno + 1);
      return false;
    }
    if (p.offsetInBlock !== this.expectOffset) {
      this.fail(ACK_ERROR, `packet ${p.seqno} starts at offset ${p.offsetInBlock}, expected ${this.expectOffset}`, p.seqno);
      return false;
    }
    const bad = firstBadChunk(p.data, p.dataLength, p.checksums, this.bpc);
    if (bad >= 0) {
      const at = p.offsetInBlock + bad * this.bpc;
      this.fail(ACK_ERROR_CHECKSUM, `checksum error in packet ${p.seqno} at offset ${at}`, p.seqno);
      if (this.p.stage === 'transfer' && this.p.source) {
        void this.ctx.reports.reportBadBlock({ blockId: this.p.blockId, genStamp: this.p.genStamp, numBytes: at }, this.p.source);
      }
      return false;
    }
    this.lastSeqno = p.seqno;
    const ack: PendingAck = {
      seqno: p.seqno,
      last: p.last,
      written: false,
      own: ACK_SUCCESS,
      downstream: this.mirror === null ? [] : this.mirror.failed ? [ACK_ERROR] : null,
      terminal: false,
    };
    this.acks.push(ack);
    if (ack.downstream === null) this.mirror?.expectAck();
    const { sums, sumsPos, endCrc } = this.storedChecksums(p);
    const end = p.offsetInBlock + p.dataLength;
    this.writes.push({ ack, data: p.data, dataLength: p.dataLength, dataPos: p.offsetInBlock, sums, sumsPos, end, endCrc });
    this.queuedBytes += p.dataLength;
    this.expectOffset = end;
    if (p.last) {
      this.state = 'lastReceived';
      this.mirror?.end();
    }
    this.schedule();
    return true;
  }

  /**
   * The CRCs to store for a packet: its own when it starts on a chunk boundary, else computed
   * again over the block's chunks, the first continuing the partial chunk already on disk.
   */
  private storedChecksums(p: PacketPieces): { sums: Buffer; sumsPos: number; endCrc: number | null } {
    const bpc = this.bpc;
    const off = p.offsetInBlock;
    const len = p.dataLength;
    const end = off + len;
    const sumsPos = META_HEADER_LENGTH + Math.floor(off / bpc) * 4;
    let sums = p.checksums;
    if (off % bpc !== 0 && len > 0) {
      // rare (append, recovery, hflush): one copy of the packet keeps this simple
      const data = p.data.length === 1 ? p.data[0] : Buffer.concat(p.data, len);
      const first = Math.min(bpc - (off % bpc), len);
      sums = Buffer.allocUnsafe(4 * (1 + Math.ceil((len - first) / bpc)));
      sums.writeUInt32BE(zlib.crc32(data.subarray(0, first), this.partialCrc ?? 0) >>> 0, 0);
      for (let i = 1, at = first; at < len; i++, at += bpc) {
        sums.writeUInt32BE(zlib.crc32(data.subarray(at, Math.min(len, at + bpc))) >>> 0, i * 4);
      }
    }
    if (len > 0) this.partialCrc = end % bpc !== 0 ? sums.readUInt32BE(sums.length - 4) : null;
    return { sums, sumsPos, endCrc: this.partialCrc };
  }

  private schedule(): void {
    if (this.pumping || this.writes.length === 0) return;
    this.pumping = true;
    this.io = this.io.then(() => this.pump());
  }

  /** Writes what is queued, many packets per positional write, in order. */
  private async pump(): Promise<void> {
    try {
      while (this.writes.length > 0 && this.dataFh && this.metaFh) {
        let bytes = 0;
        let iov = 0;
        let n = 0;
        while (n < this.writes.length && (n === 0 || (bytes + this.writes[n].dataLength <= MAX_WRITE && iov + this.writes[n].data.length <= MAX_IOV))) {
          bytes += this.writes[n].dataLength;
          iov += this.writes[n].data.length;
          n++;
        }
        const batch = this.writes.splice(0, n);
        await this.writeBatch(batch);
        this.queuedBytes -= bytes;
        const r = this.replica as Replica;
        for (const w of batch) {
          if (w.dataLength > 0) {
            r.numBytes = w.end;
            r.lastChunkCrc = w.endCrc;
          }
          if (w.ack.last) await this.finishReplica();
          w.ack.written = true;
        }
        if (this.queuedBytes < LOW_WATER) this.resume('disk');
        this.tryAck();
      }
    } catch (e) {
      const first = this.acks.find((a) => !a.written);
      this.writes = [];
      this.queuedBytes = 0;
      this.fail(ACK_ERROR, `cannot store the block: ${(e as Error).message}`, first?.seqno ?? this.lastSeqno + 1, true);
    } finally {
      this.pumping = false;
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    const data = batch.filter((w) => w.dataLength > 0);
    if (data.length === 0) return;
    const dataFh = this.dataFh as FileHandle;
    const metaFh = this.metaFh as FileHandle;
    await writeAll(dataFh, data.flatMap((w) => w.data), data[0].dataPos);
    // CRCs of consecutive packets are contiguous, except after a partial chunk (rewritten in place)
    let i = 0;
    while (i < data.length) {
      let j = i + 1;
      let pos = data[i].sumsPos + data[i].sums.length;
      while (j < data.length && data[j].sumsPos === pos) pos += data[j++].sums.length;
      await writeAll(metaFh, data.slice(i, j).map((w) => w.sums), data[i].sumsPos);
      i = j;
    }
  }

  /** The last packet is on disk: close, move to current/, tell the NameNode, then ack. */
  private async finishReplica(): Promise<void> {
    const r = this.replica as Replica;
    await this.closeFiles();
    await this.ctx.dataset.finalize(r);
    this.ctx.log.info(`Received block ${blockName(r)} of size ${r.numBytes} from ${this.req.socket.remoteAddress} (${this.p.stage})`);
    await this.ctx.reports.blockReceived(toBlock(r));
  }

  private onMirrorAck(a: Ack): void {
    const pending = this.acks.find((x) => x.downstream === null);
    if (!pending && this.state === 'failing') return;
    if (!pending || pending.seqno !== a.seqno) {
      this.mirror?.fail(`acked packet ${a.seqno}, expected ${pending ? pending.seqno : 'none'}`);
      return;
    }
    pending.downstream = a.statuses;
    this.tryAck();
  }

  private onMirrorFailed(reason: string): void {
    this.ctx.log.warn(`${this.name}: the mirror ${this.mirror?.target.name} failed: ${reason}`);
    for (const a of this.acks) if (a.downstream === null) a.downstream = [ACK_ERROR];
    this.resume('mirror');
    this.tryAck();
  }

  /** Sends every ack whose packet is done here and downstream, in order. */
  private tryAck(): void {
    if (this.state === 'done') return;
    const out: Buffer[] = [];
    let over = false;
    while (this.acks.length > 0) {
      const a = this.acks[0];
      if (!a.written || a.downstream === null) break;
      this.acks.shift();
      out.push(encodeAck({ seqno: a.seqno, statuses: a.terminal ? [a.own] : [a.own, ...a.downstream] }));
      if (a.last || a.terminal) {
        over = true;
        break;
      }
    }
    if (out.length > 0) this.res.write(out.length === 1 ? out[0] : Buffer.concat(out));
    if (over || (this.acks.length === 0 && this.state === 'inputEnded')) this.complete(this.state === 'failing');
  }

  private onInputEnd(): void {
    if (this.state !== 'receiving') return;
    if (this.reader.pending() > 0) {
      this.fail(ACK_ERROR, `the stream ended inside a packet (${this.reader.pending()} bytes)`, this.lastSeqno + 1);
      return;
    }
    this.ctx.log.info(`${this.name}: the stream ended before the last packet; keeping ${this.expectOffset} bytes being written`);
    this.state = 'inputEnded';
    this.mirror?.end();
    this.tryAck();
  }

  /**
   * Fails the write at packet `seqno`: earlier packets are still written and acked, then one
   * ack with `status` for this DataNode ends the stream. The replica stays being written.
   */
  private fail(status: number, reason: string, seqno: number, diskError = false): void {
    if (this.state === 'failing' || this.state === 'done') return;
    this.state = 'failing';
    this.ctx.log.warn(`Write of ${this.name} failed: ${reason}`);
    this.req.pause();
    this.req.removeAllListeners('data');
    this.mirror?.end();
    if (diskError) {
      for (let i = this.acks.length - 1; i >= 0; i--) if (!this.acks[i].written) this.acks.splice(i, 1);
    }
    this.acks.push({ seqno, last: false, written: true, own: status, downstream: [], terminal: true });
    this.tryAck();
  }

  /** The stream is over: end the response, close the files. */
  private complete(failed: boolean): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.stopIdleTimer();
    this.mirror?.end();
    const socket = this.req.socket;
    // after a failure the rest of the request is not worth reading
    this.res.end(() => {
      if (failed && !this.req.complete) socket.destroy();
    });
    this.io = this.io.then(() => this.closeFiles()).finally(() => this.finished());
  }

  abort(reason: string): Promise<void> {
    if (this.state !== 'done') {
      this.state = 'done';
      this.stopIdleTimer();
      this.ctx.log.warn(`Write of ${this.name} stopped: ${reason}; keeping ${this.replica?.numBytes ?? 0} bytes being written`);
      this.writes = [];
      this.queuedBytes = 0;
      this.mirror?.destroy();
      this.req.destroy();
      this.res.destroy();
      this.io = this.io.then(() => this.closeFiles()).finally(() => this.finished());
    }
    return this.whenFinished;
  }

  private async closeFiles(): Promise<void> {
    const d = this.dataFh;
    const m = this.metaFh;
    this.dataFh = null;
    this.metaFh = null;
    await Promise.allSettled([d?.close(), m?.close()]);
    if (this.replica && this.replica.writer === this) this.replica.writer = null;
  }

  private pause(why: 'disk' | 'mirror'): void {
    this.paused.add(why);
    this.req.pause();
  }

  private resume(why: 'disk' | 'mirror'): void {
    if (!this.paused.delete(why)) return;
    if (this.paused.size === 0 && this.state === 'receiving') this.req.resume();
  }
}

async function writeAll(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  const want = bufs.reduce((s, b) => s + b.length, 0);
  const { bytesWritten } = bufs.length === 1 ? await fh.write(bufs[0], 0, want, position) : await fh.writev(bufs, position);
  if (bytesWritten !== want) {
    const rest = Buffer.concat(bufs).subarray(bytesWritten);
    await writeAll(fh, [rest], position + bytesWritten);
  }
}
