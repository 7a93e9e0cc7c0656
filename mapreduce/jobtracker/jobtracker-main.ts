import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { runUntilSignalled, startDaemonLog } from '../../common/daemon';
import { getLog } from '../../common/log';
import { JobTracker, parseJobTrackerAddress } from './jobtracker';

/**
 * `hadoop jobtracker`: runs the JobTracker on mapred.job.tracker until SIGTERM/SIGINT. With
 * -D daemon.ready.file=PATH it writes its addresses there once it serves (PATH.tmp, then a rename).
 */
export async function runJobTracker(conf: Configuration, args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`Usage: hadoop jobtracker [-D key=value ...]\n`);
    return 1;
  }
  // a bad address is one line on the console, before anything goes to the log file
  parseJobTrackerAddress(conf.get('mapred.job.tracker', 'local'));
  const logFile = startDaemonLog(conf, 'jobtracker');
  const log = getLog('mapred.JobTracker');
  const jt = await JobTracker.start(conf);
  process.stderr.write(`JobTracker at ${jt.address}, web UI at http://${jt.httpAddress}/ (log: ${logFile})\n`);
  const ready = conf.get('daemon.ready.file', '');
  if (ready) {
    const info = { role: 'jobtracker', pid: process.pid, rpcAddress: jt.address, httpAddress: jt.httpAddress, localDirs: conf.getStrings('mapred.local.dir') };
    fs.writeFileSync(`${ready}.tmp`, JSON.stringify(info));
    fs.renameSync(`${ready}.tmp`, ready);
  }
  log.info(`STARTUP_MSG: JobTracker ${jt.identifier} serving at ${jt.address}, web UI at ${jt.httpAddress}`);
  return runUntilSignalled('mapred.JobTracker', () => jt.stop());
}
