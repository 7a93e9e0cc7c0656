import axios, { AxiosInstance, AxiosResponse } from 'axios';
import * as http from 'node:http';
import { PassThrough, Readable, Writable } from 'node:stream';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import { FileSystem, userName } from '../../common/fs/filesystem';
import type { ContentSummary, CreateOptions, FileChecksum, FileStatus, FsStatus, FsSupports } from '../../common/fs/interfaces';
import { Path } from '../../common/fs/path';
import { encodePath } from '../webhdfs/params';

/** WebHDFS's default port: the NameNode's web port (dfs.http.address). */
const DEFAULT_PORT = 50070;

/** RemoteException names back to our codes (the reverse of dfs/webhdfs/json.ts). */
const CODES: Record<string, string> = {
  FileNotFoundException: 'FS_NOT_FOUND',
  FileAlreadyExistsException: 'FS_FILE_EXISTS',
  PathIsDirectoryException: 'FS_IS_DIRECTORY',
  PathIsNotDirectoryException: 'FS_NOT_DIRECTORY',
  PathIsNotEmptyDirectoryException: 'FS_DIRECTORY_NOT_EMPTY',
  ParentNotDirectoryException: 'FS_PARENT_NOT_DIRECTORY',
  AccessControlException: 'FS_PERMISSION_DENIED',
  IllegalArgumentException: 'FS_INVALID_ARGUMENT',
  UnsupportedOperationException: 'FS_NOT_SUPPORTED',
  SafeModeException: 'DFS_SAFE_MODE',
  NSQuotaExceededException: 'DFS_NSQUOTA_EXCEEDED',
  DSQuotaExceededException: 'DFS_DSQUOTA_EXCEEDED',
};

interface WebFileStatus {
  accessTime: number;
  blockSize: number;
  group: string;
  length: number;
  modificationTime: number;
  owner: string;
  pathSuffix: string;
  permission: string;
  replication: number;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
}

type Params = Record<string, string | number | boolean | undefined>;

/**
 * The webhdfs:// FileSystem (Hadoop's WebHdfsFileSystem): HDFS over the NameNode's REST API on
 * its web port, so a client needs nothing but HTTP to the NameNode and the DataNodes. Metadata
 * calls go to the NameNode; reads, writes and appends follow its 307 to a DataNode, the data
 * streaming in the request or response body. Errors come back as the codes the rest of the
 * system uses, from the RemoteException's name.
 */
export class WebHdfsFileSystem extends FileSystem {
  readonly scheme = 'webhdfs';
  readonly supports: FsSupports = { append: true, permissions: true, owners: true, replication: true, times: true };
  private readonly http: AxiosInstance;
  private readonly base: string;

  constructor(uri: Path | string, conf: Configuration) {
    const authority = Path.of(uri).authority;
    if (!authority) throw FsErrors.invalidArgument('A webhdfs:// URI needs the NameNode web address, e.g. webhdfs://localhost:50070/');
    super(conf, authority);
    this.base = `http://${/:\d+$/.test(authority) ? authority : `${authority}:${DEFAULT_PORT}`}/webhdfs/v1`;
    this.http = axios.create({
      httpAgent: new http.Agent({ keepAlive: true }),
      maxRedirects: 0,
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      timeout: conf.getInt('dfs.socket.timeout'),
    });
  }

  override getHomeDirectory(): Path {
    return this.qualify(`/user/${userName()}`);
  }

  private url(path: string, op: string, params: Params = {}): string {
    const q = new URLSearchParams({ op, 'user.name': userName() });
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    return `${this.base}${encodePath(path)}?${q}`;
  }

  /** A metadata call answered by the NameNode: its JSON, or the RemoteException as a HadoopError. */
  private async call<T>(method: string, path: string, op: string, params: Params = {}): Promise<T> {
    const res = await this.send({ method, url: this.url(path, op, params) });
    return res.data as T;
  }

  private async send(config: Parameters<AxiosInstance['request']>[0], expect = [200]): Promise<AxiosResponse> {
    let res: AxiosResponse;
    try {
      res = await this.http.request(config);
    } catch (e) {
      throw new HadoopError('WEBHDFS_UNREACHABLE', `Cannot reach ${new URL(config.url!).host}: ${(e as Error).message}`);
    }
    if (!expect.includes(res.status)) throw await remoteError(res);
    return res;
  }

  /** Step one of OPEN, CREATE, APPEND, GETFILECHECKSUM: the NameNode's 307 to a DataNode. */
  private async dataNodeUrl(method: string, path: string, op: string, params: Params = {}): Promise<string> {
    const res = await this.send({ method, url: this.url(path, op, params), responseType: 'stream' }, [307]);
    (res.data as Readable).resume();
    return res.headers.location as string;
  }

  private toFileStatus(s: WebFileStatus, path: string): FileStatus {
    return {
      path: this.qualify(path),
      length: s.length,
      isDirectory: s.type === 'DIRECTORY',
      replication: s.replication,
      blockSize: s.blockSize,
      modificationTime: s.modificationTime,
      accessTime: s.accessTime,
      permission: parseInt(s.permission, 8),
      owner: s.owner,
      group: s.group,
    };
  }

  protected async _open(path: string, range: { start: number; end?: number; bufferSize?: number }): Promise<Readable> {
    const length = range.end === undefined ? undefined : range.end - range.start;
    const st = await this._getFileStatus(path);
    if (st.isDirectory) throw FsErrors.isDirectory(this.qualify(path));
    // Hadoop's NameNode refuses an offset past the end; a reader there just gets nothing
    if (length === 0 || (range.start >= st.length && range.start > 0)) return Readable.from([]);
    const location = await this.dataNodeUrl('GET', path, 'OPEN', { offset: range.start, length, buffersize: range.bufferSize });
    const res = await this.send({ method: 'GET', url: location, responseType: 'stream' });
    return res.data as Readable;
  }

  protected async _create(path: string, options: CreateOptions): Promise<Writable> {
    const location = await this.dataNodeUrl('PUT', path, 'CREATE', {
      overwrite: options.overwrite ?? false,
      replication: options.replication,
      blocksize: options.blockSize,
      permission: (options.permission ?? 0o644).toString(8),
    });
    return this.upload('PUT', location, 201);
  }

  protected async _append(path: string): Promise<Writable> {
    return this.upload('POST', await this.dataNodeUrl('POST', path, 'APPEND'), 200);
  }

  /** Step two of CREATE and APPEND: a stream into the DataNode's request body, finished when it answers. */
  private upload(method: string, location: string, status: number): Writable {
    const body = new PassThrough({ highWaterMark: 1 << 20 });
    const answer = this.send({ method, url: location, data: body, headers: { 'content-type': 'application/octet-stream' } }, [status]);
    const out = new Writable({
      highWaterMark: 1 << 20,
      write(chunk: Buffer, _enc, cb) {
        if (body.write(chunk)) cb();
        else body.once('drain', () => cb());
      },
      final(cb) {
        body.end();
        answer.then(
          () => cb(),
          (e: Error) => cb(e),
        );
      },
      destroy(err, cb) {
        body.destroy(err ?? undefined);
        cb(err);
      },
    });
    // a DataNode that answers early (a quota reached, a pipeline lost) stops the writer at once
    answer.catch((e: Error) => out.destroy(e));
    return out;
  }

  protected async _mkdirs(path: string, permission: number): Promise<void> {
    await this.call('PUT', path, 'MKDIRS', { permission: permission.toString(8) });
  }

  protected async _delete(path: string, recursive: boolean): Promise<boolean> {
    return (await this.call<{ boolean: boolean }>('DELETE', path, 'DELETE', { recursive })).boolean;
  }

  protected async _rename(src: string, dst: string): Promise<void> {
    // FileSystem.rename has checked what makes HDFS answer false, so false here is a lost race
    const ok = (await this.call<{ boolean: boolean }>('PUT', src, 'RENAME', { destination: dst })).boolean;
    if (!ok) throw new HadoopError('FS_RENAME_FAILED', `Failed to rename ${this.qualify(src)} to ${this.qualify(dst)}`);
  }

  protected async _getFileStatus(path: string): Promise<FileStatus> {
    return this.toFileStatus((await this.call<{ FileStatus: WebFileStatus }>('GET', path, 'GETFILESTATUS')).FileStatus, path);
  }

  protected async _listStatus(path: string): Promise<FileStatus[]> {
    const list = (await this.call<{ FileStatuses: { FileStatus: WebFileStatus[] } }>('GET', path, 'LISTSTATUS')).FileStatuses.FileStatus;
    return list.map((s) => this.toFileStatus(s, s.pathSuffix === '' ? path : path === '/' ? `/${s.pathSuffix}` : `${path}/${s.pathSuffix}`));
  }

  protected async _setPermission(path: string, permission: number): Promise<void> {
    await this.call('PUT', path, 'SETPERMISSION', { permission: permission.toString(8) });
  }

  protected async _setOwner(path: string, owner: string | null, group: string | null): Promise<void> {
    await this.call('PUT', path, 'SETOWNER', { owner: owner ?? undefined, group: group ?? undefined });
  }

  protected async _setReplication(path: string, replication: number): Promise<boolean> {
    return (await this.call<{ boolean: boolean }>('PUT', path, 'SETREPLICATION', { replication })).boolean;
  }

  protected async _setTimes(path: string, mtime: number, atime: number): Promise<void> {
    await this.call('PUT', path, 'SETTIMES', { modificationtime: mtime, accesstime: atime });
  }

  protected override async _getContentSummary(path: string): Promise<ContentSummary> {
    return (await this.call<{ ContentSummary: ContentSummary }>('GET', path, 'GETCONTENTSUMMARY')).ContentSummary;
  }

  protected async _getStatus(): Promise<FsStatus> {
    throw FsErrors.notSupported('getStatus', this.scheme);
  }

  /** GETFILECHECKSUM: the DataNode computes it, so the file's bytes do not cross to this client. */
  override async getFileChecksum(p: Path | string): Promise<FileChecksum> {
    const path = this.toAbsolute(p);
    const st = await this._getFileStatus(path);
    if (st.isDirectory) throw FsErrors.isDirectory(st.path);
    const location = await this.dataNodeUrl('GET', path, 'GETFILECHECKSUM');
    const sum = (await this.send({ method: 'GET', url: location })).data as { FileChecksum: { algorithm: string; bytes: string } };
    return { algorithmName: sum.FileChecksum.algorithm, bytes: Buffer.from(sum.FileChecksum.bytes, 'hex') };
  }
}

/** The RemoteException of a failed call as a HadoopError with our code. */
async function remoteError(res: AxiosResponse): Promise<HadoopError> {
  let data = res.data as unknown;
  if (data instanceof Readable) {
    const parts: Buffer[] = [];
    for await (const c of data) parts.push(c as Buffer);
    try {
      data = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      data = null;
    }
  }
  const r = (data as { RemoteException?: { exception: string; message: string } } | null)?.RemoteException;
  if (!r) return new HadoopError('WEBHDFS_HTTP', `HTTP ${res.status} from ${res.config.url ? new URL(res.config.url).host : 'WebHDFS'}`);
  return new HadoopError(CODES[r.exception] ?? 'WEBHDFS_REMOTE', r.message);
}

FileSystem.register('webhdfs', (uri, conf) => new WebHdfsFileSystem(uri, conf));
