import { badRequest, field } from '../../common/http/json-server';
import type { DatanodeRegistration } from '../protocol/datanode-protocol';
import { Block, isValidBlockId } from '../protocol/types';

/**
 * Typed, range-checked request fields: anything a caller can send that is not what the protocol
 * says is a 400 naming the field, before any namespace code sees it.
 */
const MAX_NAME = 1024;

export function str(body: unknown, name: string, opts: { optional?: boolean; max?: number; nonEmpty?: boolean } = {}): string {
  const v = field<string>(body, name, 'string', opts.optional);
  if (v === undefined) return v as unknown as string;
  if (v.length > (opts.max ?? MAX_NAME)) throw badRequest(`Field '${name}' is longer than ${opts.max ?? MAX_NAME} characters`);
  if ((opts.nonEmpty ?? true) && v.length === 0) throw badRequest(`Field '${name}' must not be empty`);
  if (/[\u0000-\u001f]/.test(v) && name !== 'path') throw badRequest(`Field '${name}' holds control characters`);
  return v;
}

export function optionalStr(body: unknown, name: string): string | undefined {
  return str(body, name, { optional: true });
}

/** A string or null (setOwner's owner and group). */
export function strOrNull(body: unknown, name: string): string | null {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === null || v === undefined) return null;
  return str(body, name);
}

export function path(body: unknown, name = 'path'): string {
  return str(body, name, { max: 8000 });
}

export function int(body: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = field<number>(body, name, 'number');
  if (!Number.isSafeInteger(v) || v < min || v > max) throw badRequest(`Field '${name}' must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

export function nonNegative(body: unknown, name: string): number {
  const v = field<number>(body, name, 'number');
  if (v < 0) throw badRequest(`Field '${name}' must not be negative, got ${v}`);
  return v;
}

export function bool(body: unknown, name: string): boolean {
  return field<boolean>(body, name, 'boolean');
}

export function oneOf<T extends string>(body: unknown, name: string, values: readonly T[]): T {
  const v = field<string>(body, name, 'string');
  if (!values.includes(v as T)) throw badRequest(`Field '${name}' must be one of ${values.join(', ')}, got '${v.slice(0, 50)}'`);
  return v as T;
}

/** A quota: a positive integer, -1 to clear it, or null to leave it as it is. */
export function quota(body: unknown, name: string): number | null {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === null || v === undefined) return null;
  if (v === -1) return -1;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw badRequest(`Invalid values for quota : ${String(v).slice(0, 50)} (a positive integer, or -1 to clear it)`);
  return v;
}

export function permission(body: unknown, name = 'permission'): number {
  return int(body, name, 0, 0o7777);
}

/** A block as the wire carries it: a positive safe-integer id, never a piece of a path. */
export function toBlock(v: unknown, name: string): Block {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest(`Field '${name}' must be a block object`);
  const b = v as Record<string, unknown>;
  if (!isValidBlockId(b.blockId)) throw badRequest(`Field '${name}.blockId' must be a positive integer, got ${JSON.stringify(b.blockId)?.slice(0, 50)}`);
  for (const k of ['genStamp', 'numBytes']) {
    const n = b[k];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw badRequest(`Field '${name}.${k}' must be a non-negative integer`);
  }
  return { blockId: b.blockId, genStamp: b.genStamp as number, numBytes: b.numBytes as number };
}

export function block(body: unknown, name: string): Block {
  return toBlock(field<unknown>(body, name, 'object'), name);
}

export function blockOrNull(body: unknown, name: string): Block | null {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return v === null || v === undefined ? null : toBlock(v, name);
}

function array(body: unknown, name: string): unknown[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null) throw badRequest(`Missing field '${name}'`);
  if (!Array.isArray(v)) throw badRequest(`Field '${name}' must be an array`);
  return v;
}

export function blocks(body: unknown, name: string): Block[] {
  return array(body, name).map((b, i) => toBlock(b, `${name}[${i}]`));
}

export function strings(body: unknown, name: string): string[] {
  return array(body, name).map((s, i) => {
    if (typeof s !== 'string' || s.length > MAX_NAME) throw badRequest(`Field '${name}[${i}]' must be a string`);
    return s;
  });
}

/** reportBadBlocks: [{ block, datanode: 'host:port' }]. */
export function badBlocks(body: unknown): Array<{ blockId: number; datanode: string }> {
  return array(body, 'blocks').map((e, i) => {
    const b = toBlock((e as Record<string, unknown> | null)?.block, `blocks[${i}].block`);
    return { blockId: b.blockId, datanode: str(e, 'datanode') };
  });
}

export function registration(body: unknown): DatanodeRegistration {
  const r = field<unknown>(body, 'registration', 'object');
  const storageId = str(r, 'storageId', { max: 256 });
  const host = str(r, 'host', { max: 255 });
  if (!/^[A-Za-z0-9._:\-[\]]+$/.test(host)) throw badRequest(`Field 'registration.host' is not a host name: ${host.slice(0, 50)}`);
  const port = int(r, 'port', 1, 65535);
  const namespaceId = int(r, 'namespaceId', 0);
  const rack = str(r, 'rack', { optional: true, max: 255 }) ?? '';
  return { storageId, host, port, name: `${host}:${port}`, rack, namespaceId };
}
