import { HadoopError } from '../errors';

/**
 * A daemon's bind address as its configuration key gives it (dfs.datanode.address,
 * dfs.http.address, mapred.task.tracker.http.address, ...): `host:port`, `[v6]:port`, or
 * `:port` for every interface. Port 0 asks for a free port. One parser for every daemon, so a
 * value means the same thing in every key.
 */
export interface BindAddress {
  host: string;
  port: number;
}

export function parseBindAddress(value: string, key: string): BindAddress {
  const v = value.trim();
  const i = v.lastIndexOf(':');
  const port = v.slice(i + 1);
  if (i < 0 || !/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new HadoopError('CONF_BAD_VALUE', `Invalid value for ${key}: '${value}' is not host:port (port 0 for a free port)`);
  }
  return { host: v.slice(0, i).replace(/^\[(.*)\]$/, '$1') || '0.0.0.0', port: Number(port) };
}

/** host:port for others to connect to, IPv6 hosts in brackets. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
