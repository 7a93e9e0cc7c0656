import express, { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { HadoopError } from '../errors';
import { getLog } from '../log';

/**
 * The express app every daemon serves: JSON bodies, and every failure answered as a JSON error
 * `{ "error": { "code", "message" } }` with a 4xx for anything the caller did wrong (bad JSON,
 * bad arguments, a missing file) and 500 only for our own bugs. A daemon never dies of a request.
 */
export interface JsonError {
  error: { code: string; message: string };
}

/** Error codes that are the caller's fault, and the HTTP status each is answered with. */
const STATUS: Record<string, number> = {
  FS_NOT_FOUND: 404,
  FS_FILE_EXISTS: 409,
  FS_IS_DIRECTORY: 400,
  FS_NOT_DIRECTORY: 400,
  FS_DIRECTORY_NOT_EMPTY: 409,
  FS_PARENT_NOT_DIRECTORY: 400,
  FS_RENAME_INTO_SELF: 400,
  FS_INVALID_ARGUMENT: 400,
  FS_PERMISSION_DENIED: 403,
  RPC_BAD_REQUEST: 400,
  RPC_UNKNOWN_METHOD: 404,
};

export function statusOf(code: string): number {
  if (STATUS[code]) return STATUS[code];
  if (code.endsWith('_NOT_FOUND')) return 404;
  return 400;
}

export function badRequest(message: string): HadoopError {
  return new HadoopError('RPC_BAD_REQUEST', message);
}

export function createJsonApp(limit = '16mb'): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit }));
  return app;
}

/** Installs the 404 and error handlers; call after every route. */
export function finishJsonApp(app: express.Express, role: string): void {
  const log = getLog(role);
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'RPC_UNKNOWN_METHOD', message: `No such endpoint: ${req.method} ${req.path}` } });
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'RPC_BAD_REQUEST', message: `Malformed JSON body: ${e.message}` } });
    } else if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'RPC_BAD_REQUEST', message: 'Request body too large' } });
    } else if (err instanceof HadoopError) {
      res.status(statusOf(err.code)).json({ error: { code: err.code, message: err.message } });
    } else {
      log.error(`${req.method} ${req.path} failed: ${(err as Error)?.stack ?? String(err)}`);
      res.status(500).json({ error: { code: 'INTERNAL', message: (err as Error)?.message ?? String(err) } });
    }
  });
}

/** Wraps an async route so its rejections reach the error handler (express 5 does this too). */
export function route(fn: (req: Request, res: Response) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

/** Listens on host:port (0 = a free port) and resolves with the bound port. */
export function listen(app: express.Express, host: string, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.keepAliveTimeout = 60000;
    server.once('error', reject);
    server.once('listening', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}

/** A typed JSON body field, or a 400 naming it. */
export function field<T>(body: unknown, name: string, type: 'string' | 'number' | 'boolean' | 'object', optional = false): T {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null) {
    if (optional) return undefined as T;
    throw badRequest(`Missing field '${name}'`);
  }
  if (type === 'object' ? typeof v !== 'object' : typeof v !== type) throw badRequest(`Field '${name}' must be a ${type}`);
  if (type === 'number' && !Number.isFinite(v as number)) throw badRequest(`Field '${name}' must be a finite number`);
  return v as T;
}
