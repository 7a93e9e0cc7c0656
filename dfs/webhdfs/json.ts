import type { Response } from 'express';
import { HadoopError } from '../../common/errors';
import type { Log } from '../../common/log';
import type { HdfsFileStatus } from '../protocol/types';

/** Hadoop's JsonUtil.toJsonMap(HdfsFileStatus): directories report length, replication and block size 0. */
export function fileStatusJson(s: HdfsFileStatus, pathSuffix: string): Record<string, unknown> {
  return {
    accessTime: s.accessTime,
    blockSize: s.isDirectory ? 0 : s.blockSize,
    group: s.group,
    length: s.isDirectory ? 0 : s.length,
    modificationTime: s.modificationTime,
    owner: s.owner,
    pathSuffix,
    permission: s.permission.toString(8),
    replication: s.isDirectory ? 0 : s.replication,
    type: s.isDirectory ? 'DIRECTORY' : 'FILE',
  };
}

/** Our error codes as the Java exceptions WebHDFS names, each with its status (Hadoop's ExceptionHandler). */
const EXCEPTIONS: Record<string, [string, string, number]> = {
  FS_NOT_FOUND: ['FileNotFoundException', 'java.io.FileNotFoundException', 404],
  FS_FILE_EXISTS: ['FileAlreadyExistsException', 'org.apache.hadoop.fs.FileAlreadyExistsException', 403],
  FS_PERMISSION_DENIED: ['AccessControlException', 'org.apache.hadoop.security.AccessControlException', 403],
  FS_IS_DIRECTORY: ['PathIsDirectoryException', 'org.apache.hadoop.fs.PathIsDirectoryException', 403],
  FS_NOT_DIRECTORY: ['PathIsNotDirectoryException', 'org.apache.hadoop.fs.PathIsNotDirectoryException', 403],
  FS_DIRECTORY_NOT_EMPTY: ['PathIsNotEmptyDirectoryException', 'org.apache.hadoop.fs.PathIsNotEmptyDirectoryException', 403],
  FS_PARENT_NOT_DIRECTORY: ['ParentNotDirectoryException', 'org.apache.hadoop.fs.ParentNotDirectoryException', 403],
  FS_NOT_SUPPORTED: ['UnsupportedOperationException', 'java.lang.UnsupportedOperationException', 400],
  DFS_SAFE_MODE: ['SafeModeException', 'org.apache.hadoop.hdfs.server.namenode.SafeModeException', 403],
  DFS_NSQUOTA_EXCEEDED: ['NSQuotaExceededException', 'org.apache.hadoop.hdfs.protocol.NSQuotaExceededException', 403],
  DFS_DSQUOTA_EXCEEDED: ['DSQuotaExceededException', 'org.apache.hadoop.hdfs.protocol.DSQuotaExceededException', 403],
  DFS_LEASE: ['AlreadyBeingCreatedException', 'org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException', 403],
  WEBHDFS_BAD_PARAM: ['IllegalArgumentException', 'java.lang.IllegalArgumentException', 400],
  WEBHDFS_UNSUPPORTED: ['UnsupportedOperationException', 'java.lang.UnsupportedOperationException', 400],
  FS_INVALID_ARGUMENT: ['IllegalArgumentException', 'java.lang.IllegalArgumentException', 400],
  RPC_BAD_REQUEST: ['IllegalArgumentException', 'java.lang.IllegalArgumentException', 400],
};

/**
 * Answers a failure as WebHDFS does: `{"RemoteException":{"exception","javaClassName","message"}}`
 * with 404 for a missing file, 400 for bad arguments, 403 for any other filesystem error, and
 * 500 only for our own bugs (logged). A response already streaming is cut instead.
 */
export function sendRemoteException(res: Response, e: unknown, log: Log): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let entry: [string, string, number];
  let message: string;
  if (e instanceof HadoopError) {
    entry = EXCEPTIONS[e.code] ?? ['IOException', 'java.io.IOException', 403];
    message = e.message;
  } else {
    log.error(`WebHDFS request failed: ${(e as Error)?.stack ?? String(e)}`);
    entry = ['RuntimeException', 'java.lang.RuntimeException', 500];
    message = (e as Error)?.message ?? String(e);
  }
  const [exception, javaClassName, status] = entry;
  res.status(status).json({ RemoteException: { exception, javaClassName, message } });
}
