import express from 'express';
import { badRequest, finishJsonApp, route } from '../../common/http/json-server';
import { noFavicon, sendHtml } from '../../common/web/send';
import { mountDataNodeWebHdfs } from '../webhdfs/datanode-webhdfs';
import { statusPage } from '../../common/web/status-page';
import { serveBlockLocalPathInfo } from './block-local-path';
import { BlockReceiver } from './block-receiver';
import { serveBlockInfo, serveReadBlock } from './block-sender';
import { DataNodeContext } from './interfaces';
import { serveUpdateReplica } from './replica-recovery';
import { parseWriteParams } from './write-request';

/**
 * The DataNode's HTTP endpoints: the block streams of dfs/protocol/data-transfer.ts
 * (`POST /data/writeBlock`, `GET /data/readBlock`, `GET /data/blockInfo`), where a replica's files
 * are for short-circuit reads (`GET /data/blockLocalPathInfo`), the recovery RPC
 * `POST /rpc/updateReplica`, `GET /status` (JSON for the web UI and tests) and `GET /` (the same as a page). Block streams
 * are raw bytes, so the JSON body parser is mounted for /rpc only.
 */
export function createDataNodeApp(ctx: DataNodeContext, status: () => Record<string, unknown>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.post(
    '/data/writeBlock',
    route(async (req, res) => {
      if (req.is('application/json')) throw badRequest('writeBlock takes a stream of packets (application/octet-stream), not JSON');
      const p = parseWriteParams(req.query as Record<string, unknown>);
      await ctx.xceiver(() => new BlockReceiver(ctx, p, req, res).run());
    }),
  );
  app.get(
    '/data/readBlock',
    route((req, res) => ctx.xceiver(() => serveReadBlock(ctx, req, res))),
  );
  app.get('/data/blockInfo', (req, res) => serveBlockInfo(ctx, req, res));
  app.get('/data/blockLocalPathInfo', (req, res) => serveBlockLocalPathInfo(ctx, req, res));
  app.get('/status', (_req, res) => {
    res.json(status());
  });
  noFavicon(app);
  app.get('/', (_req, res) => {
    const s = status() as Record<string, unknown>;
    const nav: Array<[string, string]> = [['/', 'DataNode'], ['/status', 'JSON status'], [`http://${String(s.nameNode)}/`, 'NameNode']];
    sendHtml(res, statusPage(`DataNode ${String(s.name)}`, s, nav));
  });
  mountDataNodeWebHdfs(app, ctx.conf, () => ctx.nameNode);
  app.use('/rpc', express.json({ limit: '1mb' }));
  app.post(
    '/rpc/updateReplica',
    route((req, res) => serveUpdateReplica(ctx, req, res)),
  );
  finishJsonApp(app, 'datanode.DataNode');
  return app;
}
