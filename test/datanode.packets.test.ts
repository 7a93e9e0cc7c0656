import { expect } from 'chai';
import { crc32Of, firstBadChunk } from '../dfs/protocol/checksum';
import { PacketPieceReader } from '../dfs/datanode/packet-pieces';
import { computeChecksums, encodePacket, verifyChecksums } from '../dfs/protocol/data-transfer';
import { bytes, packetsOf } from './datanode.fixtures';
import * as zlib from 'node:zlib';

/** Cuts buf at the given offsets. */
function cut(buf: Buffer, at: number[]): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (const a of [...at, buf.length]) {
    out.push(buf.subarray(from, a));
    from = a;
  }
  return out;
}

describe('DataNode packets: verifying many chunks at once, reading packets in pieces', () => {
  it('firstBadChunk agrees with a chunk-by-chunk check for every length and split, and names the corrupt chunk', () => {
    for (const bpc of [512, 100, 4096]) {
      for (const len of [0, 1, 99, 100, 511, 512, 513, 1024, 1500, 65536, 65836, 200001]) {
        const data = bytes(len, len + bpc);
        const sums = computeChecksums(data, bpc);
        const splits = [[], [Math.floor(len / 3)], [Math.floor(len / 3), Math.floor(len / 2), len]];
        for (const at of splits) expect(firstBadChunk(cut(data, at), len, sums, bpc), `${len}/${bpc}`).to.equal(-1);
        if (len === 0) continue;
        for (const pos of [0, len - 1, Math.floor(len / 2)]) {
          const bad = Buffer.from(data);
          bad[pos] ^= 0x10;
          expect(firstBadChunk(cut(bad, [Math.floor(len / 3)]), len, sums, bpc)).to.equal(Math.floor(pos / bpc));
          expect(verifyChecksums(bad, sums, bpc)).to.equal(Math.floor(pos / bpc));
        }
        const wrongSum = Buffer.from(sums);
        wrongSum[wrongSum.length - 1] ^= 1;
        expect(firstBadChunk([data], len, wrongSum, bpc)).to.equal(Math.ceil(len / bpc) - 1);
      }
    }
    expect(firstBadChunk([bytes(1000)], 1000, Buffer.alloc(4), 512)).to.equal(0);
    expect(crc32Of(cut(bytes(3000), [7, 2000]))).to.equal(zlib.crc32(bytes(3000)) >>> 0);
  });

  it('reads the same packets as the protocol reader from any cutting of the stream, data left in pieces', () => {
    const packets = packetsOf(bytes(300000, 3), { packetSize: 65536 });
    const stream = Buffer.concat(packets.map(encodePacket));
    for (const step of [1, 7, 1000, 65536, 70000, stream.length]) {
      const reader = new PacketPieceReader(512);
      const got = [];
      for (let at = 0; at < stream.length; at += step) got.push(...reader.push(stream.subarray(at, Math.min(stream.length, at + step))));
      expect(reader.pending()).to.equal(0);
      expect(got.map((p) => [p.offsetInBlock, p.seqno, p.last, p.dataLength])).to.deep.equal(packets.map((p) => [p.offsetInBlock, p.seqno, p.last, p.data.length]));
      got.forEach((p, i) => {
        expect(Buffer.concat(p.data).equals(packets[i].data)).to.equal(true);
        expect(p.checksums.equals(packets[i].checksums)).to.equal(true);
      });
      if (step >= 65536) expect(Math.max(...got.map((p) => p.data.length))).to.be.at.most(2);
    }
  });

  it('refuses impossible frame lengths and a data length that disagrees with the frame', () => {
    const head = Buffer.alloc(25);
    head.writeInt32BE(3, 0);
    expect(() => new PacketPieceReader(512).push(head)).to.throw('Bad frame length 7 in the data stream');
    head.writeInt32BE(0x7fffffff, 0);
    expect(() => new PacketPieceReader(512).push(head)).to.throw('Bad frame length 2147483651 in the data stream');
    const p = encodePacket(packetsOf(bytes(1000))[0]);
    p.writeInt32BE(-1, 21);
    expect(() => new PacketPieceReader(512).push(p)).to.throw('Bad packet: data length -1 does not match its frame of 1033 bytes');
  });
});
