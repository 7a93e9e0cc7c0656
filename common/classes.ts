import * as path from 'node:path';
import { Configuration } from './conf/configuration';
import { HadoopError } from './errors';
import { DIST_ROOT } from './home';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctor<T = unknown> = new (...args: any[]) => T;

/**
 * A job names its classes in its configuration, so a task process (local child or a
 * TaskTracker's child on another host) can load them: `hadoop:<file in dist>#Name` for our own
 * classes, `jar:<file relative to the job module's folder>#Name` for the user's.
 */
export function classRef(cls: Ctor, conf: Configuration): string {
  const jar = conf.get('mapred.jar');
  const jarDir = jar ? path.dirname(path.resolve(jar)) : null;
  for (const mod of Object.values(require.cache)) {
    if (!mod || !mod.exports) continue;
    const exp = mod.exports as Record<string, unknown>;
    // some modules (express's request) export getters that throw when read off the prototype
    const name = Object.keys(exp).find((k) => {
      try {
        return exp[k] === cls;
      } catch {
        return false;
      }
    });
    if (name === undefined) continue;
    const file = mod.filename;
    let ref: string;
    if (file.startsWith(DIST_ROOT + path.sep)) ref = `hadoop:${path.relative(DIST_ROOT, file)}#${name}`;
    else if (jarDir && file.startsWith(jarDir + path.sep)) ref = `jar:${path.relative(jarDir, file)}#${name}`;
    else ref = `file:${file}#${name}`;
    return ref;
  }
  throw new HadoopError(
    'MR_CLASS_NOT_EXPORTED',
    `Class ${cls.name || '(anonymous)'} is not exported by any module; export it from the job module so tasks can load it`,
  );
}

export function loadClass<T>(ref: string, conf: Configuration): Ctor<T> {
  const m = /^(hadoop|jar|file):(.+)#([^#]+)$/.exec(ref);
  if (!m) throw new HadoopError('MR_CLASS_NOT_FOUND', `Bad class reference '${ref}'`);
  const [, kind, file, name] = m;
  let abs: string;
  if (kind === 'hadoop') abs = path.join(DIST_ROOT, file);
  else if (kind === 'file') abs = file;
  else {
    const jar = conf.get('mapred.jar');
    if (!jar) throw new HadoopError('MR_CLASS_NOT_FOUND', `Class ${name} needs the job module, but mapred.jar is not set`);
    abs = path.join(path.dirname(path.resolve(jar)), file);
  }
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs) as Record<string, unknown>;
  } catch (e) {
    throw new HadoopError('MR_CLASS_NOT_FOUND', `Cannot load module ${abs} for class ${name}: ${(e as Error).message}`);
  }
  const cls = mod[name];
  if (typeof cls !== 'function') throw new HadoopError('MR_CLASS_NOT_FOUND', `Module ${abs} does not export class ${name}`);
  return cls as Ctor<T>;
}

/** The class stored under key, or the given default. */
export function getClass<T>(conf: Configuration, key: string, defaultClass: Ctor<T>): Ctor<T> {
  const ref = conf.get(key);
  return ref ? loadClass<T>(ref, conf) : defaultClass;
}

export function newInstance<T>(cls: Ctor<T>): T {
  return new cls();
}
