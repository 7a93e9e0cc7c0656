import { ChecksumError, readReplica } from './block-sender';
import { blockName, DataNodeContext, Replica, toBlock } from './interfaces';

/** Hadoop 1's bounds on the scan rate (DataBlockScanner MIN_SCAN_RATE, MAX_SCAN_RATE). */
const MIN_SCAN_RATE = 1024 * 1024;
const MAX_SCAN_RATE = 8 * 1024 * 1024;
/** How often an idle scanner looks again for a replica that is due (new replicas arrive). */
const IDLE_CHECK_MS = 1000;

export interface BlockScannerStatus {
  periodHours: number;
  /** Replicas verified whole, and found corrupt (each reported to the NameNode once). */
  verified: number;
  corrupt: number;
  lastVerified: { block: string; time: number } | null;
}

/**
 * Hadoop's DataBlockScanner: every finalized replica is read and checked against its checksums
 * once per dfs.datanode.scan.period.hours (504, three weeks, by default; negative turns it off),
 * so that a replica gone bad on disk is found and replaced even if no client ever reads it. A
 * corrupt one is reported to the NameNode, which re-replicates the block from a good copy and
 * has this one deleted. Scans are throttled to what spreads the whole set over the period,
 * between 1 and 8 MB/s. A replica met for the first time gets a random last-scan time within
 * the period (as Hadoop gives blocks without a verification log entry), so that scans spread out.
 */
export class DataBlockScanner {
  private readonly lastScan = new Map<number, number>();
  private readonly reported = new Set<string>();
  private readonly status: BlockScannerStatus;
  private stopped = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ctx: DataNodeContext,
    private readonly periodMs: number,
  ) {
    this.status = { periodHours: periodMs / 3600000, verified: 0, corrupt: 0, lastVerified: null };
  }

  start(): void {
    this.running = this.loop().catch((e: unknown) => this.ctx.log.error(`Block scanner stopped: ${(e as Error).stack ?? String(e)}`));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  report(): BlockScannerStatus {
    return { ...this.status };
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const next = this.mostOverdue();
      const wait = next ? next.due - Date.now() : IDLE_CHECK_MS;
      if (wait > 0) await this.sleep(Math.min(wait, IDLE_CHECK_MS));
      else await this.verify(next!.replica);
    }
  }

  /** The finalized replica whose scan is due first, forgetting replicas that are gone. */
  private mostOverdue(): { replica: Replica; due: number } | null {
    const replicas = this.ctx.dataset.all().filter((r) => r.state === 'finalized');
    const present = new Set(replicas.map((r) => r.blockId));
    for (const id of this.lastScan.keys()) if (!present.has(id)) this.lastScan.delete(id);
    let best: { replica: Replica; due: number } | null = null;
    for (const r of replicas) {
      let last = this.lastScan.get(r.blockId);
      if (last === undefined) {
        // Hadoop's getNewBlockScanTime: due within the period, sooner when there are few blocks
        const spread = Math.min(this.periodMs, replicas.length * 600000);
        last = Date.now() - this.periodMs + Math.random() * spread;
        this.lastScan.set(r.blockId, last);
      }
      const due = last + this.periodMs;
      if (!best || due < best.due) best = { replica: r, due };
    }
    return best;
  }

  /** Bytes per second that verify every finalized byte once per period, within Hadoop's bounds. */
  private rate(): number {
    const bytes = this.ctx.dataset.all().reduce((n, r) => n + (r.state === 'finalized' ? r.numBytes : 0), 0);
    return Math.min(MAX_SCAN_RATE, Math.max(MIN_SCAN_RATE, bytes / (this.periodMs / 1000)));
  }

  private async verify(r: Replica): Promise<void> {
    const seen = { genStamp: r.genStamp, numBytes: r.numBytes };
    const rate = this.rate();
    const start = Date.now();
    let bytes = 0;
    try {
      const stream = await readReplica(this.ctx, r, 0, seen.numBytes);
      for await (const batch of stream.batches) {
        bytes += batch.length;
        const ahead = (bytes / rate) * 1000 - (Date.now() - start);
        if (ahead > 0) await this.sleep(ahead);
        if (this.stopped) return;
      }
      this.status.verified++;
      this.status.lastVerified = { block: blockName(r), time: Date.now() };
    } catch (e) {
      // a replica appended to, recovered or deleted meanwhile proves nothing
      const unchanged = this.ctx.dataset.get(r.blockId) === r && r.state === 'finalized' && r.genStamp === seen.genStamp && r.numBytes === seen.numBytes;
      if (e instanceof ChecksumError && unchanged) this.reportCorrupt(r, e.message);
      else this.ctx.log.debug(`Block scanner skipped ${blockName(r)}: ${(e as Error).message}`);
    } finally {
      this.lastScan.set(r.blockId, Date.now());
    }
  }

  private reportCorrupt(r: Replica, why: string): void {
    const name = blockName(r);
    if (this.reported.has(name)) return;
    this.reported.add(name);
    this.status.corrupt++;
    this.ctx.log.warn(`Block scanner: ${why}; reporting the replica to the NameNode`);
    void this.ctx.reports.reportBadBlock(toBlock(r), this.ctx.id().name);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = null;
        resolve();
      };
    });
  }
}
