import type { FileSystem } from './filesystem';
import type { FileStatus } from './interfaces';

/**
 * Hadoop's glob syntax, evaluated through listStatus so it works on every filesystem:
 * `?`, `*`, `[abc]`, `[a-z]`, `[^a]`, `{a,b}` (which may span slashes) and `\` to escape.
 */
export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[' || c === '{') return true;
  }
  return false;
}

/** Expands the outermost {a,b} alternatives into separate patterns. */
export function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const alternatives = splitTopLevel(pattern.slice(open + 1, i));
        const head = pattern.slice(0, open);
        const tail = pattern.slice(i + 1);
        return alternatives.flatMap((alt) => expandBraces(head + alt + tail));
      }
    }
  }
  if (depth > 0) throw new Error(`Illegal file pattern: Unclosed group near index ${open} in ${pattern}`);
  return [pattern];
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** A regular expression for one path component (no braces, no slashes). */
export function componentRegExp(component: string): RegExp {
  let re = '^';
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === '\\' && i + 1 < component.length) {
      re += escapeRe(component[++i]);
    } else if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '[') {
      const close = component.indexOf(']', i + 2);
      if (close < 0) throw new Error(`Illegal file pattern: Unclosed character class in ${component}`);
      let body = component.slice(i + 1, close);
      const negate = body.startsWith('^') || body.startsWith('!');
      if (negate) body = body.slice(1);
      re += '[' + (negate ? '^' : '') + body.replace(/[\\\]]/g, (m) => '\\' + m) + ']';
      i = close;
    } else {
      re += escapeRe(c);
    }
  }
  return new RegExp(re + '$', 's');
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export async function globStatus(fs: FileSystem, absPattern: string): Promise<FileStatus[] | null> {
  const patterns = expandBraces(absPattern);
  const anyGlob = hasGlob(absPattern);
  const found = new Map<string, FileStatus>();
  for (const pattern of patterns) {
    for (const st of await globOne(fs, pattern)) found.set(st.path.toString(), st);
  }
  if (!anyGlob && found.size === 0) return null;
  return [...found.values()].sort((a, b) => (a.path.path < b.path.path ? -1 : a.path.path > b.path.path ? 1 : 0));
}

async function globOne(fs: FileSystem, pattern: string): Promise<FileStatus[]> {
  const components = pattern.split('/').filter((c) => c !== '');
  let candidates: string[] = ['/'];
  for (let idx = 0; idx < components.length; idx++) {
    const comp = components[idx];
    const next: string[] = [];
    if (!hasGlob(comp)) {
      const name = unescape(comp);
      for (const dir of candidates) next.push(dir === '/' ? `/${name}` : `${dir}/${name}`);
    } else {
      const re = componentRegExp(comp);
      for (const dir of candidates) {
        const st = await fs.statOrNull(dir);
        if (!st || !st.isDirectory) continue;
        for (const child of await fs.listStatus(dir)) {
          if (re.test(child.path.getName())) next.push(child.path.path);
        }
      }
    }
    candidates = next;
    if (candidates.length === 0) return [];
  }
  const out: FileStatus[] = [];
  for (const c of candidates) {
    const st = await fs.statOrNull(c);
    if (st) out.push(st);
  }
  return out;
}
