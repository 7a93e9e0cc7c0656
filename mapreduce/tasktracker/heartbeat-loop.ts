import { describeError } from '../../common/errors';
import type { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { JobTrackerProtocol } from '../protocol/jobtracker-protocol';
import type { TaskTrackerAction, TaskTrackerStatus } from '../protocol/types';

const log = getLog('mapred.TaskTracker');

type HeartbeatRequest = JobTrackerProtocol['heartbeat']['req'];
type HeartbeatReply = JobTrackerProtocol['heartbeat']['res'];

export interface HeartbeatSource {
  /** The tracker's status now, and a callback for once the JobTracker has received it. */
  status(): { status: TaskTrackerStatus; acceptNewTasks: boolean; delivered: () => void };
  /** Acts on the JobTracker's answer; reinitTracker is handled here by the loop too. */
  act(actions: TaskTrackerAction[]): Promise<void>;
}

/**
 * Heartbeats the JobTracker: every interval, and at once when trigger() is called (a task
 * finished, a slot freed, an attempt waits to commit). While the JobTracker is down it keeps
 * trying each interval; after reinitTracker it registers again (initialContact).
 */
export class HeartbeatLoop {
  private initialContact = true;
  private responseId = 0;
  private stopped = false;
  private triggered = false;
  private wake: (() => void) | null = null;
  private down = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** How many heartbeats got an answer (for tests and /status). */
  heartbeats = 0;

  constructor(
    private readonly client: RpcClient,
    private readonly source: HeartbeatSource,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loopDone = this.loop();
  }

  /** Heartbeat now (or right after the one in flight). */
  trigger(): void {
    this.triggered = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.triggered = false;
      let interval = this.intervalMs;
      const { status, acceptNewTasks, delivered } = this.source.status();
      const req: HeartbeatRequest = { status, initialContact: this.initialContact, acceptNewTasks, responseId: this.responseId };
      let reply: HeartbeatReply;
      try {
        reply = await this.client.call<HeartbeatReply>('/rpc/heartbeat', req);
      } catch (e) {
        if (!this.down) log.warn(`Heartbeat to the JobTracker failed; retrying every ${interval} ms: ${describeError(e)}`);
        this.down = true;
        // a trigger must not turn retries against a dead JobTracker into a busy loop
        await this.sleep(interval, false);
        continue;
      }
      if (this.down) log.info(`JobTracker at ${this.client.address} answers again`);
      this.down = false;
      this.heartbeats++;
      delivered();
      this.initialContact = false;
      this.responseId = reply.responseId;
      // the JobTracker says when to come back; 0 is at once (a JobTracker may hold a heartbeat open until it has work)
      if (typeof reply.intervalMs === 'number' && reply.intervalMs >= 0) interval = reply.intervalMs;
      const actions = Array.isArray(reply.actions) ? reply.actions : [];
      if (actions.some((a) => a.type === 'reinitTracker')) {
        log.info('The JobTracker asks this tracker to reinitialize: killing every task and registering again');
        await this.source.act(actions.filter((a) => a.type === 'reinitTracker'));
        this.initialContact = true;
        this.responseId = 0;
        continue;
      }
      try {
        await this.source.act(actions);
      } catch (e) {
        log.error(`Acting on the heartbeat answer failed: ${describeError(e)}`);
      }
      if (!this.triggered && interval > 0) await this.sleep(interval, true);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeable ? done : () => this.stopped && done();
    });
  }
}
