import { getLog } from '../../common/log';
import type { Counters } from '../api/counters';

const log = getLog('mapred.JobClient');

/** What JobClient prints while a job runs: progress lines on change, failures, the counters. */
export class JobMonitor {
  private lastLine = '';
  private lastPrint = 0;

  constructor(
    readonly verbose: boolean,
    private readonly minIntervalMs = 1000,
  ) {}

  running(jobId: string): void {
    if (this.verbose) log.info(`Running job: ${jobId}`);
  }

  progress(mapPct: number, reducePct: number, force = false): void {
    if (!this.verbose) return;
    const line = ` map ${Math.floor(mapPct * 100)}% reduce ${Math.floor(reducePct * 100)}%`;
    const now = Date.now();
    if (line === this.lastLine || (!force && now - this.lastPrint < this.minIntervalMs)) return;
    this.lastLine = line;
    this.lastPrint = now;
    log.info(line);
  }

  attemptFailed(attemptId: string, error: string): void {
    if (this.verbose) log.info(`Task Id : ${attemptId}, Status : FAILED\n${error}`);
  }

  finished(jobId: string, ok: boolean, counters: Counters, failure?: string): void {
    if (!this.verbose) {
      if (!ok && failure) log.error(`Job ${jobId} failed: ${failure}`);
      return;
    }
    if (ok) log.info(`Job complete: ${jobId}`);
    else log.info(`Job Failed: ${failure ?? 'unknown reason'}`);
    for (const line of counters.format()) log.info(line);
  }
}
