import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HadoopError } from '../errors';
import { defaultConfDir } from '../home';
import { DEFAULTS, ConfType } from './defaults';
import { canonicalKey } from './deprecation';
import { parseConfigurationXml, writeConfigurationXml } from './xml';

const SITE_FILES = ['core-site.xml', 'hdfs-site.xml', 'mapred-site.xml'];
const VAR = /\$\{([^}$\s]+)\}/g;
const MAX_SUBST = 20;

export interface ConfigurationOptions {
  /** Read the site files from the conf dir (HADOOP_CONF_DIR or hadoop-conf/). Default true. */
  loadSiteFiles?: boolean;
  confDir?: string;
}

/**
 * Hadoop's Configuration: built-in defaults, then the site XML files, then values set in code or
 * with -D. Keys are stored under their Hadoop 1 names; Hadoop 2 names are aliases.
 */
export class Configuration {
  private readonly props = new Map<string, string>();
  private readonly finals = new Set<string>();

  constructor(options: ConfigurationOptions | Configuration = {}) {
    if (options instanceof Configuration) {
      for (const [k, v] of options.props) this.props.set(k, v);
      for (const k of options.finals) this.finals.add(k);
      return;
    }
    if (options.loadSiteFiles === false) return;
    const dir = options.confDir ?? defaultConfDir();
    for (const file of SITE_FILES) {
      const p = path.join(dir, file);
      if (fs.existsSync(p)) this.addResource(p);
    }
  }

  /** Loads one XML resource over what is already set; a final property from earlier wins. */
  addResource(file: string): this {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new HadoopError('CONF_NOT_FOUND', `Cannot read configuration file ${file}: ${(e as Error).message}`);
    }
    for (const p of parseConfigurationXml(text, file)) {
      const key = canonicalKey(p.name);
      if (this.finals.has(key)) continue;
      this.props.set(key, p.value);
      if (p.final) this.finals.add(key);
    }
    return this;
  }

  /** The raw value (set or default), before ${var} expansion. */
  getRaw(key: string): string | undefined {
    const k = canonicalKey(key);
    return this.props.get(k) ?? DEFAULTS[k]?.[0];
  }

  get(key: string): string | undefined;
  get(key: string, defaultValue: string): string;
  get(key: string, defaultValue?: string): string | undefined {
    const raw = this.getRaw(key);
    return raw === undefined ? defaultValue : this.substitute(raw);
  }

  set(key: string, value: string | number | boolean): this {
    this.props.set(canonicalKey(key), String(value));
    return this;
  }

  setIfUnset(key: string, value: string | number | boolean): this {
    if (!this.props.has(canonicalKey(key))) this.set(key, value);
    return this;
  }

  unset(key: string): this {
    this.props.delete(canonicalKey(key));
    return this;
  }

  /** True when the key was set by a file or in code, not only defaulted. */
  isSet(key: string): boolean {
    return this.props.has(canonicalKey(key));
  }

  getInt(key: string, defaultValue?: number): number {
    return this.typed(key, 'int', defaultValue) as number;
  }

  getLong(key: string, defaultValue?: number): number {
    return this.typed(key, 'long', defaultValue) as number;
  }

  getFloat(key: string, defaultValue?: number): number {
    return this.typed(key, 'float', defaultValue) as number;
  }

  getBoolean(key: string, defaultValue?: boolean): boolean {
    return this.typed(key, 'boolean', defaultValue) as boolean;
  }

  /** Comma-separated values, trimmed, empty ones dropped (Hadoop's getStrings). */
  getStrings(key: string): string[] {
    const v = this.get(key);
    if (v === undefined) return [];
    return v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }

  /** Every key with a value of its own (not the defaults), ${var}s expanded. */
  entries(): Array<[string, string]> {
    return [...this.props.keys()].sort().map((k) => [k, this.get(k) as string]);
  }

  /** Defaults and set values together, expanded: what a job's _conf.xml shows. */
  allEntries(): Array<[string, string]> {
    const keys = new Set([...Object.keys(DEFAULTS), ...this.props.keys()]);
    return [...keys].sort().map((k) => [k, this.get(k) as string]);
  }

  /** Checks every key whose type we know, so a bad value fails early with its key named. */
  validate(): void {
    for (const key of this.props.keys()) {
      const spec = DEFAULTS[key];
      if (spec && spec[1] !== 'string') this.typed(key, spec[1]);
    }
  }

  /** Plain object of the values set (unexpanded), for handing a job's conf to a task process. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.props);
  }

  static fromJSON(obj: Record<string, string>): Configuration {
    const conf = new Configuration({ loadSiteFiles: false });
    for (const [k, v] of Object.entries(obj)) conf.props.set(k, v);
    return conf;
  }

  toXml(all = false): string {
    return writeConfigurationXml(all ? this.allEntries() : this.entries());
  }

  private typed(key: string, type: ConfType, defaultValue?: number | boolean): number | boolean {
    const raw = this.get(key);
    if (raw === undefined || raw.trim() === '') {
      if (defaultValue === undefined) {
        throw new HadoopError('CONF_MISSING', `Missing configuration value for ${key}`);
      }
      return defaultValue;
    }
    const v = raw.trim();
    switch (type) {
      case 'boolean': {
        const lower = v.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
        throw badValue(key, raw, 'true or false');
      }
      case 'int':
      case 'long': {
        const n = /^[-+]?0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^[-+]?\d+$/.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n)) throw badValue(key, raw, 'an integer');
        if (type === 'int' && (n > 2147483647 || n < -2147483648)) throw badValue(key, raw, 'a 32-bit integer');
        return n;
      }
      case 'float': {
        const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
        if (!Number.isFinite(n)) throw badValue(key, raw, 'a number');
        return n;
      }
      default:
        throw new Error(`not a typed key: ${type}`);
    }
  }

  private substitute(value: string): string {
    let out = value;
    for (let i = 0; i < MAX_SUBST && out.includes('${'); i++) {
      // Hadoop leaves a variable it cannot resolve as it is
      const next = out.replace(VAR, (whole, name: string) => this.getRaw(name) ?? systemProperty(name) ?? whole);
      if (next === out) break;
      out = next;
    }
    return out;
  }
}

function badValue(key: string, raw: string, expected: string): HadoopError {
  return new HadoopError('CONF_BAD_VALUE', `Invalid value for ${key}: '${raw}' is not ${expected}`);
}

/** The few Java system properties Hadoop's files refer to. */
function systemProperty(name: string): string | undefined {
  switch (name) {
    case 'user.name':
      return process.env.HADOOP_USER_NAME || os.userInfo().username;
    case 'user.home':
      return os.homedir();
    case 'java.io.tmpdir':
      return os.tmpdir();
    default:
      return undefined;
  }
}
