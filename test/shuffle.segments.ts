import * as fs from 'node:fs';
import * as path from 'node:path';
import { FdSink, IFileReader, IFileWriter, Segment } from '../mapreduce/task/ifile';
import { IndexRecord, writeSpillIndex } from '../mapreduce/task/spill-index';

/** Test helpers: IFile segments and map output files built from plain records. */
export type Rec = [string, string];

/** One IFile segment (records, end marker, CRC) as bytes. */
export function segmentBytes(records: Rec[]): Buffer {
  const parts: Buffer[] = [];
  const w = new IFileWriter({ write: (b, s, e) => parts.push(Buffer.from(b.subarray(s, e))) });
  for (const [k, v] of records) {
    const kb = Buffer.from(k);
    const vb = Buffer.from(v);
    w.append(kb, 0, kb.length, vb, 0, vb.length);
  }
  w.close();
  return Buffer.concat(parts);
}

/** Records of n keys with values padded to make a segment of roughly `bytes` bytes. */
export function recordsOfSize(prefix: string, n: number, bytes: number): Rec[] {
  const pad = 'v'.repeat(Math.max(1, Math.floor(bytes / n) - prefix.length - 10));
  return Array.from({ length: n }, (_, i) => [`${prefix}${String(i).padStart(6, '0')}`, pad] as Rec);
}

/** Writes file.out + file.out.index with one segment per partition; returns the paths and index. */
export function writeMapOutput(dir: string, partitions: Rec[][]): { file: string; index: string; records: IndexRecord[] } {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'file.out');
  const index = path.join(dir, 'file.out.index');
  const fd = fs.openSync(file, 'w');
  const records: IndexRecord[] = [];
  let offset = 0;
  for (const recs of partitions) {
    const w = new IFileWriter(new FdSink(fd));
    for (const [k, v] of recs) {
      const kb = Buffer.from(k);
      const vb = Buffer.from(v);
      w.append(kb, 0, kb.length, vb, 0, vb.length);
    }
    const { rawLength, partLength } = w.close();
    records.push({ startOffset: offset, rawLength, partLength });
    offset += partLength;
  }
  fs.closeSync(fd);
  writeSpillIndex(index, records);
  return { file, index, records };
}

/** Reads a segment back (checking its CRC). */
export function readSegment(segment: Segment): Rec[] {
  const r = new IFileReader(segment);
  const out: Rec[] = [];
  while (r.next()) {
    out.push([r.key.toString('utf8', r.keyStart, r.keyStart + r.keyLength), r.val.toString('utf8', r.valStart, r.valStart + r.valLength)]);
  }
  r.close();
  return out;
}
