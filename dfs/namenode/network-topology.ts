import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';

const log = getLog('net.NetworkTopology');
export const DEFAULT_RACK = '/default-rack';

/**
 * Rack resolution (Hadoop's DNSToSwitchMapping). With net.topology.table.file.name, a file of
 * `host rack` lines (TableMapping); a line may name `host:port`, which is how DataNodes sharing
 * one host get different racks. With topology.script.file.name, the script is run with the
 * host as its argument and prints the rack (ScriptBasedMapping). Otherwise every node is in
 * /default-rack.
 */
export class NetworkTopology {
  private readonly table: Map<string, string> | null;
  private readonly script: string;
  private readonly cache = new Map<string, string>();

  constructor(conf: Configuration) {
    const tableFile = conf.get('net.topology.table.file.name', '');
    this.script = conf.get('topology.script.file.name', '');
    this.table = tableFile ? readTable(tableFile) : null;
  }

  resolve(host: string, port: number): string {
    if (this.table) return this.table.get(`${host}:${port}`) ?? this.table.get(host) ?? DEFAULT_RACK;
    if (!this.script) return DEFAULT_RACK;
    let rack = this.cache.get(host);
    if (rack === undefined) {
      rack = runScript(this.script, host);
      this.cache.set(host, rack);
    }
    return rack;
  }
}

function normalizeRack(rack: string): string | null {
  const r = rack.trim().replace(/\/+$/, '');
  return r.startsWith('/') && r.length > 1 ? r : null;
}

function readTable(file: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new HadoopError('CONF_NOT_FOUND', `Cannot read the topology table net.topology.table.file.name=${file}: ${(e as Error).message}`);
  }
  const table = new Map<string, string>();
  text.split('\n').forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (!t) return;
    const [host, rack] = t.split(/\s+/);
    const r = rack === undefined ? null : normalizeRack(rack);
    if (!r) throw new HadoopError('CONF_BAD_VALUE', `${file}:${i + 1}: expected 'host /rack', got '${t}'`);
    table.set(host, r);
  });
  return table;
}

function runScript(script: string, host: string): string {
  try {
    const out = execFileSync(script, [host], { timeout: 10000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const rack = normalizeRack(out.trim().split(/\s+/)[0] ?? '');
    if (rack) return rack;
    log.warn(`Topology script ${script} printed no rack for ${host}; using ${DEFAULT_RACK}`);
  } catch (e) {
    log.warn(`Topology script ${script} failed for ${host}: ${(e as Error).message}; using ${DEFAULT_RACK}`);
  }
  return DEFAULT_RACK;
}
