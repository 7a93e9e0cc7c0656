import type { Request } from 'express';
import { HadoopError } from '../../../common/errors';
import type { SafeHtml } from '../../../common/web/html';

/**
 * What every NameNode page shares: the nav bar, the answer a page handler gives, and reading
 * query parameters, which arrive from anyone's browser and so are checked before use.
 */
export const NAV: Array<[string, string]> = [
  ['/dfshealth', 'Overview'],
  ['/dfsnodelist?whatNodes=LIVE', 'DataNodes'],
  ['/explorer?path=%2F', 'Browse the filesystem'],
  ['/status', 'JSON status'],
];

/** A page to render, or a redirect (a directory asked for as a file, and the other way round). */
export type PageAnswer = { title: string; body: SafeHtml; live?: boolean } | { redirect: string };

/** A request the page cannot answer: a 4xx with one line saying why. */
export class WebError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Longest query value a page accepts; paths are capped at 8000 by the namespace anyway. */
const MAX_PARAM = 10000;

/** One string query parameter; missing, repeated or oversized ones are a 400. */
export function param(req: Request, name: string, fallback?: string): string;
export function param(req: Request, name: string, fallback: string | null): string | null;
export function param(req: Request, name: string, fallback?: string | null): string | null {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw new WebError(400, `Missing query parameter '${name}'`);
  }
  if (typeof v !== 'string') throw new WebError(400, `Query parameter '${name}' must be given once, as a string`);
  if (v.length > MAX_PARAM) throw new WebError(400, `Query parameter '${name}' is too long (${v.length} characters)`);
  return v;
}

/** The HTTP status for a failure while building a page: ours, the namespace's, or a bug (500). */
export function statusOfFailure(e: unknown): number {
  if (e instanceof WebError) return e.status;
  if (e instanceof HadoopError) return e.code.endsWith('NOT_FOUND') ? 404 : 400;
  return 500;
}
