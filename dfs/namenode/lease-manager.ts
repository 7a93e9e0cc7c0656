/**
 * LeaseManager: one writer per file. A client holds one lease covering every file it has open
 * for writing and renews it; past the soft limit another client may take the file over (after
 * lease recovery), past the hard limit the NameNode recovers the file by itself. Files are known
 * by inode id, so a rename does not touch the lease.
 */
export const NAMENODE_LEASE_HOLDER = 'HDFS_NameNode';

interface Lease {
  holder: string;
  lastUpdate: number;
  files: Set<number>;
}

export class LeaseManager {
  private readonly leases = new Map<string, Lease>();
  private readonly byFile = new Map<number, Lease>();

  constructor(
    readonly softLimitMs: number,
    readonly hardLimitMs: number,
  ) {}

  add(holder: string, fileId: number, now = Date.now()): void {
    this.remove(fileId);
    let lease = this.leases.get(holder);
    if (!lease) {
      lease = { holder, lastUpdate: now, files: new Set() };
      this.leases.set(holder, lease);
    }
    lease.lastUpdate = now;
    lease.files.add(fileId);
    this.byFile.set(fileId, lease);
  }

  remove(fileId: number): void {
    const lease = this.byFile.get(fileId);
    if (!lease) return;
    this.byFile.delete(fileId);
    lease.files.delete(fileId);
    if (lease.files.size === 0) this.leases.delete(lease.holder);
  }

  holderOf(fileId: number): string | null {
    return this.byFile.get(fileId)?.holder ?? null;
  }

  renew(holder: string, now = Date.now()): void {
    const lease = this.leases.get(holder);
    if (lease) lease.lastUpdate = now;
  }

  softExpired(fileId: number, now = Date.now()): boolean {
    const lease = this.byFile.get(fileId);
    return !lease || now - lease.lastUpdate > this.softLimitMs;
  }

  /** Files whose writer has not renewed within the hard limit. */
  hardExpired(now = Date.now()): number[] {
    const out: number[] = [];
    for (const lease of this.leases.values()) {
      if (lease.holder !== NAMENODE_LEASE_HOLDER && now - lease.lastUpdate > this.hardLimitMs) out.push(...lease.files);
    }
    return out;
  }

  filesOf(holder: string): number[] {
    return [...(this.leases.get(holder)?.files ?? [])];
  }

  /** After a restart or safe mode, every writer gets a full lease period again. */
  renewAll(now = Date.now()): void {
    for (const lease of this.leases.values()) lease.lastUpdate = now;
  }

  get size(): number {
    return this.byFile.size;
  }
}
