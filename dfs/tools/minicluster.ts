import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import {
  ClusterDetails,
  DaemonDetails,
  dataNodeSettings,
  formatNameNode,
  jobTrackerSettings,
  nameNodeSettings,
  spawnDaemon,
  stopProcesses,
  taskTrackerSettings,
  waitForReady,
  writeAtomically,
  writeClientConf,
} from './cluster-processes';

export const MINICLUSTER_USAGE =
  'Usage: hadoop minicluster -datanodes N [-tasktrackers M] -writeConfig DIR -writeDetails FILE [-dir BASE] [-D key=value ...]\n';

interface Options {
  datanodes: number;
  tasktrackers: number;
  confDir: string | null;
  detailsFile: string | null;
  baseDir: string | null;
  defines: Record<string, string>;
}

function parseArgs(args: string[]): Options {
  const o: Options = { datanodes: 1, tasktrackers: 0, confDir: null, detailsFile: null, baseDir: null, defines: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => {
      if (i + 1 >= args.length) throw new Error(`${a} needs a value`);
      return args[++i];
    };
    const count = (v: string, min: number) => {
      if (!/^\d+$/.test(v) || Number(v) < min) throw new Error(`${a} needs a number >= ${min}, not '${v}'`);
      return Number(v);
    };
    if (a === '-datanodes') o.datanodes = count(next(), 1);
    else if (a === '-tasktrackers') o.tasktrackers = count(next(), 0);
    else if (a === '-writeConfig') o.confDir = path.resolve(next());
    else if (a === '-writeDetails') o.detailsFile = path.resolve(next());
    else if (a === '-dir') o.baseDir = path.resolve(next());
    else if (a === '-D' || (a.startsWith('-D') && a.length > 2)) {
      const kv = a === '-D' ? next() : a.slice(2);
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new Error(`Bad -D option '${kv}': expected key=value`);
      o.defines[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else throw new Error(`Unknown option ${a}`);
  }
  return o;
}

/** Settings given on this command line (generic -D/-conf before the command, -D after it). */
function userSettings(conf: Configuration, defines: Record<string, string>): Record<string, string> {
  const site = new Configuration().toJSON();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(conf.toJSON())) if (site[k] !== v) out[k] = v;
  return { ...out, ...defines };
}

/**
 * `hadoop minicluster`: a NameNode and N DataNodes, then (with -tasktrackers M) a JobTracker and
 * M TaskTrackers, as separate processes on free ports in a fresh base directory; writes a client
 * configuration directory (fs.default.name and mapred.job.tracker pointing at them) and a JSON
 * file describing every daemon, then runs until SIGINT or SIGTERM and stops them all.
 */
export async function runMiniCluster(conf: Configuration, args: string[]): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(args);
  } catch (e) {
    process.stderr.write(`minicluster: ${(e as Error).message}\n${MINICLUSTER_USAGE}`);
    return -1;
  }
  const user = userSettings(conf, o.defines);
  const ownBase = o.baseDir === null;
  const baseDir = o.baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'minicluster-'));
  const confDir = o.confDir ?? path.join(baseDir, 'conf');
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (removeBase: boolean) => {
    await stopProcesses(children.map((c) => c.pid!).filter((p) => p !== undefined));
    if (ownBase && removeBase) fs.rmSync(baseDir, { recursive: true, force: true });
  };
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`minicluster: ${sig} received, stopping ${children.length} daemons\n`);
      stopAll(true).then(() => resolve(0));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  try {
    fs.mkdirSync(baseDir, { recursive: true });
    const nnSettings = nameNodeSettings(baseDir);
    await formatNameNode(nnSettings, user);
    const daemons: DaemonDetails[] = [];
    const nn = spawnDaemon('namenode', nnSettings, user);
    children.push(nn);
    daemons.push(await waitForReady(nn, 'namenode', nnSettings));
    const nnRpc = daemons[0].rpcAddress;
    const starting = [];
    for (let i = 0; i < o.datanodes; i++) {
      const settings = dataNodeSettings(baseDir, i, nnRpc);
      const dn = spawnDaemon('datanode', settings, user);
      children.push(dn);
      starting.push(waitForReady(dn, 'datanode', settings));
    }
    daemons.push(...(await Promise.all(starting)));
    let jobTracker: string | undefined;
    if (o.tasktrackers > 0 && !stopping) {
      const jtSettings = jobTrackerSettings(baseDir, nnRpc);
      const jt = spawnDaemon('jobtracker', jtSettings, user);
      children.push(jt);
      const jtDetails = await waitForReady(jt, 'jobtracker', jtSettings);
      daemons.push(jtDetails);
      jobTracker = jtDetails.rpcAddress;
      const trackers = [];
      for (let i = 0; i < o.tasktrackers; i++) {
        const settings = taskTrackerSettings(baseDir, i, nnRpc, jobTracker);
        const tt = spawnDaemon('tasktracker', settings, user);
        children.push(tt);
        trackers.push(waitForReady(tt, 'tasktracker', settings));
      }
      daemons.push(...(await Promise.all(trackers)));
    }
    if (stopping) return await stopped;
    writeClientConf(confDir, nnRpc, user, jobTracker);
    const details: ClusterDetails = { daemons, confDir, baseDir };
    if (o.detailsFile) writeAtomically(o.detailsFile, JSON.stringify(details, null, 2) + '\n');
    for (const d of daemons) {
      process.stdout.write(`${d.role} pid ${d.pid} rpc ${d.rpcAddress} web ${d.webAddress} log ${d.logFile}\n`);
    }
    process.stdout.write(`Cluster configuration in ${confDir}; stop with Ctrl-C (SIGINT) or SIGTERM\n`);
  } catch (e) {
    process.stderr.write(`minicluster: ${describeError(e)}\n`);
    if (ownBase) process.stderr.write(`minicluster: logs kept in ${baseDir}\n`);
    stopping = true;
    await stopAll(false);
    return 1;
  }
  return stopped;
}
