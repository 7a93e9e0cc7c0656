import type { Express, Request } from 'express';
import { getLog } from '../../../common/log';
import { pageRoute } from '../../../common/web/page-route';
import { noFavicon } from '../../../common/web/send';
import type { NameNode } from '../namenode';
import { blockPage } from './block-page';
import { dataNodePage } from './datanode-page';
import { dfsHealthPage } from './dfshealth-page';
import { dfsNodeListPage } from './dfsnodelist-page';
import { explorerPage } from './explorer-page';
import { filePage } from './file-page';
import { NAV, type PageAnswer } from './layout';

const log = getLog('namenode.web');

type PageHandler = (nn: NameNode, req: Request) => PageAnswer | Promise<PageAnswer>;

/** Each page at its path (and Hadoop 1's .jsp name where it had one, so old bookmarks work). */
const PAGES: Array<[string[], PageHandler]> = [
  [['/', '/dfshealth', '/dfshealth.jsp'], dfsHealthPage],
  [['/dfsnodelist', '/dfsnodelist.jsp'], dfsNodeListPage],
  [['/datanode'], dataNodePage],
  [['/explorer'], explorerPage],
  [['/file'], filePage],
  [['/block'], blockPage],
];

/**
 * The NameNode's web UI (Hadoop's port 50070 pages), mounted on the NameNode's app before its
 * JSON 404 handler. A page that cannot be built answers an HTML error page with the status and
 * one line (400 for a bad query, 404 for a missing path, node or block); the daemon goes on.
 */
export function mountNameNodeWeb(app: Express, nn: NameNode): void {
  noFavicon(app);
  for (const [paths, handler] of PAGES) app.get(paths, pageRoute(NAV, log, (req) => handler(nn, req)));
}
