import * as fs from 'node:fs';
import type { Configuration } from '../../common/conf/configuration';
import { runUntilSignalled, startDaemonLog } from '../../common/daemon';
import { describeError } from '../../common/errors';
import { getLog } from '../../common/log';
import { DataNode } from './datanode';

const USAGE = 'Usage: hadoop datanode [-D key=value ...]';

/**
 * `hadoop datanode`: runs a DataNode until SIGTERM/SIGINT (exit 0) or until the NameNode refuses
 * it (exit 1, with the reason on stderr and in the log). With `-D daemon.ready.file=PATH` it
 * writes `{ role, pid, rpcAddress, httpAddress, storageDirs }` to PATH once it serves (block
 * streams, RPC and /status share one address).
 */
export async function runDataNode(conf: Configuration, args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`hadoop datanode: unknown argument '${args[0]}'\n${USAGE}\n`);
    return 1;
  }
  const logFile = startDaemonLog(conf, 'datanode');
  const log = getLog('datanode.DataNode');
  log.info(`STARTUP_MSG: Starting DataNode (pid ${process.pid}, node ${process.version}), logging to ${logFile}`);
  let dn: DataNode;
  try {
    dn = await DataNode.start(conf);
  } catch (e) {
    const msg = describeError(e);
    log.error(msg);
    process.stderr.write(`hadoop datanode: ${msg}\n`);
    return 1;
  }
  const ready = conf.get('daemon.ready.file', '');
  if (ready) {
    const info = { role: 'datanode', pid: process.pid, rpcAddress: dn.address, httpAddress: dn.address, storageDirs: dn.storageDirs };
    fs.writeFileSync(ready + '.tmp', JSON.stringify(info) + '\n');
    fs.renameSync(ready + '.tmp', ready);
  }
  const code = await Promise.race([runUntilSignalled('datanode.DataNode', () => dn.stop()), dn.terminated]);
  if (dn.fatalMessage) process.stderr.write(`hadoop datanode: ${dn.fatalMessage}\n`);
  log.info(`SHUTDOWN_MSG: Shutting down DataNode ${dn.address}`);
  return code;
}
