import { Readable, Writable } from 'node:stream';
import type { Configuration } from '../../common/conf/configuration';
import { FsErrors } from '../../common/fs/errors';
import { FileSystem, userName } from '../../common/fs/filesystem';
import type { BlockLocation, ContentSummary, CreateOptions, FileStatus, FsStatus, FsSupports } from '../../common/fs/interfaces';
import { Path } from '../../common/fs/path';
import type { DatanodeInfo, FsStats, HdfsFileStatus, SafeModeAction, SafeModeStatus } from '../protocol/types';
import { DFSClient, nameNodeAddressOf } from './dfs-client';
import { DFSInputStream, closestFirst, readableBlocks, withLastBlock } from './dfs-input-stream';
import { DFSOutputStream } from './dfs-output-stream';

/**
 * hdfs://host:port: the FileSystem interface over the NameNode's ClientProtocol, with blocks
 * streamed to and from DataNodes by DFSOutputStream and DFSInputStream.
 */
export class DistributedFileSystem extends FileSystem {
  readonly scheme = 'hdfs';
  readonly supports: FsSupports = { append: true, permissions: true, owners: true, replication: true, times: true };
  readonly client: DFSClient;

  /**
   * `user` owns what this client creates and names its home directory (a WebHDFS DataNode
   * acting for `user.name`); the process's user (HADOOP_USER_NAME or the login) by default.
   */
  constructor(
    uri: Path | string,
    conf: Configuration,
    private readonly user?: string,
  ) {
    const authority = Path.of(uri).authority;
    const address = nameNodeAddressOf(authority);
    // the port is part of the authority only when it was given, as in Hadoop's URIs
    super(conf, authority);
    this.client = new DFSClient(conf, address);
  }

  override getHomeDirectory(): Path {
    return this.qualify(`/user/${this.owner()}`);
  }

  private owner(): string {
    return this.user ?? userName();
  }

  private toFileStatus(s: HdfsFileStatus): FileStatus {
    return {
      path: this.qualify(s.path),
      length: s.length,
      isDirectory: s.isDirectory,
      replication: s.isDirectory ? 0 : s.replication,
      blockSize: s.isDirectory ? 0 : s.blockSize,
      modificationTime: s.modificationTime,
      accessTime: s.accessTime,
      permission: s.permission,
      owner: s.owner,
      group: s.group,
    };
  }

  private async statusOf(path: string): Promise<HdfsFileStatus> {
    const { status } = await this.client.call('getFileInfo', { path });
    if (!status) throw FsErrors.notFound(this.qualify(path));
    return status;
  }

  protected async _open(path: string, range: { start: number; end?: number }): Promise<Readable> {
    const status = await this.statusOf(path);
    if (status.isDirectory) throw FsErrors.isDirectory(this.qualify(path));
    const end = range.end === undefined ? status.length : Math.min(range.end, status.length);
    const length = Math.max(0, end - range.start);
    const { located } = await this.client.call('getBlockLocations', { path, offset: range.start, length });
    return new DFSInputStream(this.client, path, range.start, range.end, await readableBlocks(located, this.conf.getInt('dfs.socket.timeout')));
  }

  protected async _create(path: string, options: CreateOptions): Promise<Writable> {
    const replication = options.replication ?? this.conf.getInt('dfs.replication');
    const blockSize = options.blockSize ?? this.conf.getLong('dfs.block.size');
    const { status } = await this.client.call('create', {
      path,
      clientName: this.client.clientName,
      overwrite: options.overwrite ?? false,
      replication,
      blockSize,
      permission: options.permission ?? 0o644,
      owner: this.owner(),
    });
    return new DFSOutputStream(this.client, { path, replication: status.replication, blockSize: status.blockSize });
  }

  protected async _append(path: string): Promise<Writable> {
    const status = await this.statusOf(path);
    if (status.isDirectory) throw FsErrors.isDirectory(this.qualify(path));
    const res = await this.client.call('append', { path, clientName: this.client.clientName });
    return new DFSOutputStream(this.client, {
      path,
      replication: res.status.replication,
      blockSize: res.status.blockSize,
      lastBlock: res.lastBlock,
      length: res.status.length,
    });
  }

  protected async _mkdirs(path: string, permission: number): Promise<void> {
    await this.client.call('mkdirs', { path, permission, owner: this.owner() });
  }

  protected async _delete(path: string, recursive: boolean): Promise<boolean> {
    return (await this.client.call('delete', { path, recursive })).deleted;
  }

  protected async _rename(src: string, dst: string): Promise<void> {
    await this.client.call('rename', { src, dst });
  }

  protected async _getFileStatus(path: string): Promise<FileStatus> {
    return this.toFileStatus(await this.statusOf(path));
  }

  protected async _listStatus(path: string): Promise<FileStatus[]> {
    const { statuses } = await this.client.call('getListing', { path });
    return statuses.map((s) => this.toFileStatus(s));
  }

  protected async _setPermission(path: string, permission: number): Promise<void> {
    await this.client.call('setPermission', { path, permission });
  }

  protected async _setOwner(path: string, owner: string | null, group: string | null): Promise<void> {
    await this.client.call('setOwner', { path, owner, group });
  }

  protected async _setReplication(path: string, replication: number): Promise<boolean> {
    return (await this.client.call('setReplication', { path, replication })).ok;
  }

  protected async _setTimes(path: string, mtime: number, atime: number): Promise<void> {
    await this.client.call('setTimes', { path, mtime, atime });
  }

  protected async _getStatus(): Promise<FsStatus> {
    const s = await this.getStats();
    return { capacity: s.capacity, used: s.used, remaining: s.remaining };
  }

  protected override async _getContentSummary(path: string): Promise<ContentSummary> {
    return (await this.client.call('getContentSummary', { path })).summary;
  }

  protected override async _getFileBlockLocations(status: FileStatus, start: number, len: number): Promise<BlockLocation[]> {
    const path = status.path.path;
    const { located } = await this.client.call('getBlockLocations', { path, offset: start, length: len });
    const end = start + len;
    return withLastBlock(located)
      .filter((b) => b.offset < end && b.offset + b.block.numBytes > start)
      .map((b) => {
        const nodes = closestFirst(b.locations);
        return {
          offset: b.offset,
          length: b.block.numBytes,
          hosts: nodes.map((n) => n.host),
          names: nodes.map((n) => n.name),
          topologyPaths: nodes.map((n) => `${n.rack}/${n.name}`),
        };
      });
  }

  // ---- HDFS only: what dfsadmin and fsck ask -------------------------------------------------

  getStats(): Promise<FsStats> {
    return this.client.call('getStats', {}).then((r) => r.stats);
  }

  async datanodeReport(type: 'all' | 'live' | 'dead'): Promise<DatanodeInfo[]> {
    return (await this.client.call('datanodeReport', { type })).datanodes;
  }

  async setSafeMode(action: SafeModeAction): Promise<SafeModeStatus> {
    return (await this.client.call('setSafeMode', { action })).status;
  }

  /** A directory's quotas (Hadoop's DistributedFileSystem.setQuota): positive sets, -1 clears, null leaves. */
  async setQuota(path: Path | string, nsQuota: number | null, dsQuota: number | null): Promise<void> {
    await this.client.call('setQuota', { path: this.toAbsolute(path), nsQuota, dsQuota });
  }

  async refreshNodes(): Promise<void> {
    await this.client.call('refreshNodes', {});
  }

  /** Starts lease recovery of a file whose writer is gone; true once the file is closed. */
  async recoverLease(p: Path | string): Promise<boolean> {
    return (await this.client.call('recoverLease', { path: this.toAbsolute(p), clientName: this.client.clientName })).closed;
  }

  async fsck(
    p: Path | string,
    opts: { files: boolean; blocks: boolean; locations: boolean; racks: boolean; openForWrite?: boolean },
  ): Promise<{ report: string; healthy: boolean; corruptFiles: string[] }> {
    return this.client.call('fsck', { path: this.toAbsolute(p), ...opts });
  }

  override async close(): Promise<void> {
    this.client.close();
  }
}

FileSystem.register('hdfs', (uri, conf) => new DistributedFileSystem(uri, conf));
