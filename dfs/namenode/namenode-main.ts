import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Configuration } from '../../common/conf/configuration';
import { runUntilSignalled, startDaemonLog } from '../../common/daemon';
import { describeError, isHadoopError } from '../../common/errors';
import { getLog } from '../../common/log';
import { NameNode } from './namenode';
import { NamespaceStore } from './namespace-store';

const USAGE = 'Usage: hadoop namenode [-format [-force]]';

/**
 * `hadoop namenode -format [-force]` creates a new namespace in dfs.name.dir (refusing to erase
 * one unless forced); `hadoop namenode` runs the daemon until SIGTERM. Resolves with the exit code.
 */
export async function runNameNode(conf: Configuration, args: string[]): Promise<number> {
  if (args.length === 0) return runDaemon(conf);
  if (args[0] === '-format' && args.length <= 2 && (args.length === 1 || args[1] === '-force')) return format(conf, args[1] === '-force');
  process.stderr.write(`${USAGE}\n`);
  return 1;
}

async function format(conf: Configuration, force: boolean): Promise<number> {
  const log = getLog('common.Storage');
  try {
    const nameDir = NameNode.nameDir(conf);
    const owner = process.env.HADOOP_USER_NAME || os.userInfo().username;
    const id = await NamespaceStore.format(nameDir, force, owner, conf.get('dfs.permissions.supergroup', 'supergroup'));
    log.info(`Storage directory ${nameDir} has been successfully formatted (namespace id ${id}).`);
    return 0;
  } catch (e) {
    process.stderr.write(`${describeError(e)}\n`);
    return 1;
  }
}

async function runDaemon(conf: Configuration): Promise<number> {
  const logFile = startDaemonLog(conf, 'namenode');
  const log = getLog('namenode.NameNode');
  log.info(`STARTUP_MSG: Starting NameNode (pid ${process.pid}, node ${process.version}), logging to ${logFile}`);
  let nn: NameNode;
  try {
    nn = await NameNode.start(conf);
  } catch (e) {
    const msg = describeError(e);
    log.error(msg);
    if (!isHadoopError(e)) log.error((e as Error)?.stack ?? String(e));
    process.stderr.write(`${msg}\n`);
    return 1;
  }
  writeReadyFile(conf, nn);
  return new Promise<number>((resolve) => {
    nn.onFatal = (e) => {
      log.error(`SHUTDOWN_MSG: the namespace cannot be written (${e.message}); shutting down`);
      void nn.stop().then(() => resolve(1));
    };
    void runUntilSignalled('namenode.NameNode', () => nn.stop()).then(resolve);
  });
}

function writeReadyFile(conf: Configuration, nn: NameNode): void {
  const file = conf.get('daemon.ready.file', '');
  if (!file) return;
  const info = { role: 'namenode', pid: process.pid, rpcAddress: nn.rpcAddress, httpAddress: nn.httpAddress, storageDirs: [NameNode.nameDir(conf)] };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
}
