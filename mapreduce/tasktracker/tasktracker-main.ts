import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { runUntilSignalled, startDaemonLog } from '../../common/daemon';
import { getLog } from '../../common/log';
import { TaskTracker } from './tasktracker';

/**
 * `hadoop tasktracker`: runs until SIGTERM/SIGINT. With `-D daemon.ready.file=PATH` it writes
 * `{ role, pid, rpcAddress, httpAddress, localDirs }` there once it serves.
 */
export async function runTaskTracker(conf: Configuration, args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`Usage: hadoop tasktracker [-D key=value ...]\nUnknown argument: ${args[0]}\n`);
    return 1;
  }
  const logFile = startDaemonLog(conf, 'tasktracker');
  const log = getLog('mapred.TaskTracker');
  const tracker = await TaskTracker.start(conf);
  const readyFile = conf.get('daemon.ready.file', '');
  if (readyFile) {
    const ready = {
      role: 'tasktracker',
      pid: process.pid,
      rpcAddress: tracker.httpAddress,
      httpAddress: tracker.httpAddress,
      localDirs: tracker.localDirs,
      trackerName: tracker.trackerName,
      logFile,
    };
    fs.writeFileSync(`${readyFile}.tmp`, JSON.stringify(ready));
    fs.renameSync(`${readyFile}.tmp`, readyFile);
  }
  log.info(`TaskTracker started (pid ${process.pid}), logging to ${logFile}`);
  return runUntilSignalled('mapred.TaskTracker', () => tracker.stop());
}
