import * as http from 'node:http';
import { createJsonApp, finishJsonApp, listen } from '../common/http/json-server';
import { HadoopError } from '../common/errors';
import { ACK_ERROR, ACK_SUCCESS, ackReader, encodeAck, encodePacket, packetReader, verifyChecksums } from '../dfs/protocol/data-transfer';
import type { Block, DatanodeID, HdfsFileStatus, LocatedBlock } from '../dfs/protocol/types';

/**
 * Small in-process stand-ins for a DataNode and a NameNode, speaking the data transfer protocol
 * and the part of ClientProtocol the client streams use, so the client's write pipeline,
 * recovery and read fallbacks can be tested on their own. The real daemons are tested through
 * the minicluster.
 */
export class FakeDataNode {
  readonly replicas = new Map<number, { genStamp: number; data: Buffer; finalized: boolean }>();
  private server!: http.Server;
  id!: DatanodeID;
  /** Packets this DataNode still takes before it dies (drops every connection and stops). */
  dieAfterPackets = Infinity;
  /** Answers every packet with an ERROR ack for itself instead of storing it. */
  errorAcks = false;
  dead = false;
  /** What the NameNode knows: a DataNode killed quietly is still placed on. */
  deadToNameNode = false;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const port = (this.server.address() as { port: number }).port;
    this.id = { storageId: `DS-${port}`, host: '127.0.0.1', port, name: `127.0.0.1:${port}`, rack: '/default-rack' };
    return this;
  }

  kill(tellNameNode = true): void {
    if (tellNameNode) this.deadToNameNode = true;
    if (this.dead) return;
    this.dead = true;
    this.server.close();
    this.server.closeAllConnections();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url!, 'http://x');
    const q = (k: string) => url.searchParams.get(k) ?? '';
    const blockId = Number(q('blockId'));
    if (url.pathname === '/data/blockInfo') {
      const r = this.replicas.get(blockId);
      if (!r) return json(res, 404, { error: { code: 'DFS_REPLICA_NOT_FOUND', message: `no blk_${blockId}` } });
      return json(res, 200, { block: { blockId, genStamp: r.genStamp, numBytes: r.data.length }, finalized: r.finalized });
    }
    if (url.pathname === '/rpc/updateReplica') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const { block, newGenStamp, newLength } = JSON.parse(body) as { block: Block; newGenStamp: number; newLength: number };
        const r = this.replicas.get(block.blockId);
        if (!r || r.data.length < newLength) return json(res, 404, { error: { code: 'DFS_REPLICA_NOT_FOUND', message: 'short' } });
        r.data = r.data.subarray(0, newLength);
        this.sums.set(block.blockId, this.sums.get(block.blockId)!.subarray(0, Math.ceil(newLength / 512) * 4));
        r.genStamp = newGenStamp;
        r.finalized = true;
        json(res, 200, { ok: true });
      });
      return;
    }
    if (url.pathname === '/data/readBlock') return this.read(res, blockId, Number(q('offset')), Number(q('length')));
    if (url.pathname === '/data/writeBlock') return this.write(req, res, blockId, Number(q('genStamp')), q('stage'), q('targets'));
    json(res, 404, { error: { code: 'RPC_UNKNOWN_METHOD', message: url.pathname } });
  }

  private read(res: http.ServerResponse, blockId: number, offset: number, length: number): void {
    const r = this.replicas.get(blockId);
    if (!r) return json(res, 404, { error: { code: 'DFS_REPLICA_NOT_FOUND', message: `no blk_${blockId}` } });
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    let pos = Math.floor(offset / 512) * 512;
    let seqno = 0;
    while (pos < Math.min(offset + length, r.data.length)) {
      const data = r.data.subarray(pos, Math.min(pos + 4096, r.data.length));
      const sums = Buffer.from(this.sums.get(blockId)?.subarray((pos / 512) * 4, (pos / 512) * 4 + Math.ceil(data.length / 512) * 4) ?? []);
      res.write(encodePacket({ offsetInBlock: pos, seqno: seqno++, last: false, checksums: sums, data }));
      pos += data.length;
    }
    res.end(encodePacket({ offsetInBlock: pos, seqno, last: true, checksums: Buffer.alloc(0), data: Buffer.alloc(0) }));
  }

  /** The CRCs as the writer sent them, per block, so a flipped data byte is caught on read. */
  private readonly sums = new Map<number, Buffer>();

  private write(req: http.IncomingMessage, res: http.ServerResponse, blockId: number, genStamp: number, stage: string, targets: string): void {
    let r = this.replicas.get(blockId);
    if (stage === 'create' || !r) {
      r = { genStamp, data: Buffer.alloc(0), finalized: false };
      this.replicas.set(blockId, r);
      this.sums.set(blockId, Buffer.alloc(0));
    }
    r.genStamp = genStamp;
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.flushHeaders();
    const rest = targets ? targets.split(',') : [];
    let mirror: http.ClientRequest | null = null;
    const waiting: number[] = [];
    if (rest.length) {
      const [host, port] = rest[0].split(':');
      const query = new URLSearchParams({ blockId: String(blockId), genStamp: String(genStamp), offset: '0', targets: rest.slice(1).join(','), stage });
      mirror = http.request({ host, port: Number(port), method: 'POST', path: `/data/writeBlock?${query}` });
      mirror.flushHeaders();
      const acks = ackReader();
      const downstreamFailed = () => {
        if (res.writableEnded) return;
        res.end(encodeAck({ seqno: waiting[0] ?? -1, statuses: [ACK_SUCCESS, ACK_ERROR] }));
        req.destroy();
      };
      mirror.on('error', downstreamFailed);
      mirror.on('response', (mres) => {
        mres.on('data', (c: Buffer) => {
          for (const a of acks.push(c)) {
            waiting.shift();
            if (!res.writableEnded) res.write(encodeAck({ seqno: a.seqno, statuses: [ACK_SUCCESS, ...a.statuses] }));
          }
        });
        mres.on('end', () => (waiting.length ? downstreamFailed() : res.end()));
        mres.on('error', downstreamFailed);
      });
    }
    const packets = packetReader(512);
    const replica = r;
    req.on('data', (chunk: Buffer) => {
      for (const p of packets.push(chunk)) {
        if (this.dead) return;
        if (--this.dieAfterPackets < 0) {
          this.kill(false);
          req.destroy();
          mirror?.destroy();
          return;
        }
        if (this.errorAcks) {
          res.end(encodeAck({ seqno: p.seqno, statuses: [ACK_ERROR] }));
          mirror?.destroy();
          return;
        }
        if (verifyChecksums(p.data, p.checksums, 512) >= 0 || p.offsetInBlock !== replica.data.length) {
          res.end(encodeAck({ seqno: p.seqno, statuses: [ACK_ERROR] }));
          return;
        }
        replica.data = Buffer.concat([replica.data, p.data]);
        this.sums.set(blockId, Buffer.concat([this.sums.get(blockId)!, p.checksums]));
        if (p.last) replica.finalized = true;
        if (mirror) {
          waiting.push(p.seqno);
          mirror.write(encodePacket(p));
        } else {
          res.write(encodeAck({ seqno: p.seqno, statuses: [ACK_SUCCESS] }));
        }
      }
    });
    req.on('end', () => (mirror ? mirror.end() : res.end()));
    req.on('error', () => mirror?.destroy());
  }

  /** Flips one byte of a stored replica (its checksums stay as written). */
  corrupt(blockId: number, at: number): void {
    const r = this.replicas.get(blockId)!;
    r.data = Buffer.from(r.data);
    r.data[at] ^= 0xff;
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface FakeFile {
  status: HdfsFileStatus;
  blocks: LocatedBlock[];
}

/** A NameNode that keeps files in memory and places blocks on the fake DataNodes in order. */
export class FakeNameNode {
  readonly files = new Map<string, FakeFile>();
  readonly badReports: Array<{ block: Block; datanode: string }> = [];
  readonly calls: string[] = [];
  private nextBlockId = 1000;
  private nextGenStamp = 1;
  private server!: http.Server;
  port = 0;

  constructor(readonly datanodes: FakeDataNode[]) {}

  async start(): Promise<this> {
    const app = createJsonApp();
    const handlers: Record<string, (b: Record<string, unknown>) => unknown> = {
      create: (b) => {
        const path = b.path as string;
        if (this.files.has(path) && !b.overwrite) throw new HadoopError('FS_FILE_EXISTS', `${path}: File exists`);
        const status: HdfsFileStatus = {
          path,
          length: 0,
          isDirectory: false,
          replication: b.replication as number,
          blockSize: b.blockSize as number,
          modificationTime: Date.now(),
          accessTime: Date.now(),
          permission: 0o644,
          owner: 'me',
          group: 'supergroup',
        };
        this.files.set(path, { status, blocks: [] });
        return { status };
      },
      addBlock: (b) => {
        const f = this.file(b.path as string);
        if (b.previous) this.setBlock(f, b.previous as Block);
        const exclude = new Set(b.excludeNodes as string[]);
        const nodes = this.datanodes.filter((d) => !d.deadToNameNode && !exclude.has(d.id.name)).slice(0, f.status.replication);
        if (!nodes.length) throw new HadoopError('DFS_NOT_ENOUGH_REPLICAS', 'no datanodes');
        const block: LocatedBlock = {
          block: { blockId: this.nextBlockId++, genStamp: this.nextGenStamp++, numBytes: 0 },
          offset: f.status.length,
          locations: nodes.map((d) => d.id),
          corrupt: false,
        };
        f.blocks.push(block);
        return { block };
      },
      abandonBlock: (b) => {
        const f = this.file(b.path as string);
        f.blocks = f.blocks.filter((x) => x.block.blockId !== (b.block as Block).blockId);
        return { ok: true };
      },
      complete: (b) => {
        const f = this.file(b.path as string);
        const last = b.last as Block | null;
        if (last) this.setBlock(f, last);
        return { complete: true };
      },
      updateBlockForPipeline: () => ({ genStamp: this.nextGenStamp++ }),
      updatePipeline: (b) => {
        for (const f of this.files.values()) {
          const lb = f.blocks.find((x) => x.block.blockId === (b.oldBlock as Block).blockId);
          if (lb) {
            lb.block = { ...(b.newBlock as Block) };
            lb.locations = this.datanodes.filter((d) => (b.newNodes as string[]).includes(d.id.name)).map((d) => d.id);
          }
        }
        return { ok: true };
      },
      getFileInfo: (b) => ({ status: this.files.get(b.path as string)?.status ?? null }),
      getBlockLocations: (b) => {
        const f = this.file(b.path as string);
        return { located: { fileLength: f.status.length, underConstruction: false, blocks: f.blocks, lastBlock: null } };
      },
      reportBadBlocks: (b) => {
        this.badReports.push(...(b.blocks as Array<{ block: Block; datanode: string }>));
        return { ok: true };
      },
      renewLease: () => ({ ok: true }),
      // enough DatanodeProtocol for a real DataNode process to run against this fake
      registerDatanode: () => ({ namespaceId: 12345 }),
      sendHeartbeat: () => ({ commands: [] }),
      blockReport: () => ({ commands: [] }),
      blockReceivedAndDeleted: () => ({ ok: true }),
    };
    for (const [name, fn] of Object.entries(handlers)) {
      app.post(`/rpc/${name}`, (req, res, next) => {
        this.calls.push(name);
        try {
          res.json(fn(req.body as Record<string, unknown>));
        } catch (e) {
          next(e);
        }
      });
    }
    finishJsonApp(app, 'FakeNameNode');
    const { server, port } = await listen(app, '127.0.0.1', 0);
    this.server = server;
    this.port = port;
    return this;
  }

  private file(path: string): FakeFile {
    const f = this.files.get(path);
    if (!f) throw new HadoopError('FS_NOT_FOUND', `${path}: No such file or directory`);
    return f;
  }

  /** A finished block: its length, and the file's length from all its blocks. */
  private setBlock(f: FakeFile, b: Block): void {
    const lb = f.blocks.find((x) => x.block.blockId === b.blockId);
    if (lb) lb.block = { ...b };
    let off = 0;
    for (const x of f.blocks) {
      x.offset = off;
      off += x.block.numBytes;
    }
    f.status.length = off;
  }

  stop(): void {
    this.server.close();
    this.server.closeAllConnections();
  }
}
