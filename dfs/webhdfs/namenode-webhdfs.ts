import type { Express, Request, Response } from 'express';
import { HadoopError } from '../../common/errors';
import { FsErrors } from '../../common/fs/errors';
import { getLog } from '../../common/log';
import type { DatanodeDescriptor } from '../namenode/datanode-descriptor';
import type { NameNode } from '../namenode/namenode';
import { clientHost } from '../namenode/client-host';
import { fileStatusJson, sendRemoteException } from './json';
import { encodePath, paramError, redirectQuery, WebHdfsParams, webHdfsPath } from './params';

const log = getLog('namenode.WebHdfs');

/** Operations the DataNodes carry out: the NameNode sends the client on with a 307. */
const REDIRECTED: Record<string, string> = { OPEN: 'GET', GETFILECHECKSUM: 'GET', CREATE: 'PUT', APPEND: 'POST' };
const METADATA: Record<string, string> = {
  GETFILESTATUS: 'GET',
  LISTSTATUS: 'GET',
  GETCONTENTSUMMARY: 'GET',
  GETHOMEDIRECTORY: 'GET',
  MKDIRS: 'PUT',
  RENAME: 'PUT',
  SETREPLICATION: 'PUT',
  SETOWNER: 'PUT',
  SETPERMISSION: 'PUT',
  SETTIMES: 'PUT',
  DELETE: 'DELETE',
};

/** Rename failures that Hadoop's ClientProtocol.rename answers with false rather than an exception. */
const RENAME_FALSE = new Set(['FS_NOT_FOUND', 'FS_FILE_EXISTS', 'FS_RENAME_INTO_SELF', 'FS_PARENT_NOT_DIRECTORY']);

/**
 * WebHDFS on the NameNode (Hadoop 1's NamenodeWebHdfsMethods), at `/webhdfs/v1/<path>?op=...`
 * when dfs.webhdfs.enabled is true: metadata operations answered here in Hadoop's JSON; OPEN,
 * GETFILECHECKSUM, CREATE and APPEND answered with a 307 to a DataNode (one holding the data,
 * or for CREATE one on the client's host when there is one), which does the work.
 */
export function mountNameNodeWebHdfs(app: Express, nn: NameNode): void {
  if (!nn.conf.getBoolean('dfs.webhdfs.enabled')) return;
  const webUser = nn.conf.get('dfs.web.ugi', 'webuser,webgroup').split(',')[0];
  app.use('/webhdfs/v1', (req, res) => {
    handle(nn, webUser, req, res).catch((e: unknown) => sendRemoteException(res, e, log));
  });
}

async function handle(nn: NameNode, webUser: string, req: Request, res: Response): Promise<void> {
  const q = new WebHdfsParams(req);
  const op = q.op();
  const path = webHdfsPath(req);
  const user = q.user(webUser);
  const method = REDIRECTED[op] ?? METADATA[op];
  if (!method) throw paramError('op', `${op.slice(0, 50)} is not a WebHDFS operation`);
  if (method !== req.method) throw paramError('op', `${op} is not a ${req.method} operation`);
  if (REDIRECTED[op]) {
    redirect(nn, op, path, user, q, req, res);
    return;
  }
  const ns = nn.namesystem;
  switch (op) {
    case 'GETFILESTATUS': {
      const st = ns.getFileInfo(path);
      if (!st) throw new HadoopError('FS_NOT_FOUND', `File does not exist: ${path}`);
      res.json({ FileStatus: fileStatusJson(st, '') });
      return;
    }
    case 'LISTSTATUS': {
      const list = ns.getListing(path);
      res.json({ FileStatuses: { FileStatus: list.map((s) => fileStatusJson(s, s.path === path ? '' : s.path.slice(s.path.lastIndexOf('/') + 1))) } });
      return;
    }
    case 'GETCONTENTSUMMARY':
      res.json({ ContentSummary: ns.getContentSummary(path) });
      return;
    case 'GETHOMEDIRECTORY':
      res.json({ Path: `/user/${user}` });
      return;
    case 'MKDIRS':
      await ns.mkdirs(path, q.permission(), user);
      res.json({ boolean: true });
      return;
    case 'RENAME': {
      const dst = q.string('destination');
      if (!dst?.startsWith('/')) throw paramError('destination', `${dst ?? 'null'} is not an absolute path`);
      try {
        await ns.rename(path, dst);
        res.json({ boolean: true });
      } catch (e) {
        if (!(e instanceof HadoopError && RENAME_FALSE.has(e.code))) throw e;
        res.json({ boolean: false });
      }
      return;
    }
    case 'SETREPLICATION': {
      const replication = q.long('replication', 1) ?? nn.conf.getInt('dfs.replication');
      res.json({ boolean: await ns.setReplication(path, replication) });
      return;
    }
    case 'SETOWNER':
      await ns.setOwner(path, q.string('owner') ?? null, q.string('group') ?? null);
      res.end();
      return;
    case 'SETPERMISSION':
      await ns.setPermission(path, q.permission());
      res.end();
      return;
    case 'SETTIMES':
      await ns.setTimes(path, q.long('modificationtime', -1, -1)!, q.long('accesstime', -1, -1)!);
      res.end();
      return;
    case 'DELETE':
      res.json({ boolean: await ns.delete(path, q.bool('recursive', false)) });
      return;
  }
}

/** The 307 to the DataNode that does an OPEN, GETFILECHECKSUM, CREATE or APPEND, with the request's parameters. */
function redirect(nn: NameNode, op: string, path: string, user: string, q: WebHdfsParams, req: Request, res: Response): void {
  const params: Record<string, string | number | boolean | undefined> = { 'user.name': user };
  let dn: DatanodeDescriptor | undefined;
  const host = clientHost(req);
  if (op === 'CREATE') {
    params.overwrite = q.bool('overwrite', false);
    params.blocksize = q.long('blocksize', 1);
    params.replication = q.long('replication', 1);
    params.permission = q.raw('permission') === undefined ? undefined : q.permission().toString(8);
    params.buffersize = q.long('buffersize', 1);
    // refused here, before the client sends any data, when the DataNode's create would refuse it
    checkCreatable(nn, path, params.overwrite as boolean);
    dn = anyDatanode(nn, host);
  } else {
    const st = nn.namesystem.getFileInfo(path);
    if (!st) throw new HadoopError('FS_NOT_FOUND', `File does not exist: ${path}`);
    if (st.isDirectory && op !== 'GETFILECHECKSUM') throw new HadoopError('FS_IS_DIRECTORY', `${path} is a directory`);
    let at = 0;
    if (op === 'OPEN') {
      at = q.long('offset', 0, 0)!;
      params.offset = at;
      params.length = q.long('length', 0);
      params.buffersize = q.long('buffersize', 1);
      if (at >= st.length && st.length > 0) throw new HadoopError('WEBHDFS_OFFSET', `Offset=${at} out of the range [0, ${st.length}); OPEN, path=${path}`);
    } else if (op === 'APPEND') {
      params.buffersize = q.long('buffersize', 1);
      at = Math.max(0, st.length - 1);
    }
    if (st.length > 0) {
      const located = nn.namesystem.getBlockLocations(path, at, 1, host);
      const names = located.blocks[0]?.locations.map((l) => l.name) ?? [];
      dn = [...nn.datanodes.nodes.values()].find((n) => n.live && names[0] === n.name);
    }
    dn ??= anyDatanode(nn, host);
  }
  const location = `http://${dn.name}/webhdfs/v1${encodePath(path)}?${redirectQuery(op, params)}`;
  res.status(307).set({ location, 'content-length': '0' }).end();
}

function checkCreatable(nn: NameNode, path: string, overwrite: boolean): void {
  const ns = nn.namesystem;
  const st = ns.getFileInfo(path);
  if (st?.isDirectory) throw FsErrors.isDirectory(path);
  if (st && !overwrite) throw FsErrors.exists(path);
  for (let p = path.slice(0, path.lastIndexOf('/')); p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const up = ns.getFileInfo(p);
    if (up && !up.isDirectory) throw FsErrors.parentNotDirectory(path);
    if (up) return;
  }
}

/** A live DataNode on the client's host if there is one, else any live one at random. */
function anyDatanode(nn: NameNode, host: string): DatanodeDescriptor {
  const live = [...nn.datanodes.nodes.values()].filter((n) => n.inService());
  const local = live.find((n) => n.host === host);
  if (local) return local;
  if (live.length === 0) throw new HadoopError('WEBHDFS_NO_DATANODE', 'Failed to find datanode, suggest to check cluster health.');
  return live[Math.floor(Math.random() * live.length)];
}
