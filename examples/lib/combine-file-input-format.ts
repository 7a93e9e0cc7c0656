import { HadoopError } from '../../common/errors';
import { FileStatus, FileSystem, Path } from '../../common/fs/index';
import type { JobContext, TaskAttemptContext } from '../../mapreduce/api/context';
import { InputSplit, RecordReader } from '../../mapreduce/api/input-format';
import { FileInputFormat, SPLIT_MAXSIZE } from '../../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../../mapreduce/lib/input/file-split';
import { hadoopPath } from '../../mapreduce/lib/input/path-strings';

/** Pieces of one or more files read by one map, in order. */
export class CombineFileSplit implements InputSplit {
  constructor(readonly chunks: FileSplit[]) {}

  getNumPaths(): number {
    return this.chunks.length;
  }
  getPath(i: number): Path {
    return this.chunks[i].getPath();
  }
  getLength(): number {
    let n = 0;
    for (const c of this.chunks) n += c.getLength();
    return n;
  }
  getLocations(): string[] {
    return [...new Set(this.chunks.flatMap((c) => c.getLocations()))];
  }
  toJSON(): object {
    return { chunks: this.chunks.map((c) => c.toJSON()) };
  }
  static fromJSON(json: object): CombineFileSplit {
    const chunks = (json as { chunks?: unknown }).chunks;
    if (!Array.isArray(chunks)) throw new HadoopError('MR_BAD_SPLIT', `Not a combine-file split: ${JSON.stringify(json)}`);
    return new CombineFileSplit(chunks.map((c: object) => FileSplit.fromJSON(c)));
  }
  toString(): string {
    return this.chunks.map(String).join(',');
  }
}

/**
 * Hadoop's CombineFileInputFormat, simplified for one host: many small files per split. Files
 * are taken in path order; a splittable file longer than the limit is cut into pieces of the
 * limit; pieces are packed into a split until the next would take it past the limit. The limit
 * is mapred.max.split.size when set, else the file's block size (fs.local.block.size on file://).
 * Subclasses give the reader of one piece.
 */
export abstract class CombineFileInputFormat<K, V> extends FileInputFormat<K, V> {
  /** Reads piece `index` of the split (a FileSplit of one file). */
  protected abstract createChunkReader(split: CombineFileSplit, index: number, context: TaskAttemptContext): RecordReader<K, V>;

  createRecordReader(_split: InputSplit, context: TaskAttemptContext): RecordReader<K, V> {
    return new CombineFileRecordReader<K, V>((split, index) => this.createChunkReader(split, index, context));
  }

  override async getSplits(job: JobContext): Promise<InputSplit[]> {
    const conf = job.getConfiguration();
    const maxSize = conf.isSet(SPLIT_MAXSIZE) ? FileInputFormat.getMaxSplitSize(job) : null;
    const files = (await this.listStatus(job)).sort((a, b) => (a.path.toString() < b.path.toString() ? -1 : a.path.toString() > b.path.toString() ? 1 : 0));
    const splits: CombineFileSplit[] = [];
    let current: FileSplit[] = [];
    let currentSize = 0;
    for (const file of files) {
      const limit = Math.max(1, maxSize ?? file.blockSize);
      for (const chunk of await this.chunksOf(job, file, limit)) {
        if (current.length > 0 && currentSize + chunk.getLength() > limit) {
          splits.push(new CombineFileSplit(current));
          current = [];
          currentSize = 0;
        }
        current.push(chunk);
        currentSize += chunk.getLength();
      }
    }
    if (current.length > 0) splits.push(new CombineFileSplit(current));
    return splits;
  }

  override splitFromJSON(json: object): InputSplit {
    return CombineFileSplit.fromJSON(json);
  }

  private async chunksOf(job: JobContext, file: FileStatus, limit: number): Promise<FileSplit[]> {
    const path = hadoopPath(file.path);
    const fs = FileSystem.get(job.getConfiguration(), file.path);
    const blocks = file.length > 0 ? await fs.getFileBlockLocations(file, 0, file.length) : [];
    const hostsAt = (offset: number) => [...(blocks.find((b) => b.offset <= offset && offset < b.offset + b.length)?.hosts ?? [])];
    if (file.length <= limit || !this.isSplitable(job, path)) return [new FileSplit(path, 0, file.length, hostsAt(0))];
    const chunks: FileSplit[] = [];
    for (let start = 0; start < file.length; start += limit) {
      chunks.push(new FileSplit(path, start, Math.min(limit, file.length - start), hostsAt(start)));
    }
    return chunks;
  }
}

/** Reads the pieces of a CombineFileSplit one after another, each with its own reader. */
export class CombineFileRecordReader<K, V> extends RecordReader<K, V> {
  private split: CombineFileSplit | null = null;
  private context: TaskAttemptContext | null = null;
  private index = -1;
  private current: RecordReader<K, V> | null = null;
  private bytesDone = 0;
  private total = 0;

  constructor(private readonly chunkReader: (split: CombineFileSplit, index: number) => RecordReader<K, V>) {
    super();
  }

  async initialize(split: InputSplit, context: TaskAttemptContext): Promise<void> {
    this.split = split as CombineFileSplit;
    this.context = context;
    this.total = this.split.getLength();
  }

  async nextKeyValue(): Promise<boolean> {
    const split = this.split;
    if (split === null) return false;
    for (;;) {
      if (this.current !== null && (await this.current.nextKeyValue())) return true;
      if (this.current !== null) {
        await this.current.close();
        this.current = null;
        this.bytesDone += split.chunks[this.index].getLength();
      }
      if (this.index + 1 >= split.chunks.length) return false;
      this.index++;
      const reader = this.chunkReader(split, this.index);
      await reader.initialize(split.chunks[this.index], this.context!);
      this.current = reader;
    }
  }

  getCurrentKey(): K {
    return this.reader().getCurrentKey();
  }

  getCurrentValue(): V {
    return this.reader().getCurrentValue();
  }

  getProgress(): number {
    if (this.split === null || this.total === 0) return this.index + 1 >= (this.split?.chunks.length ?? 0) ? 1 : 0;
    const inChunk = this.current ? this.current.getProgress() * this.split.chunks[this.index].getLength() : 0;
    return Math.min(1, (this.bytesDone + inChunk) / this.total);
  }

  async close(): Promise<void> {
    const r = this.current;
    this.current = null;
    this.split = null;
    if (r) await r.close();
  }

  private reader(): RecordReader<K, V> {
    if (this.current === null) throw new HadoopError('MR_NO_RECORD', 'No current record: call nextKeyValue first');
    return this.current;
  }
}
