import { createHash } from 'node:crypto';
import * as os from 'node:os';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { loadClass } from '../classes';
import { Configuration } from '../conf/configuration';
import { HadoopError } from '../errors';
import { FsErrors } from './errors';
import { globStatus } from './glob';
import { countReads, countWrites, statisticsFor } from './statistics';
import type {
  BlockLocation,
  ContentSummary,
  CreateOptions,
  FileChecksum,
  FileStatus,
  FsStatus,
  FsSupports,
  OpenOptions,
} from './interfaces';
import { Path } from './path';

type Factory = (uri: Path, conf: Configuration) => FileSystem;
const registry = new Map<string, Factory>();
const cache = new Map<string, FileSystem>();

/**
 * The one filesystem interface (file://, hdfs://, ...). Public methods qualify and check their
 * paths, then call the `_method` an implementation overrides with an absolute path string, the
 * way abstract-level does; every implementation runs the same conformance suite.
 */
export abstract class FileSystem {
  abstract readonly scheme: string;
  abstract readonly supports: FsSupports;
  /** host:port for hdfs://, null for file:// */
  readonly authority: string | null;
  private workingDir: string;

  constructor(
    readonly conf: Configuration,
    authority: string | null,
  ) {
    this.authority = authority;
    this.workingDir = this.defaultWorkingDirectory();
  }

  static register(scheme: string, factory: Factory): void {
    registry.set(scheme, factory);
  }

  /** The filesystem for a path's scheme, or fs.default.name's when the path has none. */
  static get(conf: Configuration, p?: Path | string): FileSystem {
    const def = new Path(conf.get('fs.default.name', 'file:///'));
    const path = p === undefined ? def : Path.of(p);
    const scheme = path.scheme ?? def.scheme ?? 'file';
    const authority = path.scheme ? path.authority : def.authority;
    const factory = registry.get(scheme) ?? loadScheme(conf, scheme);
    const key = `${scheme}://${authority ?? ''}`;
    let fs = cache.get(key);
    if (!fs || fs.conf !== conf) {
      fs = factory(new Path(`${scheme}://${authority ?? ''}/`), conf);
      cache.set(key, fs);
    }
    return fs;
  }

  static clearCache(): void {
    cache.clear();
  }

  uri(): string {
    return `${this.scheme}://${this.authority ?? ''}`;
  }

  protected defaultWorkingDirectory(): string {
    return '/';
  }

  getWorkingDirectory(): Path {
    return this.qualify(this.workingDir);
  }

  setWorkingDirectory(p: Path | string): void {
    this.workingDir = this.toAbsolute(p);
  }

  getHomeDirectory(): Path {
    return this.qualify(`/user/${userName()}`);
  }

  /** The path with this filesystem's scheme and authority, relative paths resolved. */
  makeQualified(p: Path | string): Path {
    return this.qualify(this.toAbsolute(p));
  }

  qualify(abs: string): Path {
    return new Path(`${this.uri()}${abs}`);
  }

  /** The absolute path component of p, after checking that p belongs to this filesystem. */
  toAbsolute(p: Path | string): string {
    const path = Path.of(p);
    if (path.scheme !== null) {
      const sameAuthority = (path.authority ?? '') === (this.authority ?? '') || path.authority === null;
      if (path.scheme !== this.scheme || !sameAuthority) throw FsErrors.wrongFs(path, this.uri());
    }
    if (path.isAbsolute()) return path.path;
    return new Path(new Path(this.workingDir), path).path;
  }

  // ---- public API -------------------------------------------------------------------------

  async open(p: Path | string, options: OpenOptions = {}): Promise<Readable> {
    const start = options.start ?? 0;
    if (start < 0 || (options.end !== undefined && options.end < start)) {
      throw FsErrors.invalidArgument(`Bad read range [${start}, ${options.end}) for ${p}`);
    }
    if (options.bufferSize !== undefined && !(Number.isInteger(options.bufferSize) && options.bufferSize > 0)) {
      throw FsErrors.invalidArgument(`Bad buffer size ${options.bufferSize} for ${p}`);
    }
    const stream = await this._open(this.toAbsolute(p), { start, end: options.end, bufferSize: options.bufferSize });
    return countReads(stream, statisticsFor(this.scheme));
  }

  async create(p: Path | string, options: CreateOptions = {}): Promise<Writable> {
    return countWrites(await this._create(this.toAbsolute(p), options), statisticsFor(this.scheme));
  }

  async append(p: Path | string): Promise<Writable> {
    if (!this.supports.append) throw FsErrors.notSupported('append', this.scheme);
    return countWrites(await this._append(this.toAbsolute(p)), statisticsFor(this.scheme));
  }

  async mkdirs(p: Path | string, permission?: number): Promise<void> {
    return this._mkdirs(this.toAbsolute(p), permission ?? 0o755);
  }

  /** Returns false when the path did not exist. */
  async delete(p: Path | string, recursive = false): Promise<boolean> {
    return this._delete(this.toAbsolute(p), recursive);
  }

  /** HDFS semantics: renaming onto an existing directory moves the source into it. */
  async rename(src: Path | string, dst: Path | string): Promise<void> {
    const s = this.toAbsolute(src);
    let d = this.toAbsolute(dst);
    const srcStat = await this.getFileStatus(s);
    const dstStat = await this.statOrNull(d);
    if (dstStat?.isDirectory) d = new Path(new Path(d), new Path(s).getName()).path;
    if (s === d) return;
    if (srcStat.isDirectory && (d === s || d.startsWith(s === '/' ? '/' : s + '/'))) {
      throw FsErrors.renameIntoSelf(this.qualify(s), this.qualify(d));
    }
    if (d !== this.toAbsolute(dst) && (await this.exists(d))) throw FsErrors.exists(this.qualify(d));
    if (dstStat && !dstStat.isDirectory) throw FsErrors.exists(this.qualify(d));
    const parent = new Path(d).getParent();
    if (parent) {
      const ps = await this.statOrNull(parent.path);
      if (!ps) throw FsErrors.notFound(this.qualify(parent.path));
      if (!ps.isDirectory) throw FsErrors.parentNotDirectory(this.qualify(d));
    }
    return this._rename(s, d);
  }

  async getFileStatus(p: Path | string): Promise<FileStatus> {
    return this._getFileStatus(this.toAbsolute(p));
  }

  async statOrNull(p: Path | string): Promise<FileStatus | null> {
    try {
      return await this.getFileStatus(p);
    } catch (e) {
      if ((e as { code?: string }).code === 'FS_NOT_FOUND') return null;
      throw e;
    }
  }

  async exists(p: Path | string): Promise<boolean> {
    return (await this.statOrNull(p)) !== null;
  }

  /** A directory's children sorted by name, or the file itself. */
  async listStatus(p: Path | string): Promise<FileStatus[]> {
    const list = await this._listStatus(this.toAbsolute(p));
    return list.sort((a, b) => (a.path.path < b.path.path ? -1 : a.path.path > b.path.path ? 1 : 0));
  }

  /** Hadoop's glob: null for a plain path that does not exist, [] for a glob that matches nothing. */
  async globStatus(pattern: Path | string): Promise<FileStatus[] | null> {
    return globStatus(this, this.toAbsolute(pattern));
  }

  async setPermission(p: Path | string, permission: number): Promise<void> {
    if (!this.supports.permissions) throw FsErrors.notSupported('setPermission', this.scheme);
    return this._setPermission(this.toAbsolute(p), permission);
  }

  async setOwner(p: Path | string, owner: string | null, group: string | null): Promise<void> {
    if (!this.supports.owners) throw FsErrors.notSupported('setOwner', this.scheme);
    return this._setOwner(this.toAbsolute(p), owner, group);
  }

  /** Returns false for a directory (replication applies to files). */
  async setReplication(p: Path | string, replication: number): Promise<boolean> {
    if (!Number.isInteger(replication) || replication < 1) {
      throw FsErrors.invalidArgument(`Invalid replication ${replication}: must be a positive integer`);
    }
    return this._setReplication(this.toAbsolute(p), replication);
  }

  async setTimes(p: Path | string, mtime: number, atime: number): Promise<void> {
    if (!this.supports.times) throw FsErrors.notSupported('setTimes', this.scheme);
    return this._setTimes(this.toAbsolute(p), mtime, atime);
  }

  async getContentSummary(p: Path | string): Promise<ContentSummary> {
    return this._getContentSummary(this.toAbsolute(p));
  }

  async getFileBlockLocations(status: FileStatus, start: number, len: number): Promise<BlockLocation[]> {
    if (start < 0 || len < 0) throw FsErrors.invalidArgument('Invalid start or len parameter');
    if (status.isDirectory || start >= status.length) return [];
    return this._getFileBlockLocations(status, start, len);
  }

  async getStatus(): Promise<FsStatus> {
    return this._getStatus();
  }

  /**
   * HDFS's MD5-of-MD5-of-CRC32: the MD5 of each block's chunk CRCs, then the MD5 of those, so a
   * file has the same checksum on any filesystem with the same block size.
   */
  async getFileChecksum(p: Path | string): Promise<FileChecksum> {
    const status = await this.getFileStatus(p);
    if (status.isDirectory) throw FsErrors.isDirectory(status.path);
    const bytesPerCrc = this.conf.getInt('io.bytes.per.checksum');
    const blockSize = status.blockSize;
    const fileMd5 = createHash('md5');
    let blockMd5 = createHash('md5');
    let inBlock = 0;
    let chunk = Buffer.alloc(0);
    const crcOut = Buffer.alloc(4);
    const flushChunk = (c: Buffer) => {
      crcOut.writeUInt32BE(zlib.crc32(c) >>> 0, 0);
      blockMd5.update(crcOut);
      inBlock += c.length;
      if (inBlock >= blockSize) {
        fileMd5.update(blockMd5.digest());
        blockMd5 = createHash('md5');
        inBlock = 0;
      }
    };
    for await (const data of await this.open(p)) {
      let buf = chunk.length ? Buffer.concat([chunk, data as Buffer]) : (data as Buffer);
      let off = 0;
      while (buf.length - off >= bytesPerCrc) {
        const take = Math.min(bytesPerCrc, blockSize - inBlock);
        flushChunk(buf.subarray(off, off + take));
        off += take;
      }
      chunk = Buffer.from(buf.subarray(off));
      buf = chunk;
    }
    if (chunk.length) flushChunk(chunk);
    if (inBlock > 0 || status.length === 0) fileMd5.update(blockMd5.digest());
    const crcPerBlock = status.length > blockSize ? Math.floor(blockSize / bytesPerCrc) : 0;
    const bytes = Buffer.alloc(28);
    bytes.writeInt32BE(bytesPerCrc, 0);
    bytes.writeBigInt64BE(BigInt(crcPerBlock), 4);
    fileMd5.digest().copy(bytes, 12);
    return { algorithmName: `MD5-of-${crcPerBlock}MD5-of-${bytesPerCrc}CRC32`, bytes };
  }

  async close(): Promise<void> {
    return;
  }

  // ---- for implementations ----------------------------------------------------------------

  protected abstract _open(path: string, range: { start: number; end?: number; bufferSize?: number }): Promise<Readable>;
  protected abstract _create(path: string, options: CreateOptions): Promise<Writable>;
  protected abstract _append(path: string): Promise<Writable>;
  protected abstract _mkdirs(path: string, permission: number): Promise<void>;
  protected abstract _delete(path: string, recursive: boolean): Promise<boolean>;
  protected abstract _rename(src: string, dst: string): Promise<void>;
  protected abstract _getFileStatus(path: string): Promise<FileStatus>;
  protected abstract _listStatus(path: string): Promise<FileStatus[]>;
  protected abstract _setPermission(path: string, permission: number): Promise<void>;
  protected abstract _setOwner(path: string, owner: string | null, group: string | null): Promise<void>;
  protected abstract _setReplication(path: string, replication: number): Promise<boolean>;
  protected abstract _setTimes(path: string, mtime: number, atime: number): Promise<void>;
  protected abstract _getStatus(): Promise<FsStatus>;

  protected async _getContentSummary(path: string): Promise<ContentSummary> {
    const st = await this._getFileStatus(path);
    const sum: ContentSummary = {
      length: 0,
      fileCount: 0,
      directoryCount: 0,
      quota: -1,
      spaceConsumed: 0,
      spaceQuota: -1,
    };
    const walk = async (s: FileStatus): Promise<void> => {
      if (!s.isDirectory) {
        sum.fileCount++;
        sum.length += s.length;
        sum.spaceConsumed += s.length * s.replication;
        return;
      }
      sum.directoryCount++;
      for (const c of await this._listStatus(s.path.path)) await walk(c);
    };
    await walk(st);
    return sum;
  }

  /** One location per block-sized range, on this host: right for filesystems without blocks. */
  protected async _getFileBlockLocations(status: FileStatus, start: number, len: number): Promise<BlockLocation[]> {
    const out: BlockLocation[] = [];
    const bs = status.blockSize;
    const end = Math.min(status.length, start + len);
    for (let off = Math.floor(start / bs) * bs; off < end; off += bs) {
      out.push({
        offset: off,
        length: Math.min(bs, status.length - off),
        hosts: ['localhost'],
        names: ['localhost:50010'],
        topologyPaths: ['/default-rack/localhost'],
      });
    }
    return out;
  }
}

/**
 * Loads the implementation of a scheme not registered yet: `fs.<scheme>.impl` names its class
 * (Hadoop's key; e.g. fs.hdfs.impl), and its module registers the scheme when it loads.
 */
function loadScheme(conf: Configuration, scheme: string): Factory {
  const ref = conf.get(`fs.${scheme}.impl`);
  if (ref) loadClass(ref, conf);
  const factory = registry.get(scheme);
  if (!factory) throw new HadoopError('FS_NOT_SUPPORTED', `No FileSystem for scheme: ${scheme}`);
  return factory;
}

export function userName(): string {
  return process.env.HADOOP_USER_NAME || os.userInfo().username;
}

// ---- small helpers used everywhere ---------------------------------------------------------

/** Reads a whole file; only for files whose size we bound (conf files, indexes, test output). */
export async function readFully(fs: FileSystem, p: Path | string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await fs.open(p)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export async function writeFully(fs: FileSystem, p: Path | string, data: Buffer | string, overwrite = true): Promise<void> {
  const out = await fs.create(p, { overwrite });
  out.end(data);
  await finished(out);
}

/** Waits for a stream returned by create/append to flush and close. */
export async function closeStream(out: Writable): Promise<void> {
  if (!out.writableEnded) out.end();
  await finished(out);
}
