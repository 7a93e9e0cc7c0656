import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HadoopError } from '../../common/errors';
import type { Log } from '../../common/log';

/**
 * The DataNode's storage directories (Hadoop's DataStorage): each `dfs.data.dir` holds
 *
 *   VERSION               namespaceID, storageID, cTime, storageType, layoutVersion
 *   in_use.lock           the pid of the DataNode using the dir
 *   current/              finalized replicas: at most dfs.datanode.numblocks blocks per directory,
 *                         then subdir0..subdir<numblocks-1> below it, nested the same way
 *   blocksBeingWritten/   replicas of client pipelines still being written (kept at restart)
 *   tmp/                  copies arriving from other DataNodes (emptied at restart)
 *
 * A dir without VERSION is fresh: it takes the NameNode's namespace id at registration.
 */
export const LAYOUT_VERSION = -32;
const LOCK_FILE = 'in_use.lock';

/** Directories in this process locked by a running DataNode (two in one test process). */
const lockedHere = new Set<string>();

/** One directory of current/ and how many finalized blocks it holds (Hadoop's FSDir). */
class FSDir {
  numBlocks = 0;
  private children: FSDir[] | null = null;
  private next = 0;

  constructor(
    readonly dir: string,
    private readonly maxBlocks: number,
    private readonly index: Map<string, FSDir>,
  ) {
    index.set(dir, this);
  }

  child(i: number): FSDir {
    if (!this.children) {
      this.children = [];
      for (let k = 0; k < this.maxBlocks; k++) this.children.push(new FSDir(path.join(this.dir, `subdir${k}`), this.maxBlocks, this.index));
    }
    return this.children[i];
  }

  /** The directory a new block goes to: here while there is room, else the children in turn. */
  place(): FSDir {
    if (this.numBlocks < this.maxBlocks) {
      this.numBlocks++;
      return this;
    }
    for (let k = 0; k < this.maxBlocks; k++) {
      const i = (this.next + k) % this.maxBlocks;
      const c = this.child(i);
      if (c.numBlocks < this.maxBlocks) {
        this.next = i;
        c.numBlocks++;
        return c;
      }
    }
    const c = this.child(this.next);
    this.next = (this.next + 1) % this.maxBlocks;
    return c.place();
  }
}

export interface ScannedReplica {
  blockId: number;
  genStamp: number;
  dir: string;
  /** Size of the block file. */
  blockBytes: number;
  /** Size of the meta file. */
  metaBytes: number;
}

const BLOCK_FILE = /^blk_(\d+)$/;
const META_FILE = /^blk_(\d+)_(\d+)\.meta$/;

/** One data dir. */
export class Volume {
  readonly current: string;
  readonly rbw: string;
  readonly tmp: string;
  private readonly index = new Map<string, FSDir>();
  private readonly tree: FSDir;
  capacity = 0;
  remaining = 0;

  constructor(
    readonly root: string,
    private readonly maxBlocks: number,
    private readonly reserved: number,
  ) {
    this.current = path.join(root, 'current');
    this.rbw = path.join(root, 'blocksBeingWritten');
    this.tmp = path.join(root, 'tmp');
    this.tree = new FSDir(this.current, maxBlocks, this.index);
  }

  /** A directory under current/ for one more finalized block (created if needed). */
  async place(): Promise<string> {
    const d = this.tree.place();
    await fs.promises.mkdir(d.dir, { recursive: true });
    return d.dir;
  }

  /** A finalized block left dir (deleted, or reopened for append). */
  released(dir: string): void {
    const d = this.index.get(dir);
    if (d && d.numBlocks > 0) d.numBlocks--;
  }

  async refreshSpace(): Promise<void> {
    const s = await fs.promises.statfs(this.root);
    this.capacity = Math.max(0, s.blocks * s.bsize - this.reserved);
    this.remaining = Math.max(0, Math.min(this.capacity, s.bavail * s.bsize - this.reserved));
  }

  /** Finalized replicas under current/, counting them into the placement tree. */
  async scanFinalized(log: Log): Promise<ScannedReplica[]> {
    const out: ScannedReplica[] = [];
    const walk = async (node: FSDir): Promise<void> => {
      const found = await scanDir(node.dir, log);
      node.numBlocks = found.replicas.length;
      out.push(...found.replicas);
      for (const i of found.subdirs) if (i < this.maxBlocks) await walk(node.child(i));
    };
    await walk(this.tree);
    return out;
  }

  async scanBeingWritten(log: Log): Promise<ScannedReplica[]> {
    return (await scanDir(this.rbw, log)).replicas;
  }
}

/** Pairs `blk_<id>` with `blk_<id>_<gs>.meta` in one directory; ids parsed as integers only. */
async function scanDir(dir: string, log: Log): Promise<{ replicas: ScannedReplica[]; subdirs: number[] }> {
  let names: fs.Dirent[];
  try {
    names = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { replicas: [], subdirs: [] };
    throw e;
  }
  const blocks = new Set<number>();
  const metas = new Map<number, number[]>();
  const subdirs: number[] = [];
  for (const d of names) {
    if (d.isDirectory()) {
      const m = /^subdir(\d+)$/.exec(d.name);
      if (m) subdirs.push(Number(m[1]));
      continue;
    }
    let m = BLOCK_FILE.exec(d.name);
    if (m && Number.isSafeInteger(Number(m[1]))) {
      blocks.add(Number(m[1]));
      continue;
    }
    m = META_FILE.exec(d.name);
    if (m && Number.isSafeInteger(Number(m[1])) && Number.isSafeInteger(Number(m[2]))) {
      const list = metas.get(Number(m[1])) ?? [];
      list.push(Number(m[2]));
      metas.set(Number(m[1]), list);
    }
  }
  const replicas: ScannedReplica[] = [];
  for (const id of blocks) {
    const stamps = metas.get(id);
    if (!stamps) {
      log.warn(`Block file blk_${id} in ${dir} has no checksum file; ignoring it`);
      continue;
    }
    const genStamp = Math.max(...stamps);
    for (const old of stamps) {
      if (old !== genStamp) await fs.promises.rm(path.join(dir, `blk_${id}_${old}.meta`), { force: true });
    }
    const [b, m] = await Promise.all([
      fs.promises.stat(path.join(dir, `blk_${id}`)),
      fs.promises.stat(path.join(dir, `blk_${id}_${genStamp}.meta`)),
    ]);
    replicas.push({ blockId: id, genStamp, dir, blockBytes: b.size, metaBytes: m.size });
  }
  return { replicas, subdirs };
}

/** The storage of one DataNode: its volumes, their VERSION files and locks. */
export class DataStorage {
  private nextVolume = 0;

  private constructor(
    readonly volumes: Volume[],
    /** 0 while no dir is formatted. */
    public namespaceId: number,
    readonly storageId: string,
    private readonly log: Log,
  ) {}

  /**
   * Creates and locks every data dir that can be used and reads their VERSION files. A dir that
   * cannot be used is skipped with a warning; none usable, or dirs of two namespaces, is an error.
   */
  static async open(dirs: string[], opts: { numBlocks: number; reserved: number; log: Log }): Promise<DataStorage> {
    if (dirs.length === 0) throw new HadoopError('DFS_NO_DATA_DIRS', 'dfs.data.dir is empty: no directory to store blocks in');
    const volumes: Volume[] = [];
    const versions: Array<{ dir: string; namespaceId: number; storageId: string }> = [];
    try {
      return await DataStorage.openLocked(dirs, opts, volumes, versions);
    } catch (e) {
      for (const vol of volumes) unlockDir(vol.root);
      throw e;
    }
  }

  private static async openLocked(
    dirs: string[],
    opts: { numBlocks: number; reserved: number; log: Log },
    volumes: Volume[],
    versions: Array<{ dir: string; namespaceId: number; storageId: string }>,
  ): Promise<DataStorage> {
    const log = opts.log;
    for (const raw of dirs) {
      const root = path.resolve(raw.replace(/^file:\/\//, ''));
      try {
        for (const sub of ['current', 'blocksBeingWritten', 'tmp']) fs.mkdirSync(path.join(root, sub), { recursive: true });
        fs.accessSync(root, fs.constants.W_OK | fs.constants.R_OK);
      } catch (e) {
        log.warn(`Invalid directory in dfs.data.dir: ${root}: ${(e as Error).message}`);
        continue;
      }
      lockDir(root);
      const vol = new Volume(root, opts.numBlocks, opts.reserved);
      volumes.push(vol);
      const v = readVersion(root);
      if (v) versions.push({ dir: root, ...v });
      fs.rmSync(vol.tmp, { recursive: true, force: true });
      fs.mkdirSync(vol.tmp, { recursive: true });
    }
    if (volumes.length === 0) {
      throw new HadoopError('DFS_NO_DATA_DIRS', `All directories in dfs.data.dir are invalid: ${dirs.join(',')}`);
    }
    const first = versions[0];
    for (const v of versions) {
      if (v.namespaceId !== first.namespaceId) {
        throw new HadoopError(
          'DFS_NAMESPACE_MISMATCH',
          `Incompatible namespaceIDs in ${v.dir}: namespaceID = ${v.namespaceId}, but ${first.dir} has namespaceID = ${first.namespaceId}`,
        );
      }
    }
    const storage = new DataStorage(volumes, first?.namespaceId ?? 0, first?.storageId || newStorageId(), log);
    for (const vol of volumes) await vol.refreshSpace();
    // a dir added to dfs.data.dir joins the namespace the others already belong to
    if (storage.namespaceId !== 0) storage.format(storage.namespaceId, versions.map((v) => v.dir));
    return storage;
  }

  /** Writes VERSION into every dir (but those in `skip`): they now belong to namespaceId. */
  format(namespaceId: number, skip: string[] = []): void {
    this.namespaceId = namespaceId;
    for (const vol of this.volumes) {
      if (skip.includes(vol.root)) continue;
      const text =
        `#${new Date().toString()}\n` +
        `namespaceID=${namespaceId}\nstorageID=${this.storageId}\ncTime=0\nstorageType=DATA_NODE\nlayoutVersion=${LAYOUT_VERSION}\n`;
      const file = path.join(vol.root, 'VERSION');
      fs.writeFileSync(file + '.tmp', text);
      fs.renameSync(file + '.tmp', file);
      this.log.info(`Storage directory ${vol.root} formatted for namespaceID ${namespaceId}, storageID ${this.storageId}`);
    }
  }

  /** Round robin over the volumes with room for a block of `bytes`. */
  chooseVolume(bytes: number): Volume {
    for (let k = 0; k < this.volumes.length; k++) {
      const v = this.volumes[(this.nextVolume + k) % this.volumes.length];
      if (v.remaining >= bytes) {
        this.nextVolume = (this.nextVolume + k + 1) % this.volumes.length;
        return v;
      }
    }
    throw new HadoopError(
      'DFS_DISK_OUT_OF_SPACE',
      `Insufficient space for an additional block: no data dir of ${this.volumes.map((v) => v.root).join(',')} has ${bytes} bytes free`,
    );
  }

  volumeOf(root: string): Volume {
    const v = this.volumes.find((x) => x.root === root);
    if (!v) throw new Error(`Unknown volume ${root}`);
    return v;
  }

  async space(): Promise<{ capacity: number; remaining: number }> {
    let capacity = 0;
    let remaining = 0;
    for (const v of this.volumes) {
      try {
        await v.refreshSpace();
      } catch (e) {
        this.log.warn(`Cannot read the free space of ${v.root}: ${(e as Error).message}`);
      }
      capacity += v.capacity;
      remaining += v.remaining;
    }
    return { capacity, remaining };
  }

  release(): void {
    for (const v of this.volumes) unlockDir(v.root);
  }
}

function newStorageId(): string {
  return `DS-${crypto.randomInt(1, 2 ** 31 - 1)}-127.0.0.1-${Date.now()}`;
}

function readVersion(root: string): { namespaceId: number; storageId: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, 'VERSION'), 'utf8');
  } catch {
    return null;
  }
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([^#=\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) props.set(m[1], m[2]);
  }
  const ns = Number(props.get('namespaceID'));
  if (!Number.isSafeInteger(ns) || ns === 0) {
    throw new HadoopError('DFS_BAD_VERSION_FILE', `${path.join(root, 'VERSION')} has no valid namespaceID`);
  }
  return { namespaceId: ns, storageId: props.get('storageID') ?? '' };
}

function lockDir(root: string): void {
  const file = path.join(root, LOCK_FILE);
  if (lockedHere.has(root)) throw lockedError(root, process.pid);
  try {
    const other = Number(fs.readFileSync(file, 'utf8').trim());
    if (Number.isSafeInteger(other) && other > 0 && other !== process.pid && alive(other)) throw lockedError(root, other);
  } catch (e) {
    if (e instanceof HadoopError) throw e;
  }
  fs.writeFileSync(file, `${process.pid}\n`);
  lockedHere.add(root);
}

function unlockDir(root: string): void {
  if (!lockedHere.delete(root)) return;
  fs.rmSync(path.join(root, LOCK_FILE), { force: true });
}

function lockedError(root: string, pid: number): HadoopError {
  return new HadoopError('DFS_STORAGE_LOCKED', `Cannot lock storage ${root}. The directory is already locked by process ${pid}.`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
