import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Configuration } from './conf/configuration';
import { getLog, setLogSink } from './log';

/**
 * What every daemon does at start: log to its own file (hadoop.log.file, or
 * `<hadoop.log.dir>/hadoop-<user>-<role>-<host>.log`) and stop cleanly on SIGTERM or SIGINT by
 * running `stop` once. Resolves when the daemon has stopped, with its exit code.
 */
export function logFileOf(conf: Configuration, role: string): string {
  const explicit = conf.get('hadoop.log.file', '');
  if (explicit) return explicit;
  return path.join(conf.get('hadoop.log.dir', os.tmpdir()), `hadoop-${os.userInfo().username}-${role}-${os.hostname()}.log`);
}

export function startDaemonLog(conf: Configuration, role: string): string {
  const file = logFileOf(conf, role);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  setLogSink((line) => {
    fs.writeSync(fd, line + '\n');
  });
  return file;
}

export function runUntilSignalled(role: string, stop: () => Promise<void>): Promise<number> {
  const log = getLog(role);
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (sig: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info(`Received ${sig}, shutting down`);
      stop().then(
        () => {
          log.info('Stopped');
          resolve(0);
        },
        (e: unknown) => {
          log.error(`Error while stopping: ${(e as Error)?.stack ?? e}`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
