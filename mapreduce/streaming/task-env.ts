import type { Configuration } from '../../common/conf/configuration';
import { StreamConf } from './stream-conf';

/** Hadoop's safeEnvVarName: every character outside [A-Za-z0-9] becomes `_`. */
export function envName(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * A streaming command's environment, in Hadoop's order: the task process's own, then every
 * job-conf entry (defaults included, `${var}`s expanded) under its safe name, then the -cmdenv
 * pairs, then TMPDIR.
 */
export function commandEnvironment(conf: Configuration, tmpDir: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  const limit = StreamConf.truncateLimit(conf);
  for (const [key, value] of conf.allEntries()) {
    env[envName(key)] = limit >= 0 && value.length > limit ? value.slice(0, limit) : value;
  }
  for (const [name, value] of StreamConf.addEnvironment(conf)) env[name] = value;
  env.TMPDIR = tmpDir;
  return env;
}
