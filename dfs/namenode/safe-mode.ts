import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import type { SafeModeStatus } from '../protocol/types';
import type { BlockManager } from './block-manager';

const log = getLog('namenode.SafeMode');

/**
 * Hadoop's SafeModeInfo. On at start until dfs.safemode.threshold.pct of the complete blocks
 * have dfs.replication.min reported replicas and dfs.namenode.safemode.min.datanodes DataNodes
 * are live, then dfs.safemode.extension ms more. Entered by hand it stays until left by hand.
 * While it is on the namespace is read-only and no replication or deletion is ordered.
 */
export class SafeMode {
  /** -1 off; 0 on, thresholds not met; > 0 when the thresholds were met (extension running). */
  private reached = -1;
  private manual = false;
  private readonly threshold: number;
  private readonly extension: number;
  private readonly minDatanodes: number;
  private counts = { total: 0, safe: 0 };

  constructor(
    conf: Configuration,
    private readonly blocks: BlockManager,
    private readonly liveDatanodes: () => number,
    private readonly onLeave: () => void,
  ) {
    this.threshold = conf.getFloat('dfs.safemode.threshold.pct');
    this.extension = conf.getLong('dfs.safemode.extension');
    this.minDatanodes = conf.getInt('dfs.namenode.safemode.min.datanodes');
  }

  /** At start: on, unless an empty namespace and no DataNode minimum make it pointless. */
  startup(): void {
    this.recount();
    if (this.needEnter()) {
      this.reached = 0;
      log.info(`STATE* Safe mode ON. ${this.tip()}`);
    } else {
      this.leave();
    }
  }

  isOn(): boolean {
    return this.reached >= 0;
  }

  /** Called often while on: leaves once the thresholds have held for the extension. */
  tick(now = Date.now()): void {
    if (!this.isOn() || this.manual) return;
    this.recount();
    if (this.needEnter()) {
      this.reached = 0;
      return;
    }
    if (this.extension <= 0 || this.threshold <= 0) {
      this.leave();
      return;
    }
    if (this.reached === 0) {
      this.reached = now;
      log.info(`STATE* Safe mode extension entered. ${this.tip()}`);
    }
    if (now - this.reached >= this.extension) this.leave();
  }

  enter(): void {
    if (!this.isOn()) this.reached = 0;
    this.manual = true;
    log.info('STATE* Safe mode is ON (entered by hand)');
  }

  leave(): void {
    const wasOn = this.isOn();
    this.reached = -1;
    this.manual = false;
    if (wasOn) log.info('STATE* Safe mode is OFF');
    this.onLeave();
  }

  status(): SafeModeStatus {
    this.tick();
    return { on: this.isOn(), tip: this.tip() };
  }

  /** Throws DFS_SAFE_MODE, as one line, when the namespace is read-only. */
  check(op: string, path: string): void {
    if (!this.isOn()) return;
    // the reports that met the thresholds may have come in since the last tick
    this.tick();
    if (!this.isOn()) return;
    throw new HadoopError('DFS_SAFE_MODE', `Cannot ${op} ${path}. Name node is in safe mode. ${this.tip().replace(/\n/g, ' ')}`);
  }

  private blockThreshold(): number {
    return Math.ceil(this.counts.total * this.threshold);
  }

  private needEnter(): boolean {
    return (this.threshold !== 0 && this.counts.safe < this.blockThreshold()) || this.liveDatanodes() < this.minDatanodes;
  }

  private recount(): void {
    if (!this.blocks.changed) return;
    this.blocks.changed = false;
    this.counts = this.blocks.safeCounts();
  }

  /** Hadoop's getTurnOffTip. */
  tip(now = Date.now()): string {
    if (this.reached < 0) return 'Safe mode is OFF.';
    if (this.manual) return 'Use "hadoop dfsadmin -safemode leave" to turn safe mode off.';
    const leaveMsg = 'Safe mode will be turned off automatically';
    const { safe, total } = this.counts;
    const live = this.liveDatanodes();
    const pct = this.threshold.toFixed(4);
    let msg = '';
    if (this.reached === 0) {
      if (safe < this.blockThreshold()) {
        msg += `The reported blocks is only ${safe} but the threshold is ${pct} and the total blocks ${total}.`;
      }
      if (live < this.minDatanodes) {
        if (msg) msg += '\n';
        msg +=
          `The number of live datanodes ${live} needs an additional ${this.minDatanodes - live} live ` +
          `datanodes to reach the minimum number ${this.minDatanodes}.`;
      }
      return `${msg} ${leaveMsg}.`;
    }
    msg = `The reported blocks ${safe} has reached the threshold ${pct} of total blocks ${total}.`;
    if (this.minDatanodes > 0) msg += ` The number of live datanodes ${live} has reached the minimum number ${this.minDatanodes}.`;
    const seconds = Math.floor(Math.abs(this.reached + this.extension - now) / 1000);
    return `${msg} ${leaveMsg} in ${seconds} seconds.`;
  }
}
