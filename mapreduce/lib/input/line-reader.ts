import type { Readable } from 'node:stream';

const LF = 10;
const CR = 13;
const EMPTY = Buffer.alloc(0);

/**
 * Hadoop's util.LineReader over a stream: lines end at `\n`, `\r\n` or `\r`, including a `\r\n`
 * split across two chunks. It scans each chunk with indexOf (no per-byte JavaScript) and keeps
 * one chunk in memory, plus the pieces of a line that spans chunks.
 *
 * readLine returns the bytes it consumed, terminator included (0 at end of input); the line's
 * text is then available from lineText() until the next read.
 */
export class LineReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buf: Buffer = EMPTY;
  private p = 0;
  /** Cached positions of the next LF / CR at or after p in buf; buf.length when there is none. */
  private nextLF = -1;
  private nextCR = -1;
  private eof = false;
  /** The current line: buf[lineStart, lineEnd) or, for a line that spanned chunks, `pieces`. */
  private lineStart = 0;
  private lineEnd = 0;
  private pieces: Buffer[] | null = null;
  private lineLength = 0;
  /** Bytes taken from the stream so far. */
  bytesIn = 0;

  constructor(input: Readable | AsyncIterable<Buffer>) {
    this.chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  /** Bytes of the last line, without terminator (the full length, even for a line not kept). */
  getLineLength(): number {
    return this.lineLength;
  }

  /** The last line as text. */
  lineText(): string {
    if (this.pieces === null) return this.buf.toString('utf8', this.lineStart, this.lineEnd);
    return Buffer.concat(this.pieces).toString('utf8');
  }

  /** The last line's bytes (a view valid until the next read). */
  lineBytes(): Buffer {
    if (this.pieces === null) return this.buf.subarray(this.lineStart, this.lineEnd);
    return Buffer.concat(this.pieces);
  }

  /**
   * Reads a line that lies wholly in the current chunk, without awaiting; -1 when the line (or
   * the byte after a final `\r`) is in a later chunk and readLine must be used.
   */
  readLineSync(): number {
    const buf = this.buf;
    const p = this.p;
    if (this.nextLF < p) {
      const i = buf.indexOf(LF, p);
      this.nextLF = i < 0 ? buf.length : i;
    }
    if (this.nextCR < p) {
      const i = buf.indexOf(CR, p);
      this.nextCR = i < 0 ? buf.length : i;
    }
    let t: number;
    let term: number;
    if (this.nextLF < this.nextCR) {
      t = this.nextLF;
      term = 1;
    } else {
      t = this.nextCR;
      if (t + 1 >= buf.length) return -1; // no terminator, or a \r whose next byte is not here yet
      term = buf[t + 1] === LF ? 2 : 1;
    }
    this.pieces = null;
    this.lineStart = p;
    this.lineEnd = t;
    this.lineLength = t - p;
    this.p = t + term;
    return t - p + term;
  }

  /**
   * Reads the next line, however many chunks it spans. Bytes of a line longer than keepLimit
   * are counted but not kept (Hadoop skips such lines), so memory stays bounded.
   */
  async readLine(keepLimit = Infinity): Promise<number> {
    const fast = this.readLineSync();
    if (fast >= 0) return fast;
    const pieces: Buffer[] = [];
    let kept = true;
    let length = 0;
    let consumed = 0;
    for (;;) {
      if (this.p >= this.buf.length && !(await this.load())) {
        // end of input: a last line without terminator, or nothing
        this.setPieces(pieces, kept, length);
        return consumed;
      }
      const buf = this.buf;
      const p = this.p;
      const t = this.findTerminator();
      const n = t - p;
      length += n;
      consumed += n;
      if (kept && length > keepLimit) {
        kept = false;
        pieces.length = 0;
      }
      if (kept && n > 0) pieces.push(buf.subarray(p, t));
      if (t === buf.length) {
        this.p = t;
        continue;
      }
      this.p = t + 1;
      consumed += 1;
      if (buf[t] === CR) {
        // a \n right after the \r belongs to the same terminator, even in the next chunk
        if (this.p >= this.buf.length) await this.load();
        if (this.p < this.buf.length && this.buf[this.p] === LF) {
          this.p++;
          consumed++;
        }
      }
      this.setPieces(pieces, kept, length);
      return consumed;
    }
  }

  /** Stops reading and releases the stream. */
  async close(): Promise<void> {
    this.eof = true;
    this.buf = EMPTY;
    this.p = 0;
    await this.chunks.return?.();
  }

  private setPieces(pieces: Buffer[], kept: boolean, length: number): void {
    this.pieces = kept ? pieces : [];
    this.lineLength = length;
  }

  /** The first LF or CR at or after p in the current chunk, or buf.length. */
  private findTerminator(): number {
    const buf = this.buf;
    const p = this.p;
    if (this.nextLF < p) {
      const i = buf.indexOf(LF, p);
      this.nextLF = i < 0 ? buf.length : i;
    }
    if (this.nextCR < p) {
      const i = buf.indexOf(CR, p);
      this.nextCR = i < 0 ? buf.length : i;
    }
    return this.nextLF < this.nextCR ? this.nextLF : this.nextCR;
  }

  /** Replaces the exhausted chunk with the next non-empty one; false at end of input. */
  private async load(): Promise<boolean> {
    while (!this.eof) {
      const r = await this.chunks.next();
      if (r.done) {
        this.eof = true;
        break;
      }
      const chunk = r.value;
      if (chunk.length === 0) continue;
      this.buf = chunk;
      this.p = 0;
      this.nextLF = -1;
      this.nextCR = -1;
      this.bytesIn += chunk.length;
      return true;
    }
    this.buf = EMPTY;
    this.p = 0;
    this.nextLF = -1;
    this.nextCR = -1;
    return false;
  }
}
