import type { Path } from './path';

export interface FileStatus {
  path: Path;
  length: number;
  isDirectory: boolean;
  replication: number;
  blockSize: number;
  modificationTime: number;
  accessTime: number;
  /** Permission bits, e.g. 0o644 (sticky bit 0o1000 allowed). */
  permission: number;
  owner: string;
  group: string;
}

export interface BlockLocation {
  offset: number;
  length: number;
  /** Host names holding a replica, closest first. */
  hosts: string[];
  /** host:port of each replica's DataNode. */
  names: string[];
  /** Network topology paths (/rack/host), when known. */
  topologyPaths: string[];
}

export interface ContentSummary {
  length: number;
  fileCount: number;
  directoryCount: number;
  /** -1 when no quota is set. */
  quota: number;
  spaceConsumed: number;
  spaceQuota: number;
}

export interface FsStatus {
  capacity: number;
  used: number;
  remaining: number;
}

export interface FileChecksum {
  algorithmName: string;
  bytes: Buffer;
}

export interface CreateOptions {
  overwrite?: boolean;
  replication?: number;
  blockSize?: number;
  permission?: number;
}

export interface OpenOptions {
  /** Byte offset to start reading at. */
  start?: number;
  /** Byte offset to stop before (exclusive); the end of the file when absent. */
  end?: number;
  /** Bytes to read at a time where the filesystem buffers (Hadoop's open(path, bufferSize)); io.file.buffer.size when absent. */
  bufferSize?: number;
}

/** What an implementation can do; the conformance suite skips what is not supported. */
export interface FsSupports {
  append: boolean;
  permissions: boolean;
  owners: boolean;
  replication: boolean;
  times: boolean;
}
