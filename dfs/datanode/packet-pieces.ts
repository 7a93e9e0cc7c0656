import { HadoopError } from '../../common/errors';
import { PACKET_HEADER_LENGTH, chunkCount } from '../protocol/data-transfer';

/**
 * The receiver's packet reader (the packet layout of dfs/protocol/data-transfer.ts): a packet's
 * data stays in the network chunks it arrived in, as pieces, so a 64 KB packet spanning two
 * socket reads is verified and written without being copied into one buffer first. Only the
 * header and the CRCs are made contiguous (copied when they straddle two chunks).
 */
export interface PacketPieces {
  offsetInBlock: number;
  seqno: number;
  last: boolean;
  checksums: Buffer;
  data: Buffer[];
  dataLength: number;
}

const MAX_PIECES = 16;

export class PacketPieceReader {
  private parts: Buffer[] = [];
  private have = 0;

  constructor(
    private readonly bytesPerChecksum: number,
    private readonly maxPacket = 16 * 1024 * 1024,
  ) {}

  /** Bytes received that do not make a whole packet yet. */
  pending(): number {
    return this.have;
  }

  /** The packets completed by this chunk; throws DFS_BAD_PACKET on an impossible frame. */
  push(chunk: Buffer): PacketPieces[] {
    if (chunk.length > 0) {
      this.parts.push(chunk);
      this.have += chunk.length;
    }
    const out: PacketPieces[] = [];
    while (this.have >= PACKET_HEADER_LENGTH) {
      const head = this.peek(PACKET_HEADER_LENGTH);
      const frame = 4 + head.readInt32BE(0);
      if (frame < PACKET_HEADER_LENGTH || frame > this.maxPacket) {
        throw new HadoopError('DFS_BAD_PACKET', `Bad frame length ${frame} in the data stream`);
      }
      const dataLength = head.readInt32BE(21);
      const sums = dataLength >= 0 ? chunkCount(dataLength, this.bytesPerChecksum) * 4 : -1;
      if (dataLength < 0 || PACKET_HEADER_LENGTH + sums + dataLength !== frame) {
        throw new HadoopError('DFS_BAD_PACKET', `Bad packet: data length ${dataLength} does not match its frame of ${frame} bytes`);
      }
      if (this.have < frame) break;
      const h = this.take(PACKET_HEADER_LENGTH, true)[0];
      out.push({
        offsetInBlock: Number(h.readBigInt64BE(4)),
        seqno: Number(h.readBigInt64BE(12)),
        last: h[20] === 1,
        checksums: this.take(sums, true)[0] ?? Buffer.alloc(0),
        data: this.take(dataLength, false),
        dataLength,
      });
    }
    return out;
  }

  private peek(n: number): Buffer {
    if (this.parts[0].length >= n) return this.parts[0].subarray(0, n);
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    for (const p of this.parts) {
      at += p.copy(out, at, 0, Math.min(p.length, n - at));
      if (at === n) break;
    }
    return out;
  }

  /**
   * The next n bytes: as one buffer when contiguous (or when they lie in too many small pieces,
   * as a sender dribbling bytes would make them), else as the pieces they lie in.
   */
  private take(n: number, contiguous: boolean): Buffer[] {
    if (n === 0) return [];
    const pieces: Buffer[] = [];
    let left = n;
    let used = 0;
    while (left > 0) {
      const first = this.parts[used];
      if (first.length <= left) {
        pieces.push(first);
        used++;
        left -= first.length;
      } else {
        pieces.push(first.subarray(0, left));
        this.parts[used] = first.subarray(left);
        left = 0;
      }
    }
    this.parts.splice(0, used);
    this.have -= n;
    return pieces.length > 1 && (contiguous || pieces.length > MAX_PIECES) ? [Buffer.concat(pieces, n)] : pieces;
  }
}
