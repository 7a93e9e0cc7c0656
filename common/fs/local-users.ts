import * as fs from 'node:fs';

/** uid/gid <-> name, read once from /etc/passwd and /etc/group (numbers where a name is unknown). */
interface Table {
  byId: Map<number, string>;
  byName: Map<string, number>;
}

let users: Table | null = null;
let groups: Table | null = null;

function load(file: string): Table {
  const t: Table = { byId: new Map(), byName: new Map() };
  try {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length < 3) continue;
      const id = Number(f[2]);
      if (!t.byId.has(id)) t.byId.set(id, f[0]);
      t.byName.set(f[0], id);
    }
  } catch {
    // no such file on this system: fall back to numbers
  }
  return t;
}

export function userNameOf(uid: number): string {
  users ??= load('/etc/passwd');
  return users.byId.get(uid) ?? String(uid);
}

export function groupNameOf(gid: number): string {
  groups ??= load('/etc/group');
  return groups.byId.get(gid) ?? String(gid);
}

export function uidOf(name: string): number | undefined {
  users ??= load('/etc/passwd');
  return users.byName.get(name) ?? (/^\d+$/.test(name) ? Number(name) : undefined);
}

export function gidOf(name: string): number | undefined {
  groups ??= load('/etc/group');
  return groups.byName.get(name) ?? (/^\d+$/.test(name) ? Number(name) : undefined);
}
