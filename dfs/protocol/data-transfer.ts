import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';
import { firstBadChunk } from './checksum';

/**
 * The data transfer protocol between clients and DataNodes, and between DataNodes: blocks move
 * as a stream of packets over one HTTP request, full duplex.
 *
 * Write: `POST /data/writeBlock?blockId=&genStamp=&offset=&targets=h:p,h:p&stage=&clientName=`
 *   The request body is packets (below) from `offset` in the block (0 for a new block; the
 *   replica's length for an append or a pipeline recovery). Each DataNode verifies every chunk's
 *   CRC, writes the packet, and forwards it to the next of `targets` (the rest of the pipeline,
 *   without itself) with the same kind of request. The response body is acks (below), streamed:
 *   a packet is acked upstream only when this DataNode wrote it and the downstream acked it, so
 *   the client's ack for a packet means every DataNode in the pipeline has it. The last packet
 *   (dataLength 0, last=1) makes every DataNode finalize the replica and report it to the
 *   NameNode (blockReceivedAndDeleted) before acking. stage: `create` | `append` | `recovery` |
 *   `transfer` (a DataNode copying a replica for re-replication; `source=h:p` names the sending
 *   DataNode, whose replica is reported bad if a chunk arrives corrupt). A DataNode whose
 *   downstream fails acks `[own status, ERROR]`: the first ERROR names the DataNode to drop.
 *
 * Read: `GET /data/readBlock?blockId=&genStamp=&offset=&length=`
 *   The response body is packets covering [offset, offset+length), the first starting at the
 *   chunk boundary at or before offset, each with its stored CRCs, ending with an empty last
 *   packet. The reader verifies every chunk and skips bytes before `offset`.
 *
 * Short-circuit read: `GET /data/blockLocalPathInfo?blockId=&genStamp=&user=` -> BlockLocalPathInfo
 *   (the paths of a finalized replica's files, for a client on the DataNode's host; 403 unless
 *   dfs.block.local-path-access.user lists the user). The client then reads the files itself.
 *
 * Replica state: `GET /data/blockInfo?blockId=` -> { block: Block, finalized: boolean } (404 if
 *   absent). Recovery: `POST /rpc/updateReplica { block, newGenStamp, newLength }` -> { block }
 *   truncates the replica to newLength, re-stamps it and finalizes it (used by pipeline and lease
 *   recovery).
 *
 * Packet: int32 payloadLength (bytes after this field), int64 offsetInBlock, int64 seqno,
 *   uint8 lastPacketInBlock, int32 dataLength, then one uint32 CRC32 per bytesPerChecksum chunk
 *   of the data (the last chunk may be short), then the data. 25-byte header, big-endian.
 * Ack: int64 seqno, int16 numReplies, then numReplies int16 statuses (0 SUCCESS, 1 ERROR,
 *   2 ERROR_CHECKSUM), the first for the DataNode sending the ack, then its downstream's.
 */
export const PACKET_HEADER_LENGTH = 25;
export const ACK_SUCCESS = 0;
export const ACK_ERROR = 1;
export const ACK_ERROR_CHECKSUM = 2;

export interface Packet {
  offsetInBlock: number;
  seqno: number;
  last: boolean;
  /** One CRC32 per chunk of data. */
  checksums: Buffer;
  data: Buffer;
}

export interface Ack {
  seqno: number;
  statuses: number[];
}

export function chunkCount(dataLength: number, bytesPerChecksum: number): number {
  return Math.ceil(dataLength / bytesPerChecksum);
}

/** CRC32 of each chunk of data, packed big-endian. */
export function computeChecksums(data: Buffer, bytesPerChecksum: number): Buffer {
  const n = chunkCount(data.length, bytesPerChecksum);
  const out = Buffer.allocUnsafe(n * 4);
  for (let i = 0; i < n; i++) {
    out.writeUInt32BE(zlib.crc32(data.subarray(i * bytesPerChecksum, Math.min(data.length, (i + 1) * bytesPerChecksum))) >>> 0, i * 4);
  }
  return out;
}

/** Index of the first chunk whose CRC does not match, or -1 (one CRC pass, see checksum.ts). */
export function verifyChecksums(data: Buffer, checksums: Buffer, bytesPerChecksum: number): number {
  return firstBadChunk([data], data.length, checksums, bytesPerChecksum);
}

export function encodePacket(p: Packet): Buffer {
  const payload = 8 + 8 + 1 + 4 + p.checksums.length + p.data.length;
  const out = Buffer.allocUnsafe(4 + payload);
  out.writeInt32BE(payload, 0);
  writeLong(out, p.offsetInBlock, 4);
  writeLong(out, p.seqno, 12);
  out[20] = p.last ? 1 : 0;
  out.writeInt32BE(p.data.length, 21);
  p.checksums.copy(out, PACKET_HEADER_LENGTH);
  p.data.copy(out, PACKET_HEADER_LENGTH + p.checksums.length);
  return out;
}

export function encodeAck(a: Ack): Buffer {
  const out = Buffer.allocUnsafe(10 + a.statuses.length * 2);
  writeLong(out, a.seqno, 0);
  out.writeInt16BE(a.statuses.length, 8);
  a.statuses.forEach((s, i) => out.writeInt16BE(s, 10 + i * 2));
  return out;
}

function writeLong(buf: Buffer, v: number, at: number): void {
  buf.writeBigInt64BE(BigInt(v), at);
}

function readLong(buf: Buffer, at: number): number {
  return Number(buf.readBigInt64BE(at));
}

/**
 * Cuts a byte stream into frames. Feed it chunks; it returns the complete frames so far. A
 * frame bigger than maxFrame is a protocol error (a hostile or broken peer), not an allocation.
 */
class FrameReader<T> {
  private parts: Buffer[] = [];
  private have = 0;

  constructor(
    private readonly headerLength: number,
    private readonly frameLength: (head: Buffer) => number,
    private readonly decode: (frame: Buffer) => T,
    private readonly maxFrame: number,
  ) {}

  push(chunk: Buffer): T[] {
    this.parts.push(chunk);
    this.have += chunk.length;
    const out: T[] = [];
    for (;;) {
      if (this.have < this.headerLength) break;
      const head = this.peek(this.headerLength);
      const len = this.frameLength(head);
      if (len < this.headerLength || len > this.maxFrame) {
        throw new HadoopError('DFS_BAD_PACKET', `Bad frame length ${len} in the data stream`);
      }
      if (this.have < len) break;
      out.push(this.decode(this.take(len)));
    }
    return out;
  }

  /** Bytes received that do not make a whole frame yet. */
  pending(): number {
    return this.have;
  }

  private peek(n: number): Buffer {
    if (this.parts[0].length >= n) return this.parts[0].subarray(0, n);
    return this.gather(n, false);
  }

  private take(n: number): Buffer {
    const first = this.parts[0];
    let frame: Buffer;
    if (first.length >= n) {
      // the whole frame in one chunk: a view, no copy
      frame = first.subarray(0, n);
      if (first.length === n) this.parts.shift();
      else this.parts[0] = first.subarray(n);
    } else {
      frame = this.gather(n, true);
    }
    this.have -= n;
    return frame;
  }

  /** The first n bytes copied out of the chunks (only those n: the rest stays where it is). */
  private gather(n: number, consume: boolean): Buffer {
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    let i = 0;
    while (at < n) {
      const part = this.parts[i];
      const k = Math.min(part.length, n - at);
      part.copy(out, at, 0, k);
      at += k;
      if (consume && k < part.length) this.parts[i] = part.subarray(k);
      else i++;
    }
    if (consume) this.parts.splice(0, i);
    return out;
  }
}

export function packetReader(bytesPerChecksum: number, maxPacket = 16 * 1024 * 1024): FrameReader<Packet> {
  return new FrameReader<Packet>(
    PACKET_HEADER_LENGTH,
    (head) => 4 + head.readInt32BE(0),
    (f) => {
      const dataLength = f.readInt32BE(21);
      const sums = chunkCount(dataLength, bytesPerChecksum) * 4;
      if (dataLength < 0 || PACKET_HEADER_LENGTH + sums + dataLength !== f.length) {
        throw new HadoopError('DFS_BAD_PACKET', `Bad packet: data length ${dataLength} does not match its frame of ${f.length} bytes`);
      }
      return {
        offsetInBlock: readLong(f, 4),
        seqno: readLong(f, 12),
        last: f[20] === 1,
        checksums: f.subarray(PACKET_HEADER_LENGTH, PACKET_HEADER_LENGTH + sums),
        data: f.subarray(PACKET_HEADER_LENGTH + sums),
      };
    },
    maxPacket,
  );
}

export function ackReader(): FrameReader<Ack> {
  return new FrameReader<Ack>(
    10,
    (head) => 10 + head.readInt16BE(8) * 2,
    (f) => {
      const n = f.readInt16BE(8);
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) statuses.push(f.readInt16BE(10 + i * 2));
      return { seqno: readLong(f, 0), statuses };
    },
    10 + 2 * 1024,
  );
}

/** The `.meta` header: version 1 (int16), checksum type 1 = CRC32 (byte), bytesPerChecksum (int32). */
export const META_HEADER_LENGTH = 7;

export function encodeMetaHeader(bytesPerChecksum: number): Buffer {
  const b = Buffer.alloc(META_HEADER_LENGTH);
  b.writeInt16BE(1, 0);
  b[2] = 1;
  b.writeInt32BE(bytesPerChecksum, 3);
  return b;
}

export function decodeMetaHeader(b: Buffer, file: string): { bytesPerChecksum: number } {
  if (b.length < META_HEADER_LENGTH || b.readInt16BE(0) !== 1 || b[2] !== 1) {
    throw new HadoopError('DFS_BAD_META', `Bad checksum file header in ${file}`);
  }
  return { bytesPerChecksum: b.readInt32BE(3) };
}
