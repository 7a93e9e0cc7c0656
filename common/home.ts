import * as path from 'node:path';

/** The install root (the folder holding bin/, hadoop-conf/, dist/), found from this compiled file. */
export const HADOOP_HOME = path.resolve(__dirname, '..', '..');
/** Where tsc puts the compiled tree; built-in classes are resolved against it. */
export const DIST_ROOT = path.resolve(__dirname, '..');
export const VERSION = '1.2.1-ts0.1.0';

export function defaultConfDir(): string {
  return process.env.HADOOP_CONF_DIR || path.join(HADOOP_HOME, 'hadoop-conf');
}
