import type { Configuration } from '../../../common/conf/configuration';
import { FileSystem, Path } from '../../../common/fs';

/** Anything a job's paths can be stored on: a Job, a JobContext, a TaskAttemptContext. */
export interface HasConfiguration {
  getConfiguration(): Configuration;
}

/**
 * A path as Hadoop prints it: a qualified local path is `file:/x` (Hadoop's Path omits an empty
 * authority), an HDFS path `hdfs://host:port/x`. Our Path keeps the empty authority and would
 * print `file:///x`, so paths stored in a job's configuration or shown to users go through here.
 */
export function hadoopPath(p: Path): Path {
  return p.scheme !== null && p.authority === '' ? new Path(`${p.scheme}:${p.path}`) : p;
}

/** The path with its filesystem's scheme and authority, relative paths against the working dir. */
export function qualifiedPath(conf: Configuration, p: Path | string): Path {
  const path = Path.of(p);
  return hadoopPath(FileSystem.get(conf, path).makeQualified(path));
}

/** StringUtils.escapeString: `\` and `,` escaped, so a list of paths can be comma-separated. */
export function escapePath(s: string): string {
  return s.replace(/[\\,]/g, (c) => '\\' + c);
}

/** StringUtils.split on unescaped commas, then unescapeString on each part. */
export function splitEscapedPaths(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '\\' && i + 1 < list.length) {
      cur += c + list[++i];
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out.filter((s) => s !== '').map((s) => s.replace(/\\([\\,])/g, '$1'));
}

/**
 * FileInputFormat.getPathStrings: splits a user's comma-separated list, except inside `{a,b}`
 * glob alternatives.
 */
export function splitUserPathList(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}
