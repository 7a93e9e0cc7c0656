import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';

/** Hadoop Streaming's configuration keys (Hadoop 1 names), with their defaults in one place. */
export const StreamKeys = {
  MAP_PROCESSOR: 'stream.map.streamprocessor',
  REDUCE_PROCESSOR: 'stream.reduce.streamprocessor',
  COMBINE_PROCESSOR: 'stream.combine.streamprocessor',
  /** Set for TextInputFormat: the mapper gets the line alone, not `offset\tline`. */
  MAP_INPUT_IGNORE_KEY: 'stream.map.input.ignoreKey',
  MAP_INPUT_SEPARATOR: 'stream.map.input.field.separator',
  MAP_OUTPUT_SEPARATOR: 'stream.map.output.field.separator',
  MAP_OUTPUT_KEY_FIELDS: 'stream.num.map.output.key.fields',
  REDUCE_INPUT_SEPARATOR: 'stream.reduce.input.field.separator',
  REDUCE_OUTPUT_SEPARATOR: 'stream.reduce.output.field.separator',
  REDUCE_OUTPUT_KEY_FIELDS: 'stream.num.reduce.output.key.fields',
  /** The -cmdenv pairs, space-separated NAME=VALUE (a space or % inside is %-escaped). */
  ADD_ENVIRONMENT: 'stream.addenvironment',
  NON_ZERO_EXIT_IS_FAILURE: 'stream.non.zero.exit.is.failure',
  STDERR_REPORTER_PREFIX: 'stream.stderr.reporter.prefix',
  /** Longest job-conf value exported to a command's environment; -1 = no limit. */
  JOBCONF_TRUNCATE_LIMIT: 'stream.jobconf.truncate.limit',
  /** Ours: the -file files, copied to the job's staging directory (qualified, comma-separated). */
  SHIPPED_FILES: 'stream.shipped.files',
} as const;

/** Streaming's typed getters, with Hadoop's defaults. */
export const StreamConf = {
  mapCommand(conf: Configuration): string | null {
    return decodeCommand(conf.get(StreamKeys.MAP_PROCESSOR));
  },
  reduceCommand(conf: Configuration): string | null {
    return decodeCommand(conf.get(StreamKeys.REDUCE_PROCESSOR));
  },
  combineCommand(conf: Configuration): string | null {
    return decodeCommand(conf.get(StreamKeys.COMBINE_PROCESSOR));
  },
  ignoreMapInputKey(conf: Configuration): boolean {
    return conf.getBoolean(StreamKeys.MAP_INPUT_IGNORE_KEY, false);
  },
  separator(conf: Configuration, key: string): string {
    const v = conf.get(key, '\t');
    return v === '' ? '\t' : v;
  },
  keyFields(conf: Configuration, key: string): number {
    const n = conf.getInt(key, 1);
    if (n < 1) throw new HadoopError('CONF_BAD_VALUE', `Invalid value for ${key}: '${n}' is not a positive integer`);
    return n;
  },
  nonZeroExitIsFailure(conf: Configuration): boolean {
    return conf.getBoolean(StreamKeys.NON_ZERO_EXIT_IS_FAILURE, true);
  },
  reporterPrefix(conf: Configuration): string {
    return conf.get(StreamKeys.STDERR_REPORTER_PREFIX, 'reporter:');
  },
  truncateLimit(conf: Configuration): number {
    return conf.getInt(StreamKeys.JOBCONF_TRUNCATE_LIMIT, -1);
  },
  addEnvironment(conf: Configuration): Array<[string, string]> {
    return parseEnvironment(conf.get(StreamKeys.ADD_ENVIRONMENT, ''));
  },
  shippedFiles(conf: Configuration): string[] {
    return conf.getStrings(StreamKeys.SHIPPED_FILES);
  },
};

/** Java's URLEncoder (UTF-8): how Hadoop stores a command in the job configuration. */
export function encodeCommand(cmd: string): string {
  return encodeURIComponent(cmd)
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/**
 * Java's URLDecoder, as PipeMapRed reads a command back. A value that is not valid URL encoding
 * (a command set by hand with -D) is taken as it is.
 */
export function decodeCommand(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** -cmdenv pairs as stored under stream.addenvironment. */
export function formatEnvironment(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${k}=${v}`.replace(/[% ]/g, (c) => (c === '%' ? '%25' : '%20'))).join(' ');
}

export function parseEnvironment(value: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const item of value.split(' ')) {
    if (item === '') continue;
    const pair = item.replace(/%(25|20)/g, (_m, h: string) => (h === '25' ? '%' : ' '));
    const eq = pair.indexOf('=');
    if (eq > 0) out.push([pair.slice(0, eq), pair.slice(eq + 1)]);
  }
  return out;
}
