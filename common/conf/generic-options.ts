import { HadoopError } from '../errors';
import { Configuration } from './configuration';

/**
 * Hadoop's GenericOptionsParser: -D key=value (or -Dkey=value), -conf FILE, -fs URI, -jt ADDRESS,
 * and -files/-libjars/-archives, read from the front of the arguments up to the first argument
 * that is not one of them (commons-cli's stopAtNonOption). Returns the remaining arguments.
 */
export function parseGenericOptions(conf: Configuration, args: string[]): string[] {
  let i = 0;
  const need = (flag: string): string => {
    if (i + 1 >= args.length) throw new HadoopError('USAGE', `Missing argument for option ${flag}`);
    return args[++i];
  };
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-D' || (a.startsWith('-D') && a.length > 2)) {
      const kv = a === '-D' ? need('-D') : a.slice(2);
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new HadoopError('USAGE', `Bad -D option '${kv}': expected key=value`);
      conf.set(kv.slice(0, eq), kv.slice(eq + 1));
    } else if (a === '-conf') {
      conf.addResource(need(a));
    } else if (a === '-fs') {
      conf.set('fs.default.name', need(a));
    } else if (a === '-jt') {
      conf.set('mapred.job.tracker', need(a));
    } else if (a === '-files' || a === '-libjars' || a === '-archives') {
      const key = a === '-files' ? 'tmpfiles' : a === '-libjars' ? 'tmpjars' : 'tmparchives';
      conf.set(key, need(a));
    } else {
      break;
    }
  }
  conf.validate();
  return args.slice(i);
}
