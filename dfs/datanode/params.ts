import { badRequest } from '../../common/http/json-server';
import { isValidBlockId } from '../protocol/types';

/**
 * Validation of what arrives in a request: ids, stamps, offsets and lengths are plain decimal
 * integers (no sign, exponent or fraction), addresses are host:port. Anything else is a 400 that
 * names the parameter; nothing from a request ever becomes part of a path except through these.
 */
type Query = Record<string, unknown>;

function single(q: Query, name: string): string | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`Parameter '${name}' must be given once`);
  return v;
}

/** A non-negative safe integer from a query string, or a 400. */
export function intParam(q: Query, name: string, opts: { optional?: boolean; min?: number } = {}): number | undefined {
  const raw = single(q, name);
  if (raw === undefined || raw === '') {
    if (opts.optional) return undefined;
    throw badRequest(`Missing parameter '${name}'`);
  }
  const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < (opts.min ?? 0)) {
    throw badRequest(`Parameter '${name}' must be an integer of at least ${opts.min ?? 0}, not '${raw.slice(0, 64)}'`);
  }
  return n;
}

export function blockIdParam(q: Query): number {
  const raw = single(q, 'blockId');
  const n = raw !== undefined && /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
  if (!isValidBlockId(n)) throw badRequest(`Invalid block id '${String(raw ?? '').slice(0, 64)}': block ids are positive integers`);
  return n;
}

export function stringParam(q: Query, name: string): string | undefined {
  return single(q, name);
}

/** A number field of a JSON body that must be a non-negative safe integer. */
export function intField(body: unknown, name: string, min = 0): number {
  const v = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw badRequest(`Field '${name}' must be an integer of at least ${min}`);
  }
  return v;
}

export interface HostPort {
  host: string;
  port: number;
  name: string;
}

/** `host:port` (host a name, IPv4 or [IPv6]), or a 400. */
export function parseHostPort(s: string, what: string): HostPort {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252}):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) throw badRequest(`Invalid ${what} '${s.slice(0, 100)}': expected host:port`);
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  return { host, port, name: s };
}

/** A comma-separated list of host:port, at most `max` of them. */
export function targetsParam(q: Query, name: string, max = 32): HostPort[] {
  const raw = single(q, name);
  if (!raw) return [];
  const parts = raw.split(',');
  if (parts.length > max) throw badRequest(`Too many ${name}: ${parts.length} (at most ${max})`);
  return parts.map((p) => parseHostPort(p, 'target'));
}
