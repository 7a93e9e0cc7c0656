import type { Request } from 'express';

/** The caller's address without the IPv4-in-IPv6 prefix: it is matched against DataNode hosts. */
export function clientHost(req: Request): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
