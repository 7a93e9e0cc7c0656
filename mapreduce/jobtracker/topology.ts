import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';

export const DEFAULT_RACK = '/default-rack';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', 'ip6-localhost']);

/**
 * One name per host for locality: the loopback names are one host (the local filesystem reports
 * its blocks on `localhost` while a TaskTracker on this machine advertises 127.0.0.1).
 */
export function canonicalHost(host: string): string {
  const h = host.toLowerCase();
  return LOOPBACK.has(h) ? '127.0.0.1' : h;
}

/**
 * Which rack a host is on, for rack-local scheduling: Hadoop 2's TableMapping file
 * (net.topology.table.file.name, `host rack` lines) first, then the rack a TaskTracker reported
 * for its own host, else /default-rack.
 */
export class Topology {
  private readonly table = new Map<string, string>();
  private readonly reported = new Map<string, string>();

  constructor(conf: Configuration) {
    const file = conf.get('net.topology.table.file.name', '');
    if (!file) return;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new HadoopError('CONF_BAD_VALUE', `Cannot read the topology table net.topology.table.file.name=${file}: ${(e as Error).message}`);
    }
    for (const line of text.split('\n')) {
      const [host, rack] = line.trim().split(/\s+/);
      if (host && rack && !host.startsWith('#')) this.table.set(host, rack);
    }
  }

  rackOf(host: string): string {
    return this.table.get(host) ?? this.table.get(canonicalHost(host)) ?? this.reported.get(canonicalHost(host)) ?? DEFAULT_RACK;
  }

  /** Records the rack a tracker reported for its host; returns the rack the host is taken to be on. */
  learn(host: string, rack: string | undefined): string {
    if (rack && !this.table.has(host)) this.reported.set(canonicalHost(host), rack);
    return this.rackOf(host);
  }
}
