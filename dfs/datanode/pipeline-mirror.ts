import * as http from 'node:http';
import { Ack, ackReader } from '../protocol/data-transfer';
import type { HostPort } from './params';

export interface MirrorEvents {
  ack(a: Ack): void;
  /** The downstream is gone or misbehaved: no more acks will come. Called once. */
  failed(reason: string): void;
  /** The downstream answered its last ack and closed the stream. */
  ended(): void;
  /** The downstream can take more bytes. */
  drain(): void;
}

/**
 * The next DataNode of a write pipeline, seen from the one before it (BlockReceiver's mirror):
 * one full-duplex `POST /data/writeBlock` that receives the packets as they arrive, byte for
 * byte, and streams back the downstream's acks.
 */
export class PipelineMirror {
  failed = false;
  private readonly req: http.ClientRequest;
  private res: http.IncomingMessage | null = null;
  /** Packets forwarded and not acked yet, and the clock on the next ack. */
  private awaiting = 0;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    readonly target: HostPort,
    query: URLSearchParams,
    agent: http.Agent,
    private readonly timeoutMs: number,
    private readonly events: MirrorEvents,
  ) {
    this.req = http.request({
      host: target.host,
      port: target.port,
      method: 'POST',
      path: `/data/writeBlock?${query.toString()}`,
      agent,
      headers: { 'content-type': 'application/octet-stream' },
    });
    this.req.on('error', (e) => this.fail(e.message));
    this.req.on('drain', () => this.events.drain());
    this.req.on('response', (res) => this.onResponse(res));
    this.req.flushHeaders();
  }

  private onResponse(res: http.IncomingMessage): void {
    this.res = res;
    if (res.statusCode !== 200) {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d;
      });
      res.on('end', () => {
        let msg = `answered ${res.statusCode}`;
        try {
          msg = (JSON.parse(body) as { error: { message: string } }).error.message;
        } catch {
          // not our JSON: keep the status
        }
        this.fail(msg);
      });
      res.on('error', (e) => this.fail(e.message));
      return;
    }
    const acks = ackReader();
    res.on('data', (chunk: Buffer) => {
      if (this.failed) return;
      let got: Ack[];
      try {
        got = acks.push(chunk);
      } catch (e) {
        this.fail((e as Error).message);
        return;
      }
      for (const a of got) {
        if (this.failed) return;
        if (--this.awaiting > 0) this.watchdog?.refresh();
        else this.stopWatchdog();
        this.events.ack(a);
      }
    });
    res.on('end', () => {
      if (!this.failed) this.events.ended();
    });
    res.on('error', (e) => this.fail(e.message));
    res.on('aborted', () => this.fail('the stream was cut'));
  }

  /** Forwards bytes; false when the caller should wait for drain. */
  write(chunk: Buffer): boolean {
    if (this.failed) return true;
    return this.req.write(chunk);
  }

  /**
   * A packet was forwarded and its ack is due. Its silence is what tells a stalled downstream
   * (a socket's idle timer is not: a queued write can hold it off).
   */
  expectAck(): void {
    if (this.failed) return;
    if (this.awaiting++ === 0) {
      this.watchdog = setTimeout(() => this.fail(`no ack for ${this.timeoutMs} ms`), this.timeoutMs);
    }
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }

  /** No more packets: the downstream finishes what it has. */
  end(): void {
    if (!this.failed && !this.req.writableEnded) this.req.end();
  }

  /** Cuts the stream (the downstream sees its upstream vanish). */
  destroy(): void {
    this.failed = true;
    this.stopWatchdog();
    this.req.destroy();
    this.res?.destroy();
  }

  fail(reason: string): void {
    if (this.failed) return;
    this.destroy();
    this.events.failed(reason);
  }
}
