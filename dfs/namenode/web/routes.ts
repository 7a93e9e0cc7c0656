import type { Express, Request, Response } from 'express';
import { describeError } from '../../../common/errors';
import { getLog } from '../../../common/log';
import { errorPage, page } from '../../../common/web/html';
import { noFavicon, sendHtml } from '../../../common/web/send';
import type { NameNode } from '../namenode';
import { blockPage } from './block-page';
import { dataNodePage } from './datanode-page';
import { dfsHealthPage } from './dfshealth-page';
import { dfsNodeListPage } from './dfsnodelist-page';
import { explorerPage } from './explorer-page';
import { filePage } from './file-page';
import { NAV, statusOfFailure, type PageAnswer } from './layout';

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
  for (const [paths, handler] of PAGES) {
    app.get(paths, async (req: Request, res: Response) => {
      try {
        const answer = await handler(nn, req);
        if ('redirect' in answer) res.redirect(302, answer.redirect);
        else sendHtml(res, page({ title: answer.title, nav: NAV, body: answer.body, live: answer.live }));
      } catch (e) {
        const status = statusOfFailure(e);
        if (status >= 500) log.error(`GET ${req.path} failed: ${(e as Error)?.stack ?? String(e)}`);
        sendHtml(res, errorPage(`Error ${status}`, describeError(e), NAV), status);
      }
    });
  }
}
