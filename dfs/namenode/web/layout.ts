/**
 * What every NameNode page shares: the nav bar, and (from common/web/page-route.ts) the answer a
 * page gives and the checked reading of query parameters.
 */
export const NAV: Array<[string, string]> = [
  ['/dfshealth', 'Overview'],
  ['/dfsnodelist?whatNodes=LIVE', 'DataNodes'],
  ['/explorer?path=%2F', 'Browse the filesystem'],
  ['/status', 'JSON status'],
];

export { optionalParam, param, WebError, type PageAnswer } from '../../../common/web/page-route';
