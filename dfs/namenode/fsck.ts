import type { Configuration } from '../../common/conf/configuration';
import type { BlockInfo, BlockManager } from './block-manager';
import type { DatanodeDescriptor } from './datanode-descriptor';
import type { DatanodeManager } from './datanode-manager';
import { FSDirectory, pathComponents } from './fs-directory';
import type { INode } from './interfaces';

export interface FsckOptions {
  files: boolean;
  blocks: boolean;
  locations: boolean;
  racks: boolean;
  /** -openforwrite: check files being written too, marked OPENFORWRITE. */
  openForWrite: boolean;
}

/** The report, and the closed files with missing or corrupt blocks (what -move and -delete act on). */
export interface FsckReport {
  report: string;
  healthy: boolean;
  corruptFiles: string[];
}

/** Hadoop's FsckResult counters. */
class Result {
  missingIds: string[] = [];
  missingSize = 0;
  corruptFiles = 0;
  corruptBlocks = 0;
  excessiveReplicas = 0;
  missingReplicas = 0;
  numOverReplicatedBlocks = 0;
  numUnderReplicatedBlocks = 0;
  numMisReplicatedBlocks = 0;
  numMinReplicatedBlocks = 0;
  totalBlocks = 0;
  totalOpenFilesBlocks = 0;
  totalFiles = 0;
  totalOpenFiles = 0;
  totalDirs = 0;
  totalSize = 0;
  totalOpenFilesSize = 0;
  totalReplicas = 0;

  constructor(
    readonly replication: number,
    readonly datanodes: number,
    readonly racks: number,
  ) {}

  isHealthy(): boolean {
    return this.missingIds.length === 0 && this.corruptBlocks === 0;
  }

  toString(): string {
    const pct = (n: number, of: number) => ` (${javaFloat(Math.fround(Math.fround(n * 100) / Math.fround(of)))} %)`;
    let s = `Status: ${this.isHealthy() ? 'HEALTHY' : 'CORRUPT'}`;
    s += `\n Total size:\t${this.totalSize} B`;
    if (this.totalOpenFilesSize !== 0) s += ` (Total open files size: ${this.totalOpenFilesSize} B)`;
    s += `\n Total dirs:\t${this.totalDirs}`;
    s += `\n Total files:\t${this.totalFiles}`;
    if (this.totalOpenFiles !== 0) s += ` (Files currently being written: ${this.totalOpenFiles})`;
    s += `\n Total blocks (validated):\t${this.totalBlocks}`;
    if (this.totalBlocks > 0) s += ` (avg. block size ${Math.floor(this.totalSize / this.totalBlocks)} B)`;
    if (this.totalOpenFilesBlocks !== 0) s += ` (Total open file blocks (not validated): ${this.totalOpenFilesBlocks})`;
    if (this.corruptFiles > 0) {
      s += '\n  ********************************';
      s += `\n  CORRUPT FILES:\t${this.corruptFiles}`;
      if (this.missingSize > 0) {
        s += `\n  MISSING BLOCKS:\t${this.missingIds.length}`;
        s += `\n  MISSING SIZE:\t\t${this.missingSize} B`;
      }
      if (this.corruptBlocks > 0) s += `\n  CORRUPT BLOCKS: \t${this.corruptBlocks}`;
      s += '\n  ********************************';
    }
    const b = this.totalBlocks;
    s += `\n Minimally replicated blocks:\t${this.numMinReplicatedBlocks}${b > 0 ? pct(this.numMinReplicatedBlocks, b) : ''}`;
    s += `\n Over-replicated blocks:\t${this.numOverReplicatedBlocks}${b > 0 ? pct(this.numOverReplicatedBlocks, b) : ''}`;
    s += `\n Under-replicated blocks:\t${this.numUnderReplicatedBlocks}${b > 0 ? pct(this.numUnderReplicatedBlocks, b) : ''}`;
    s += `\n Mis-replicated blocks:\t\t${this.numMisReplicatedBlocks}${b > 0 ? pct(this.numMisReplicatedBlocks, b) : ''}`;
    s += `\n Default replication factor:\t${this.replication}`;
    s += `\n Average block replication:\t${javaFloat(b === 0 ? 0 : Math.fround(Math.fround(this.totalReplicas) / Math.fround(b)))}`;
    s += `\n Corrupt blocks:\t\t${this.corruptBlocks}`;
    s += `\n Missing replicas:\t\t${this.missingReplicas}${this.totalReplicas > 0 ? pct(this.missingReplicas, this.totalReplicas) : ''}`;
    s += `\n Number of data-nodes:\t\t${this.datanodes}`;
    s += `\n Number of racks:\t\t${this.racks}`;
    return s;
  }
}

/**
 * NamenodeFsck: walks the namespace under a path and reports every block's replicas the way
 * Hadoop 1's fsck does, line for line (under-replicated, mis-replicated, corrupt and missing
 * blocks, the summary, and the final HEALTHY / CORRUPT line).
 */
export class NamenodeFsck {
  private out = '';
  private readonly minReplication: number;
  private readonly defaultReplication: number;

  constructor(
    conf: Configuration,
    private readonly dir: FSDirectory,
    private readonly blocks: BlockManager,
    private readonly datanodes: DatanodeManager,
  ) {
    this.minReplication = conf.getInt('dfs.replication.min');
    this.defaultReplication = conf.getInt('dfs.replication');
  }

  private corruptFiles: string[] = [];

  run(path: string, opts: FsckOptions, user: string, remoteAddress: string): FsckReport {
    const start = Date.now();
    this.out = `FSCK started by ${user} from /${remoteAddress} for path ${path} at ${javaDate(new Date(start))}\n`;
    this.corruptFiles = [];
    const norm = '/' + pathComponents(path).join('/');
    const node = this.dir.getINode(norm);
    if (!node) {
      this.out += `\n\nPath '${path}' does not exist`;
      return { report: this.out, healthy: false, corruptFiles: [] };
    }
    const live = [...this.datanodes.nodes.values()].filter((n) => n.live);
    const res = new Result(this.defaultReplication, live.length, new Set(live.map((n) => n.rack)).size);
    this.check(norm, node, res, opts);
    this.out += `${res.toString()}\n`;
    this.out += `FSCK ended at ${javaDate(new Date())} in ${Date.now() - start} milliseconds\n`;
    this.out += `\n\nThe filesystem under path '${path}' ${res.isHealthy() ? 'is HEALTHY' : 'is CORRUPT'}`;
    return { report: this.out, healthy: res.isHealthy(), corruptFiles: this.corruptFiles };
  }

  private check(path: string, node: INode, res: Result, opts: FsckOptions): void {
    if (node.dir) {
      if (opts.files) this.out += `${path} <dir>\n`;
      res.totalDirs++;
      for (const c of this.dir.sortedChildren(node)) this.check(path === '/' ? `/${c.name}` : `${path}/${c.name}`, c, res, opts);
      return;
    }
    const fileLen = this.dir.fileLength(node);
    const fileBlocks = node.blocks ?? [];
    const isOpen = node.uc !== undefined;
    if (isOpen && !opts.openForWrite) {
      res.totalOpenFilesSize += fileLen;
      res.totalOpenFilesBlocks += fileBlocks.length;
      res.totalOpenFiles++;
      return;
    }
    res.totalFiles++;
    res.totalSize += fileLen;
    res.totalBlocks += fileBlocks.length;
    if (isOpen) this.out += `${path} ${fileLen} bytes, ${fileBlocks.length} block(s), OPENFORWRITE: `;
    else this.out += opts.files ? `${path} ${fileLen} bytes, ${fileBlocks.length} block(s): ` : '.';
    if (res.totalFiles % 100 === 0) this.out += '\n';
    const target = node.repl!;
    let missing = 0;
    let corrupt = 0;
    let missize = 0;
    let under = 0;
    let misReplicated = 0;
    let report = '';
    fileBlocks.forEach((block, i) => {
      const info = this.blocks.get(block.blockId);
      const { locs, isCorrupt } = info ? this.locations(info) : { locs: [], isCorrupt: false };
      const name = `blk_${block.blockId}_${block.genStamp}`;
      res.totalReplicas += locs.length;
      if (locs.length > target) {
        res.excessiveReplicas += locs.length - target;
        res.numOverReplicatedBlocks++;
      }
      if (isCorrupt) {
        corrupt++;
        res.corruptBlocks++;
        this.out += `\n${path}: CORRUPT block blk_${block.blockId}\n`;
      }
      if (locs.length >= this.minReplication) res.numMinReplicatedBlocks++;
      if (locs.length < target && locs.length > 0) {
        res.missingReplicas += target - locs.length;
        res.numUnderReplicatedBlocks++;
        under++;
        if (!opts.files) this.out += `\n${path}: `;
        this.out += ` Under replicated ${name}. Target Replicas is ${target} but found ${locs.length} replica(s).\n`;
      }
      const missingRacks = this.missingRacks(locs, target, res.racks);
      if (missingRacks > 0) {
        res.numMisReplicatedBlocks++;
        misReplicated++;
        if (!opts.files) {
          if (under === 0) this.out += '\n';
          this.out += `${path}: `;
        }
        this.out += ` Replica placement policy is violated for ${name}. Block should be additionally replicated on ${missingRacks} more rack(s).\n`;
      }
      report += `${i}. ${name} len=${block.numBytes}`;
      if (locs.length === 0) {
        report += ' MISSING!';
        res.missingIds.push(name);
        res.missingSize += block.numBytes;
        missing++;
        missize += block.numBytes;
      } else {
        report += ` repl=${locs.length}`;
        if (opts.locations || opts.racks) report += ` [${locs.map((n) => (opts.racks ? n.networkPath() : n.name)).join(', ')}]`;
      }
      report += '\n';
    });
    if (missing > 0 || corrupt > 0) {
      if (!opts.files && missing > 0) this.out += `\n${path}: MISSING ${missing} blocks of total size ${missize} B.`;
      res.corruptFiles++;
      // a file still being written is not moved or deleted (Hadoop's fsck leaves open files be)
      if (!isOpen) this.corruptFiles.push(path);
    }
    if (opts.files) {
      if (missing > 0) this.out += ` MISSING ${missing} blocks of total size ${missize} B\n`;
      else if (under === 0 && misReplicated === 0) this.out += ' OK\n';
      if (opts.blocks) this.out += `${report}\n`;
    }
  }

  /**
   * As getBlockLocations gives them: good replicas, or the corrupt ones when no good one is left;
   * for a block being written (-openforwrite), its pipeline.
   */
  private locations(info: BlockInfo): { locs: DatanodeDescriptor[]; isCorrupt: boolean } {
    const byName = (a: DatanodeDescriptor, b: DatanodeDescriptor) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    if (info.underConstruction) {
      const pipeline = info.expected.map((sid) => this.datanodes.nodes.get(sid)).filter((n): n is DatanodeDescriptor => !!n?.live);
      return { locs: pipeline.sort(byName), isCorrupt: false };
    }
    const good = this.blocks.goodHolders(info).sort(byName);
    if (good.length > 0 || info.corrupt.size === 0) return { locs: good, isCorrupt: false };
    const bad = [...info.corrupt]
      .map((sid) => this.datanodes.nodes.get(sid))
      .filter((n): n is DatanodeDescriptor => !!n?.live)
      .sort(byName);
    return { locs: bad, isCorrupt: bad.length > 0 };
  }

  /** verifyBlockPlacement: racks short of min(2, replication), when the cluster has several. */
  private missingRacks(locs: DatanodeDescriptor[], replication: number, clusterRacks: number): number {
    if (clusterRacks <= 1) return 0;
    const minRacks = Math.min(Math.min(2, replication), clusterRacks);
    return Math.max(0, minRacks - new Set(locs.map((n) => n.rack)).size);
  }
}

/** Java's Float.toString of a float32 value: the shortest digits that read back as it. */
export function javaFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  let digits = f.toPrecision(9);
  for (let p = 1; p <= 9; p++) {
    const candidate = f.toPrecision(p);
    if (Math.fround(Number(candidate)) === f) {
      digits = candidate;
      break;
    }
  }
  const v = Number(digits);
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = v.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's Date.toString: `EEE MMM dd HH:mm:ss zzz yyyy` in the local time zone. */
export function javaDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone} ${d.getFullYear()}`
  );
}
