import type { Request } from 'express';
import { createJsonApp, finishJsonApp, route } from '../../common/http/json-server';
import type { ClientProtocol } from '../protocol/client-protocol';
import type { DatanodeProtocol } from '../protocol/datanode-protocol';
import { clientHost } from './client-host';
import type { NameNode } from './namenode';
import { mountNameNodeWebHdfs } from '../webhdfs/namenode-webhdfs';
import { mountNameNodeWeb } from './web/routes';
import * as v from './request-validation';

type Handlers<P> = { [M in keyof P]: (body: unknown, req: Request) => Promise<P[M] extends { res: infer R } ? R : never> | (P[M] extends { res: infer R } ? R : never) };

function clientProtocol(nn: NameNode): Handlers<ClientProtocol> {
  const ns = nn.namesystem;
  const w = nn.writeOps;
  return {
    getFileInfo: (b) => ({ status: ns.getFileInfo(v.path(b)) }),
    getListing: (b) => ({ statuses: ns.getListing(v.path(b)) }),
    mkdirs: async (b) => {
      await ns.mkdirs(v.path(b), v.permission(b), v.optionalStr(b, 'owner'));
      return { ok: true };
    },
    create: async (b, req) => ({
      status: await w.create(
        {
          path: v.path(b),
          clientName: v.str(b, 'clientName'),
          overwrite: v.bool(b, 'overwrite'),
          replication: v.int(b, 'replication', 0, 32767),
          blockSize: v.int(b, 'blockSize', 1),
          permission: v.permission(b),
          owner: v.optionalStr(b, 'owner'),
        },
        clientHost(req),
      ),
    }),
    append: (b, req) => w.append(v.path(b), v.str(b, 'clientName'), clientHost(req)),
    addBlock: async (b, req) => ({
      block: await w.addBlock(v.path(b), v.str(b, 'clientName'), v.blockOrNull(b, 'previous'), v.strings(b, 'excludeNodes'), clientHost(req)),
    }),
    abandonBlock: async (b) => {
      await w.abandonBlock(v.path(b), v.str(b, 'clientName'), v.block(b, 'block'));
      return { ok: true };
    },
    complete: async (b) => ({ complete: await w.complete(v.path(b), v.str(b, 'clientName'), v.blockOrNull(b, 'last')) }),
    updateBlockForPipeline: async (b) => ({ genStamp: await w.updateBlockForPipeline(v.block(b, 'block'), v.str(b, 'clientName')) }),
    updatePipeline: async (b) => {
      await w.updatePipeline(v.str(b, 'clientName'), v.block(b, 'oldBlock'), v.block(b, 'newBlock'), v.strings(b, 'newNodes'));
      return { ok: true };
    },
    getAdditionalDatanodes: (b, req) => {
      v.block(b, 'block');
      const request = {
        path: v.path(b),
        existing: v.strings(b, 'existing'),
        exclude: v.strings(b, 'exclude'),
        count: v.int(b, 'count', 0, ns.maxReplication),
        clientName: v.str(b, 'clientName'),
      };
      return { targets: w.getAdditionalDatanodes(request, clientHost(req)) };
    },
    getBlockLocations: (b, req) => ({
      located: ns.getBlockLocations(v.path(b), v.int(b, 'offset', 0), v.int(b, 'length', 0), clientHost(req)),
    }),
    renewLease: (b) => {
      w.renewLease(v.str(b, 'clientName'));
      return { ok: true };
    },
    recoverLease: async (b) => ({ closed: await nn.leaseRecovery.recoverLease(v.path(b), v.str(b, 'clientName')) }),
    rename: async (b) => {
      await ns.rename(v.path(b, 'src'), v.path(b, 'dst'));
      return { ok: true };
    },
    delete: async (b) => ({ deleted: await ns.delete(v.path(b), v.bool(b, 'recursive')) }),
    setReplication: async (b) => ({ ok: await ns.setReplication(v.path(b), v.int(b, 'replication', -32768, 32767)) }),
    setPermission: async (b) => {
      await ns.setPermission(v.path(b), v.permission(b));
      return { ok: true };
    },
    setOwner: async (b) => {
      await ns.setOwner(v.path(b), v.strOrNull(b, 'owner'), v.strOrNull(b, 'group'));
      return { ok: true };
    },
    setTimes: async (b) => {
      await ns.setTimes(v.path(b), v.int(b, 'mtime', -1), v.int(b, 'atime', -1));
      return { ok: true };
    },
    getContentSummary: (b) => ({ summary: ns.getContentSummary(v.path(b)) }),
    setQuota: async (b) => {
      await ns.setQuota(v.path(b), v.quota(b, 'nsQuota'), v.quota(b, 'dsQuota'));
      return { ok: true };
    },
    reportBadBlocks: (b) => {
      ns.reportBadBlocks(v.badBlocks(b));
      return { ok: true };
    },
    getStats: () => ({ stats: ns.getStats() }),
    datanodeReport: (b) => ({ datanodes: nn.datanodes.report(v.oneOf(b, 'type', ['all', 'live', 'dead'] as const)) }),
    setSafeMode: (b) => {
      const action = v.oneOf(b, 'action', ['get', 'enter', 'leave'] as const);
      if (action === 'enter') nn.safeMode.enter();
      else if (action === 'leave') nn.safeMode.leave();
      return { status: nn.safeMode.status() };
    },
    refreshNodes: () => {
      nn.datanodes.refreshNodes();
      return { ok: true };
    },
    fsck: (b, req) => {
      const opts = {
        files: v.bool(b, 'files'),
        blocks: v.bool(b, 'blocks'),
        locations: v.bool(b, 'locations'),
        racks: v.bool(b, 'racks'),
        openForWrite: (b as { openForWrite?: unknown }).openForWrite === true,
      };
      return nn.fsck.run(v.path(b), opts, v.optionalStr(b, 'owner') ?? ns.user, clientHost(req));
    },
  };
}

function datanodeProtocol(nn: NameNode): Omit<Handlers<DatanodeProtocol>, 'reportBadBlocks'> {
  const dn = nn.datanodes;
  return {
    registerDatanode: (b) => {
      dn.register(v.registration(b));
      return { namespaceId: nn.namespaceId };
    },
    sendHeartbeat: (b) => ({
      commands: dn.heartbeat(v.registration(b), {
        capacity: v.nonNegative(b, 'capacity'),
        dfsUsed: v.nonNegative(b, 'dfsUsed'),
        remaining: v.nonNegative(b, 'remaining'),
        xceivers: v.nonNegative(b, 'xceivers'),
      }),
    }),
    blockReport: (b) => ({ commands: dn.blockReport(v.registration(b), v.blocks(b, 'blocks')) }),
    blockReceivedAndDeleted: (b) => {
      dn.blockReceivedAndDeleted(v.registration(b), v.blocks(b, 'received'), v.blocks(b, 'deleted'));
      return { ok: true };
    },
  };
}

/**
 * The NameNode's HTTP surface: `POST /rpc/<method>` for ClientProtocol and DatanodeProtocol
 * (reportBadBlocks serves both), each body validated field by field, and `GET /status`, a JSON
 * summary for the web UI.
 */
export function createNameNodeApp(nn: NameNode) {
  const app = createJsonApp();
  const handlers: Record<string, (body: unknown, req: Request) => unknown> = { ...clientProtocol(nn), ...datanodeProtocol(nn) };
  for (const [method, handler] of Object.entries(handlers)) {
    app.post(
      `/rpc/${method}`,
      route(async (req, res) => {
        res.json(await handler(req.body ?? {}, req));
      }),
    );
  }
  app.get(
    '/status',
    route(async (_req, res) => {
      res.json(nn.status());
    }),
  );
  mountNameNodeWeb(app, nn);
  mountNameNodeWebHdfs(app, nn);
  finishJsonApp(app, 'namenode.NameNode');
  return app;
}
