import * as fs from 'node:fs';
import * as path from 'node:path';
import { Level } from 'level';
import { HadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import { BatchOp, Counters, FIRST_GEN_STAMP, INodeRecord, inodeKey, ROOT_ID } from './interfaces';

const log = getLog('namenode.NamespaceStore');

const FORMAT_KEY = 'm:format';
const NAMESPACE_KEY = 'm:namespaceId';
const INODE_COUNTER = 'm:nextInodeId';
const BLOCK_COUNTER = 'm:nextBlockId';
const GENSTAMP_COUNTER = 'm:genStamp';
/** Our metadata layout; bumped if the key scheme ever changes. */
const LAYOUT_VERSION = 1;

export function counterOps(c: Partial<Counters>): BatchOp[] {
  const ops: BatchOp[] = [];
  if (c.nextInodeId !== undefined) ops.push({ type: 'put', key: INODE_COUNTER, value: String(c.nextInodeId) });
  if (c.nextBlockId !== undefined) ops.push({ type: 'put', key: BLOCK_COUNTER, value: String(c.nextBlockId) });
  if (c.genStamp !== undefined) ops.push({ type: 'put', key: GENSTAMP_COUNTER, value: String(c.genStamp) });
  return ops;
}

export interface LoadedNamespace {
  records: Map<number, INodeRecord>;
  /** (parent id, name, child id) from the `c:` keys. */
  edges: Array<[number, string, number]>;
  counters: Counters;
}

interface Waiter {
  ops: BatchOp[];
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * The namespace on disk: a LevelDB under `<dfs.name.dir>/current` holding `i:<id>` -> inode JSON,
 * `c:<parentId>:<name>` -> child id (so a rename rewrites three keys, whatever the subtree), the
 * counters and the namespace id. Every mutation is one batch; batches queued while one is being
 * written go to disk together (group commit, as Hadoop's logSync) and fsynced, and the caller
 * answers its client only when its batch is on disk.
 */
export class NamespaceStore {
  private queue: Waiter[] = [];
  private writing: Promise<void> | null = null;
  private failure: Error | null = null;

  private constructor(
    readonly nameDir: string,
    private readonly db: Level<string, string>,
    readonly namespaceId: number,
    private readonly onFatal: (e: Error) => void,
  ) {}

  static dbDir(nameDir: string): string {
    return path.join(nameDir, 'current');
  }

  /** The namespace id of a formatted name dir, or null when it holds none. */
  static async formattedId(nameDir: string): Promise<number | null> {
    const dbDir = NamespaceStore.dbDir(nameDir);
    if (!fs.existsSync(path.join(dbDir, 'CURRENT'))) return null;
    const db = await openDb(nameDir, false);
    try {
      if ((await db.get(FORMAT_KEY)) === undefined) return null;
      return Number(await db.get(NAMESPACE_KEY));
    } finally {
      await db.close();
    }
  }

  /** Creates a new empty namespace; refuses to erase an existing one unless forced. */
  static async format(nameDir: string, force: boolean, owner: string, group: string): Promise<number> {
    const existing = await NamespaceStore.formattedId(nameDir);
    if (existing !== null && !force) {
      throw new HadoopError(
        'DFS_ALREADY_FORMATTED',
        `Name directory ${nameDir} already holds a formatted namespace (namespace id ${existing}); re-run with -format -force to erase it`,
      );
    }
    fs.rmSync(NamespaceStore.dbDir(nameDir), { recursive: true, force: true });
    fs.mkdirSync(NamespaceStore.dbDir(nameDir), { recursive: true });
    const namespaceId = 1 + Math.floor(Math.random() * 0x7ffffffe);
    const now = Date.now();
    const root: INodeRecord = { id: ROOT_ID, parent: 0, name: '', dir: true, perm: 0o755, owner, group, mtime: now, atime: 0 };
    const db = await openDb(nameDir, true);
    try {
      await db.batch(
        [
          { type: 'put', key: NAMESPACE_KEY, value: String(namespaceId) },
          { type: 'put', key: inodeKey(ROOT_ID), value: JSON.stringify(root) },
          ...counterOps({ nextInodeId: ROOT_ID + 1, nextBlockId: 1, genStamp: FIRST_GEN_STAMP }),
          // written last in the same batch: a dir with this key is a complete namespace
          { type: 'put', key: FORMAT_KEY, value: JSON.stringify({ layoutVersion: LAYOUT_VERSION, cTime: now }) },
        ],
        { sync: true },
      );
    } finally {
      await db.close();
    }
    return namespaceId;
  }

  static async open(nameDir: string, onFatal: (e: Error) => void): Promise<NamespaceStore> {
    const notFormatted = () =>
      new HadoopError('DFS_NOT_FORMATTED', `NameNode is not formatted: ${nameDir}. Run 'hadoop namenode -format' first.`);
    if (!fs.existsSync(path.join(NamespaceStore.dbDir(nameDir), 'CURRENT'))) throw notFormatted();
    const db = await openDb(nameDir, false);
    const format = await db.get(FORMAT_KEY);
    if (format === undefined) {
      await db.close();
      throw notFormatted();
    }
    const layout = (JSON.parse(format) as { layoutVersion: number }).layoutVersion;
    if (layout !== LAYOUT_VERSION) {
      await db.close();
      throw new HadoopError('DFS_BAD_LAYOUT', `Name directory ${nameDir} has layout version ${layout}; this NameNode reads ${LAYOUT_VERSION}`);
    }
    return new NamespaceStore(nameDir, db, Number(await db.get(NAMESPACE_KEY)), onFatal);
  }

  async load(): Promise<LoadedNamespace> {
    const records = new Map<number, INodeRecord>();
    const edges: Array<[number, string, number]> = [];
    for await (const [key, value] of this.db.iterator({ gte: 'c:', lt: 'c;' })) {
      const second = key.indexOf(':', 2);
      edges.push([Number(key.slice(2, second)), key.slice(second + 1), Number(value)]);
    }
    for await (const [key, value] of this.db.iterator({ gte: 'i:', lt: 'i;' })) {
      const rec = JSON.parse(value) as INodeRecord;
      if (inodeKey(rec.id) !== key) throw new HadoopError('DFS_CORRUPT_NAMESPACE', `Inode record ${key} holds id ${rec.id}`);
      records.set(rec.id, rec);
    }
    const num = async (key: string) => Number(await this.db.get(key));
    const counters = { nextInodeId: await num(INODE_COUNTER), nextBlockId: await num(BLOCK_COUNTER), genStamp: await num(GENSTAMP_COUNTER) };
    return { records, edges, counters };
  }

  /** Resolves once ops are on disk. After a failed write every commit fails: memory is ahead of disk. */
  commit(ops: BatchOp[]): Promise<void> {
    if (this.failure) return Promise.reject(storageFailed(this.nameDir, this.failure));
    if (ops.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ ops, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.writing || this.queue.length === 0) return;
    const group = this.queue;
    this.queue = [];
    const ops = group.length === 1 ? group[0].ops : group.flatMap((w) => w.ops);
    this.writing = this.db.batch(ops, { sync: true }).then(
      () => {
        for (const w of group) w.resolve();
      },
      (e: Error) => {
        this.failure = e;
        log.error(`Cannot write the namespace to ${this.nameDir}: ${e.message}`);
        for (const w of group) w.reject(storageFailed(this.nameDir, e));
        for (const w of this.queue.splice(0)) w.reject(storageFailed(this.nameDir, e));
        this.onFatal(e);
      },
    );
    void this.writing.finally(() => {
      this.writing = null;
      this.flush();
    });
  }

  async close(): Promise<void> {
    while (this.writing || this.queue.length > 0) {
      if (this.writing) await this.writing.catch(() => undefined);
      else this.flush();
    }
    await this.db.close();
  }
}

function storageFailed(nameDir: string, e: Error): HadoopError {
  return new HadoopError('DFS_STORAGE_FAILED', `The NameNode cannot write its namespace in ${nameDir}: ${e.message}`);
}

async function openDb(nameDir: string, create: boolean): Promise<Level<string, string>> {
  const db = new Level<string, string>(NamespaceStore.dbDir(nameDir), { valueEncoding: 'utf8', createIfMissing: create });
  try {
    await db.open();
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string; message?: string }; message?: string };
    if (err.code === 'LEVEL_LOCKED' || err.cause?.code === 'LEVEL_LOCKED') {
      throw new HadoopError('DFS_NAME_DIR_LOCKED', `Cannot lock name directory ${nameDir}: another NameNode is using it`);
    }
    throw new HadoopError('DFS_STORAGE_FAILED', `Cannot open the namespace in ${nameDir}: ${err.cause?.message ?? err.message}`);
  }
  return db;
}
