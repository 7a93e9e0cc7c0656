import { FsErrors } from './errors';
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
  if (depth > 0) throw FsErrors.invalidArgument(`Illegal file pattern: Unclosed group near index ${open} in ${pattern}`);
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

/**
 * A regular expression for one path component (braces already expanded, no slashes), the way
 * Hadoop's GlobPattern translates: `*`, `?`, `[...]` with `!` or `^` negating and `]` literal
 * when first; `\\` escapes the next character everywhere, also inside a class.
 */
export function componentRegExp(component: string): RegExp {
  let re = '^';
  let inClass = false;
  let classStart = false;
  for (let i = 0; i < component.length; i++) {
    let c = component[i];
    if (c === '\\') {
      if (++i >= component.length) {
        throw FsErrors.invalidArgument(`Illegal file pattern: Missing escaped character near index ${i} in ${component}`);
      }
      c = component[i];
      re += inClass ? escapeClassChar(c) : escapeRe(c);
      classStart = false;
      continue;
    }
    if (inClass) {
      if (classStart && (c === '!' || c === '^') && re.endsWith('[')) {
        re += '^';
      } else if (c === ']' && !classStart) {
        re += ']';
        inClass = false;
      } else {
        re += c === '-' ? '-' : escapeClassChar(c);
        classStart = false;
      }
    } else if (c === '[') {
      re += '[';
      inClass = true;
      classStart = true;
    } else if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else {
      re += escapeRe(c);
    }
  }
  if (inClass) throw FsErrors.invalidArgument(`Illegal file pattern: Unclosed character class in ${component}`);
  return new RegExp(re + '$', 's');
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? '\\' + c : c;
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
