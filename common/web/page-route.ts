import type { Request, RequestHandler, Response } from 'express';
import { describeError, HadoopError } from '../errors';
import type { Log } from '../log';
import { errorPage, page, SafeHtml } from './html';
import { sendHtml } from './send';

/**
 * What every daemon's pages share: reading query parameters (they come from anyone's browser,
 * so each is checked before use), the answer a page gives, and turning failures into an error
 * page of one line: a 4xx for a bad or unknown request, a 500 and a log line for a bug. The
 * daemon keeps serving either way.
 */
export class WebError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function notFound(message: string): WebError {
  return new WebError(404, message);
}

export function badQuery(message: string): WebError {
  return new WebError(400, message);
}

/** Longest query value a page takes (HDFS paths are capped at 8000 characters). */
const MAX_PARAM = 10000;

/** A query parameter given once as a string, or `fallback` when absent; a 400 otherwise. */
function one(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badQuery(`Query parameter '${name}' must be given once, as a string`);
  if (v.length > MAX_PARAM) throw badQuery(`Query parameter '${name}' is too long (${v.length} characters)`);
  return v;
}

/** A required query parameter; with `pattern`, one that matches it (a job id, say). */
export function param(req: Request, name: string, pattern?: RegExp): string {
  const v = one(req, name);
  if (v === undefined) throw badQuery(`Missing query parameter '${name}'`);
  if (pattern && !pattern.test(v)) throw badQuery(`Bad value for query parameter '${name}': ${v.slice(0, 200)}`);
  return v;
}

/** An optional query parameter. */
export function optionalParam(req: Request, name: string, fallback: string): string {
  return one(req, name) ?? fallback;
}

/** An optional query parameter that must be one of `allowed` (the first is the default). */
export function choice<T extends string>(req: Request, name: string, allowed: readonly T[]): T {
  const v = one(req, name);
  if (v === undefined) return allowed[0];
  if (!(allowed as readonly string[]).includes(v)) throw badQuery(`Query parameter '${name}' must be one of ${allowed.join(', ')}`);
  return v as T;
}

/** A page to render, or a redirect (a directory asked for as a file, say). */
export type PageAnswer = { title: string; body: SafeHtml; live?: boolean } | { redirect: string };

/** The HTTP status of a failure: ours, a daemon's own error (its *_NOT_FOUND is a 404), or a bug. */
export function statusOfFailure(e: unknown): number {
  if (e instanceof WebError) return e.status;
  if (e instanceof HadoopError) return e.code.endsWith('_NOT_FOUND') ? 404 : 400;
  return 500;
}

const TITLES: Record<number, string> = { 400: 'Bad request', 404: 'Not found', 500: 'Error' };

/** The error page for a failed request; a bug is also logged with its stack. */
export function sendErrorPage(req: Request, res: Response, e: unknown, nav: Array<[string, string]>, log: Log): void {
  const status = statusOfFailure(e);
  if (status >= 500) log.error(`GET ${req.originalUrl} failed: ${(e as Error)?.stack ?? String(e)}`);
  const message = e instanceof WebError ? e.message : status >= 500 ? `The page failed: ${describeError(e)}` : describeError(e);
  sendHtml(res, errorPage(TITLES[status] ?? `Error ${status}`, message, nav), status);
}

/** A GET route for a page of a daemon with this nav bar. */
export function pageRoute(nav: Array<[string, string]>, log: Log, render: (req: Request) => PageAnswer | Promise<PageAnswer>): RequestHandler {
  return async (req, res) => {
    try {
      const answer = await render(req);
      if ('redirect' in answer) res.redirect(302, answer.redirect);
      else sendHtml(res, page({ title: answer.title, nav, body: answer.body, live: answer.live }));
    } catch (e) {
      sendErrorPage(req, res, e, nav, log);
    }
  };
}
