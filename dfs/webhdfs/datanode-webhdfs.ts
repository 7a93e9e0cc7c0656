import type { Express, Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import { DistributedFileSystem } from '../client/distributed-file-system';
import { sendRemoteException } from './json';
import { paramError, WebHdfsParams, webHdfsPath } from './params';

const log = getLog('datanode.WebHdfs');

const OPS: Record<string, string> = { OPEN: 'GET', GETFILECHECKSUM: 'GET', CREATE: 'PUT', APPEND: 'POST' };

/**
 * WebHDFS on a DataNode (Hadoop 1's DatanodeWebHdfsMethods): where the NameNode's 307 sends
 * OPEN, GETFILECHECKSUM, CREATE and APPEND. The DataNode does them as an ordinary HDFS client of
 * its NameNode acting for `user.name`, so the bytes go through the usual pipelines and checks:
 * OPEN streams the file, CREATE and APPEND stream the request body into it (201 with the new
 * file's webhdfs:// Location for CREATE).
 */
export function mountDataNodeWebHdfs(app: Express, conf: Configuration, nameNode: () => string): void {
  if (!conf.getBoolean('dfs.webhdfs.enabled')) return;
  const webUser = conf.get('dfs.web.ugi', 'webuser,webgroup').split(',')[0];
  app.use('/webhdfs/v1', (req, res) => {
    const q = new WebHdfsParams(req);
    let fs: DistributedFileSystem | null = null;
    (async () => {
      const op = q.op();
      if (!OPS[op]) throw paramError('op', `${op.slice(0, 50)} is not an operation of a DataNode`);
      if (OPS[op] !== req.method) throw paramError('op', `${op} is not a ${req.method} operation`);
      fs = new DistributedFileSystem(`hdfs://${nameNode()}/`, conf, q.user(webUser));
      await serve(fs, op, webHdfsPath(req), q, req, res, nameNode());
    })()
      .catch((e: unknown) => sendRemoteException(res, e, log))
      .finally(() => void fs?.close());
  });
}

async function serve(fs: DistributedFileSystem, op: string, path: string, q: WebHdfsParams, req: Request, res: Response, nameNode: string): Promise<void> {
  switch (op) {
    case 'OPEN': {
      const offset = q.long('offset', 0, 0)!;
      const length = q.long('length', 0);
      const input = await fs.open(path, { start: offset, end: length === undefined ? undefined : offset + length, bufferSize: q.long('buffersize', 1) });
      res.status(200).set('content-type', 'application/octet-stream');
      await pipeline(input, res);
      return;
    }
    case 'GETFILECHECKSUM': {
      const sum = await fs.getFileChecksum(path);
      res.json({ FileChecksum: { algorithm: sum.algorithmName, bytes: sum.bytes.toString('hex'), length: sum.bytes.length } });
      return;
    }
    case 'CREATE': {
      const out = await fs.create(path, {
        overwrite: q.bool('overwrite', false),
        blockSize: q.long('blocksize', 1),
        replication: q.long('replication', 1),
        // files get 644 when no permission is given (the directories' 755 is MKDIRS')
        permission: q.raw('permission') === undefined ? 0o644 : q.permission(),
      });
      await pipeline(req, out);
      res.status(201).set({ location: `webhdfs://${nameNode}${path}`, 'content-length': '0' }).end();
      return;
    }
    case 'APPEND': {
      await pipeline(req, await fs.append(path));
      res.status(200).set('content-length', '0').end();
      return;
    }
    default:
      throw new HadoopError('WEBHDFS_UNSUPPORTED', `${op} is not supported`);
  }
}
