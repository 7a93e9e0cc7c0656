import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { HadoopError } from '../common/errors';
import { Level, setLogLevel } from '../common/log';
import { createJsonApp, finishJsonApp, listen, route } from '../common/http/json-server';
import { DataNode } from '../dfs/datanode/datanode';
import {
  Ack,
  Packet,
  ackReader,
  computeChecksums,
  encodePacket,
  packetReader,
  verifyChecksums,
} from '../dfs/protocol/data-transfer';
import type { DatanodeRegistration } from '../dfs/protocol/datanode-protocol';
import type { Block, DatanodeCommand } from '../dfs/protocol/types';
import { HADOOP_BIN } from './helpers';

/**
 * Test stand-ins around real DataNodes: a fake NameNode that answers DatanodeProtocol and records
 * every call (and hands out commands), DataNodes in this process or as `bin/hadoop datanode`
 * processes, and a pipeline client and a reader written from dfs/protocol/data-transfer.ts.
 */
export class FakeNameNode {
  namespaceId = 424242;
  readonly registrations: DatanodeRegistration[] = [];
  readonly heartbeats: Array<{ registration: DatanodeRegistration; capacity: number; dfsUsed: number; remaining: number; xceivers: number }> = [];
  readonly blockReports: Array<{ registration: DatanodeRegistration; blocks: Block[] }> = [];
  readonly received: Array<{ datanode: string; block: Block }> = [];
  readonly deleted: Array<{ datanode: string; block: Block }> = [];
  readonly badBlocks: Array<{ block: Block; datanode: string }> = [];
  /** Commands for a DataNode (by name), handed out with its next heartbeat. */
  readonly commands = new Map<string, DatanodeCommand[]>();
  /** Names of the DataNodes registered since the fake started (a restart forgets them). */
  private readonly known = new Set<string>();
  server!: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    const app = createJsonApp();
    const rpc = (name: string, fn: (body: Record<string, unknown>) => unknown) =>
      app.post(`/rpc/${name}`, route(async (req, res) => res.json(fn(req.body as Record<string, unknown>))));
    rpc('registerDatanode', (b) => {
      const reg = b.registration as DatanodeRegistration;
      if (reg.namespaceId !== 0 && reg.namespaceId !== this.namespaceId) {
        throw new HadoopError('DFS_NAMESPACE_MISMATCH', `Incompatible namespaceIDs: namenode namespaceID = ${this.namespaceId}; datanode namespaceID = ${reg.namespaceId}`);
      }
      this.registrations.push(reg);
      this.known.add(reg.name);
      return { namespaceId: this.namespaceId };
    });
    rpc('sendHeartbeat', (b) => {
      const h = b as unknown as FakeNameNode['heartbeats'][number];
      this.heartbeats.push(h);
      if (!this.known.has(h.registration.name)) return { commands: [{ type: 'register' }] };
      const commands = this.commands.get(h.registration.name) ?? [];
      this.commands.delete(h.registration.name);
      return { commands };
    });
    rpc('blockReport', (b) => {
      this.blockReports.push(b as unknown as FakeNameNode['blockReports'][number]);
      return { commands: [] };
    });
    rpc('blockReceivedAndDeleted', (b) => {
      const name = (b.registration as DatanodeRegistration).name;
      for (const block of b.received as Block[]) this.received.push({ datanode: name, block });
      for (const block of b.deleted as Block[]) this.deleted.push({ datanode: name, block });
      return { ok: true };
    });
    rpc('reportBadBlocks', (b) => {
      this.badBlocks.push(...(b.blocks as FakeNameNode['badBlocks']));
      return { ok: true };
    });
    finishJsonApp(app, 'fake-namenode');
    const bound = await listen(app, '127.0.0.1', port);
    this.server = bound.server;
    this.port = bound.port;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server?.listening) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Reports of the last full block report of a DataNode. */
  lastReport(name: string): Block[] | undefined {
    const all = this.blockReports.filter((r) => r.registration.name === name);
    return all[all.length - 1]?.blocks;
  }
}

/** In-process DataNodes log to stderr: keep a test run's output to errors. */
export function quietLogs(): void {
  before(() => setLogLevel('ERROR'));
  after(() => setLogLevel(((process.env.HADOOP_ROOT_LOGGER?.split(',')[0] as Level) || 'INFO') as Level));
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false | null, timeoutMs = 10000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function dataNodeSettings(nnPort: number, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'fs.default.name': `hdfs://127.0.0.1:${nnPort}`,
    'dfs.data.dir': path.join(dir, 'data'),
    'dfs.datanode.address': '127.0.0.1:0',
    'dfs.heartbeat.interval': '0.1',
    // no background verification racing a test's own corruption and reads
    'dfs.datanode.scan.period.hours': '-1',
    'hadoop.log.file': path.join(dir, 'datanode.log'),
    ...extra,
  };
}

export function inProcessDataNode(settings: Record<string, string>): Promise<DataNode> {
  const conf = new Configuration({ loadSiteFiles: false });
  for (const [k, v] of Object.entries(settings)) conf.set(k, v);
  return DataNode.start(conf);
}

export interface DataNodeProcess {
  child: ChildProcess;
  address: string;
  port: number;
  storageDirs: string[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `bin/hadoop datanode -D ...` as a real process; resolves once its ready file is written. */
export async function spawnDataNode(settings: Record<string, string>, readyFile: string): Promise<DataNodeProcess> {
  const args = ['datanode'];
  for (const [k, v] of Object.entries({ ...settings, 'daemon.ready.file': readyFile })) args.push('-D', `${k}=${v}`);
  const child = spawn(process.execPath, [HADOOP_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const info = await waitFor('the DataNode ready file', () => {
    if (fs.existsSync(readyFile)) return JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { rpcAddress: string; storageDirs: string[] };
    if (dead) throw new Error(`the DataNode exited: ${err}`);
    return undefined;
  });
  return { child, address: info.rpcAddress, port: Number(info.rpcAddress.split(':')[1]), storageDirs: info.storageDirs, stderr: () => err, exited };
}

export function killProcess(p: DataNodeProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<unknown> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  p.child.kill(signal);
  return p.exited;
}

export const agent = new http.Agent({ keepAlive: false });

/** Packets of data from offset, packetSize bytes each, then the empty last packet. */
export function packetsOf(data: Buffer, opts: { offset?: number; packetSize?: number; firstSeqno?: number; bpc?: number } = {}): Packet[] {
  const size = opts.packetSize ?? 64 * 1024;
  const bpc = opts.bpc ?? 512;
  const out: Packet[] = [];
  let seqno = opts.firstSeqno ?? 0;
  const base = opts.offset ?? 0;
  for (let at = 0; at < data.length; at += size) {
    const piece = data.subarray(at, Math.min(data.length, at + size));
    out.push({ offsetInBlock: base + at, seqno: seqno++, last: false, checksums: computeChecksums(piece, bpc), data: piece });
  }
  out.push({ offsetInBlock: base + data.length, seqno, last: true, checksums: Buffer.alloc(0), data: Buffer.alloc(0) });
  return out;
}

export interface WriteResult {
  status: number;
  acks: Ack[];
  /** The JSON error of a refused request. */
  error?: { code: string; message: string };
  /** Set when the stream broke instead of ending. */
  broken?: string;
}

export interface WriteQuery {
  blockId: number | string;
  genStamp: number | string;
  offset?: number | string;
  targets?: string[];
  stage?: string;
  source?: string;
}

/**
 * A client of `POST /data/writeBlock`: sends frames (each a packet or raw bytes) as the acks
 * allow, at most `window` unacked, and collects the acks. onAck may return frames to send next.
 */
export function writeBlock(
  address: string,
  q: WriteQuery,
  frames: Array<Packet | Buffer>,
  opts: { window?: number; onAck?: (a: Ack, acks: Ack[]) => void; endRequest?: boolean; contentType?: string } = {},
): Promise<WriteResult> {
  const [host, port] = address.split(':');
  const query = new URLSearchParams({ blockId: String(q.blockId), genStamp: String(q.genStamp), offset: String(q.offset ?? 0), stage: q.stage ?? 'create' });
  if (q.targets?.length) query.set('targets', q.targets.join(','));
  if (q.source) query.set('source', q.source);
  const window = opts.window ?? 1000000;
  return new Promise((resolve) => {
    const req = http.request({
      host,
      port: Number(port),
      method: 'POST',
      path: `/data/writeBlock?${query.toString()}`,
      agent,
      headers: { 'content-type': opts.contentType ?? 'application/octet-stream' },
    });
    const acks: Ack[] = [];
    let sent = 0;
    let settled = false;
    const finish = (r: Omit<WriteResult, 'acks'>) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve({ ...r, acks });
    };
    const pump = () => {
      while (sent < frames.length && sent - acks.length < window) {
        const f = frames[sent++];
        req.write(Buffer.isBuffer(f) ? f : encodePacket(f));
      }
      if (sent === frames.length && opts.endRequest !== false && !req.writableEnded) req.end();
    };
    req.on('error', (e) => finish({ status: 0, broken: e.message }));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => finish({ status: res.statusCode ?? 0, error: (JSON.parse(body) as { error: WriteResult['error'] }).error }));
        return;
      }
      const reader = ackReader();
      res.on('data', (c: Buffer) => {
        for (const a of reader.push(c)) {
          acks.push(a);
          opts.onAck?.(a, acks);
        }
        pump();
      });
      res.on('end', () => finish({ status: 200 }));
      res.on('error', (e) => finish({ status: 200, broken: e.message }));
      res.on('aborted', () => finish({ status: 200, broken: 'aborted' }));
    });
    req.flushHeaders();
    pump();
  });
}

export interface ReadResult {
  status: number;
  packets: Packet[];
  error?: { code: string; message: string };
  broken?: string;
}

/** `GET /data/readBlock`, every packet verified here too. */
export function readBlock(address: string, params: Record<string, string | number>): Promise<ReadResult> {
  const [host, port] = address.split(':');
  const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  return new Promise((resolve) => {
    const packets: Packet[] = [];
    let settled = false;
    const finish = (r: Omit<ReadResult, 'packets'>) => {
      if (!settled) resolve({ ...r, packets });
      settled = true;
    };
    const req = http.get({ host, port: Number(port), path: `/data/readBlock?${query.toString()}`, agent }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => finish({ status: res.statusCode ?? 0, error: (JSON.parse(body) as { error: ReadResult['error'] }).error }));
        return;
      }
      const reader = packetReader(512);
      res.on('data', (c: Buffer) => {
        for (const p of reader.push(c)) {
          if (verifyChecksums(p.data, p.checksums, 512) >= 0) {
            finish({ status: 200, broken: `bad checksum in packet ${p.seqno}` });
            req.destroy();
            return;
          }
          packets.push({ ...p, data: Buffer.from(p.data), checksums: Buffer.from(p.checksums) });
        }
      });
      res.on('end', () => finish({ status: 200 }));
      res.on('error', (e) => finish({ status: 200, broken: e.message }));
      res.on('aborted', () => finish({ status: 200, broken: 'aborted' }));
    });
    req.on('error', (e) => finish({ status: 0, broken: e.message }));
  });
}

export function dataOf(packets: Packet[]): Buffer {
  return Buffer.concat(packets.map((p) => p.data));
}

/** Finds a file by name anywhere under dir. */
export function findFile(dir: string, name: string): string | undefined {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const f = findFile(p, name);
      if (f) return f;
    } else if (e.name === name) return p;
  }
  return undefined;
}

/** Deterministic pseudo-random bytes. */
export function bytes(n: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}
