import * as http from 'node:http';
import { HadoopError } from '../../common/errors';
import { ACK_SUCCESS, Ack, ackReader } from '../protocol/data-transfer';
import type { Block, DatanodeID } from '../protocol/types';

/** Keep-alive sockets for block streams (reads and write pipelines), one pool per process. */
export const dataAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export type Stage = 'create' | 'append' | 'recovery';

export interface PipelineEvents {
  /** Every DataNode of the pipeline has the packet with this seqno. */
  onAck(ack: Ack): void;
  /**
   * The pipeline broke. badIndex is the DataNode an ERROR ack names (its position in the
   * pipeline), or -1 when the stream just failed (refused, reset, closed early).
   */
  onError(error: Error, badIndex: number): void;
}

/**
 * One write pipeline: `POST /data/writeBlock` to the first DataNode, full duplex. Packets go out
 * in the request body; acks stream back in the response. Node's http.request is the one place
 * we do not use axios, because a request body and a response body must flow at the same time.
 */
export class PipelineConnection {
  private readonly req: http.ClientRequest;
  private done = false;
  private ended = false;
  /** seqno of the block's last (empty) packet once it is sent: its ack ends the stream. */
  lastSeqno = -1;

  constructor(
    readonly nodes: DatanodeID[],
    block: Block,
    offset: number,
    stage: Stage,
    clientName: string,
    timeoutMs: number,
    private readonly events: PipelineEvents,
  ) {
    const first = nodes[0];
    const query = new URLSearchParams({
      blockId: String(block.blockId),
      genStamp: String(block.genStamp),
      offset: String(offset),
      targets: nodes
        .slice(1)
        .map((n) => n.name)
        .join(','),
      stage,
      clientName,
    });
    this.req = http.request({
      host: first.host,
      port: first.port,
      method: 'POST',
      path: `/data/writeBlock?${query}`,
      agent: dataAgent,
      headers: { 'Content-Type': 'application/octet-stream', 'Transfer-Encoding': 'chunked' },
    });
    this.req.setNoDelay(true);
    this.req.setTimeout(timeoutMs, () => this.fail(new HadoopError('DFS_PIPELINE', `Timed out after ${timeoutMs} ms waiting for ${first.name}`), -1));
    this.req.on('error', (e) => this.fail(new HadoopError('DFS_PIPELINE', `Write pipeline to ${first.name} failed: ${e.message}`), -1));
    this.req.on('response', (res) => this.onResponse(res));
    // send the headers now, so the DataNode sets up its part of the pipeline before any data
    this.req.flushHeaders();
  }

  private onResponse(res: http.IncomingMessage): void {
    const first = this.nodes[0].name;
    if (res.statusCode !== 200) {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body.length < 4096 ? (body += d) : undefined));
      res.on('end', () => {
        let msg = `${first} refused the block write with HTTP ${res.statusCode}`;
        try {
          const err = (JSON.parse(body) as { error?: { message?: string } }).error;
          if (err?.message) msg = `${first} refused the block write: ${err.message}`;
        } catch {
          // not JSON: keep the status line
        }
        this.fail(new HadoopError('DFS_PIPELINE', msg), 0);
      });
      res.on('error', () => undefined);
      return;
    }
    const acks = ackReader();
    res.on('data', (chunk: Buffer) => {
      if (this.done) return;
      let list: Ack[];
      try {
        list = acks.push(chunk);
      } catch (e) {
        this.fail(e as Error, 0);
        return;
      }
      for (const ack of list) {
        if (this.done) return;
        const bad = ack.statuses.findIndex((s) => s !== ACK_SUCCESS);
        if (bad >= 0 || ack.statuses.length === 0) {
          const who = this.nodes[Math.max(0, bad)]?.name ?? `pipeline node ${bad}`;
          this.fail(new HadoopError('DFS_PIPELINE', `Bad ack for packet ${ack.seqno} from ${who} (status ${ack.statuses[bad] ?? 'none'})`), Math.max(0, bad));
          return;
        }
        if (ack.seqno === this.lastSeqno) this.ended = true;
        this.events.onAck(ack);
      }
    });
    res.on('end', () => {
      if (!this.ended) this.fail(new HadoopError('DFS_PIPELINE', `${first} closed the write pipeline`), -1);
      this.done = true;
    });
    res.on('error', (e) => this.fail(new HadoopError('DFS_PIPELINE', `Ack stream from ${first} failed: ${e.message}`), -1));
  }

  /** Queues an encoded packet; false when the socket buffer is full. */
  write(frame: Buffer): boolean {
    if (this.done) return true;
    return this.req.write(frame);
  }

  onceDrain(fn: () => void): void {
    this.req.once('drain', fn);
  }

  /** The block is finished and every ack is in: close the request normally. */
  end(): void {
    this.ended = true;
    this.req.end();
  }

  destroy(): void {
    this.done = true;
    this.ended = true;
    this.req.destroy();
  }

  private fail(e: Error, badIndex: number): void {
    if (this.done) return;
    this.done = true;
    this.req.destroy();
    this.events.onError(e, badIndex);
  }
}
