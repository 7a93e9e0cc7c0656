import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { parseBindAddress } from '../../common/http/address';
import { listen } from '../../common/http/json-server';
import { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { TaskTrackerAction, TaskTrackerStatus } from '../protocol/types';
import { HeartbeatLoop } from './heartbeat-loop';
import { JobLocalizer } from './job-localizer';
import { createTaskTrackerApp, TaskTrackerHttpStatus } from './shuffle-server';
import { CHILD_MAIN, TaskRunner } from './task-runner';
import { WarmChildren } from './warm-children';

const log = getLog('mapred.TaskTracker');

/**
 * A TaskTracker: map and reduce slots on this host, attempts run in child processes, map
 * outputs served over HTTP, and a heartbeat to the JobTracker that carries statuses one way and
 * actions the other. The pieces live in their own files; this one wires them together.
 */
export class TaskTracker {
  private constructor(
    readonly trackerName: string,
    readonly host: string,
    readonly httpAddress: string,
    readonly localDirs: string[],
    private readonly server: Server,
    private readonly runner: TaskRunner,
    private readonly heartbeat: HeartbeatLoop,
    private readonly lockFile: string,
    private readonly spares: WarmChildren | null,
  ) {}

  static async start(conf: Configuration): Promise<TaskTracker> {
    const jobTracker = conf.get('mapred.job.tracker', 'local');
    if (jobTracker === 'local' || !/^[^:\s]+:\d+$/.test(jobTracker)) {
      throw new HadoopError('CONF_BAD_VALUE', `mapred.job.tracker is '${jobTracker}': a TaskTracker needs the JobTracker's host:port`);
    }
    const maxMapSlots = conf.getInt('mapred.tasktracker.map.tasks.maximum');
    const maxReduceSlots = conf.getInt('mapred.tasktracker.reduce.tasks.maximum');
    if (maxMapSlots < 0 || maxReduceSlots < 0) throw new HadoopError('CONF_BAD_VALUE', 'Task slots (mapred.tasktracker.*.tasks.maximum) cannot be negative');
    const localDirs = conf.getStrings('mapred.local.dir').map((d) => path.resolve(d));
    if (localDirs.length === 0) throw new HadoopError('CONF_BAD_VALUE', 'mapred.local.dir is empty');
    const trackerDir = path.join(localDirs[0], 'taskTracker');
    const lockFile = claimLocalDir(trackerDir);

    const bind = parseBindAddress(conf.get('mapred.task.tracker.http.address', '0.0.0.0:50060'), 'mapred.task.tracker.http.address');
    const host = conf.get('slave.host.name', '') || (['0.0.0.0', '127.0.0.1', 'localhost', '::'].includes(bind.host) ? '127.0.0.1' : bind.host);
    const localizer = new JobLocalizer(conf, path.join(trackerDir, 'jobcache'));

    // the runner needs the HTTP address, the server needs the runner: start with a late binding
    let self: TaskTracker | null = null;
    let runner: TaskRunner | null = null;
    const app = createTaskTrackerApp({
      mapOutput: (id) => runner?.mapOutput(id),
      hasJob: (id) => runner?.jobIds().includes(id) ?? false,
      status: () => self!.status(jobTracker, maxMapSlots, maxReduceSlots),
    });
    let server: Server;
    let port: number;
    try {
      ({ server, port } = await listen(app, bind.host, bind.port));
    } catch (e) {
      fs.rmSync(lockFile, { force: true });
      throw new HadoopError('DAEMON_BIND', `Cannot listen on ${bind.host}:${bind.port} (mapred.task.tracker.http.address): ${(e as Error).message}`);
    }
    const httpAddress = `${host}:${port}`;
    const trackerName = `tracker_${host}:${port}`;
    let heartbeat: HeartbeatLoop | null = null;
    const spareCount = conf.getInt('mapred.tasktracker.spare.children');
    const spares = spareCount > 0 ? new WarmChildren(spareCount, CHILD_MAIN, { ...process.env }) : null;
    spares?.start();
    runner = new TaskRunner(localizer, conf, httpAddress, () => heartbeat?.trigger(), spares);
    const r = runner;
    heartbeat = new HeartbeatLoop(
      new RpcClient(jobTracker, 'JobTracker', 30000),
      {
        status: () => {
          const { reports, delivered } = r.collect();
          const running = r.running();
          const status: TaskTrackerStatus = {
            trackerName,
            host,
            httpAddress,
            maxMapSlots,
            maxReduceSlots,
            taskReports: reports,
            failures: r.failures,
          };
          return { status, acceptNewTasks: running.maps < maxMapSlots || running.reduces < maxReduceSlots, delivered };
        },
        act: (actions) => act(r, actions),
      },
      conf.getLong('mapred.heartbeat.interval.ms'),
    );
    self = new TaskTracker(trackerName, host, httpAddress, localDirs, server, runner, heartbeat, lockFile, spares);
    heartbeat.start();
    log.info(`TaskTracker ${trackerName} serving map outputs on ${httpAddress}; JobTracker ${jobTracker}; slots ${maxMapSlots} map, ${maxReduceSlots} reduce; local dir ${trackerDir}`);
    return self;
  }

  private status(jobTracker: string, maxMapSlots: number, maxReduceSlots: number): TaskTrackerHttpStatus {
    const running = this.runner.running();
    return {
      trackerName: this.trackerName,
      httpAddress: this.httpAddress,
      jobTracker,
      maxMapSlots,
      maxReduceSlots,
      runningMaps: running.maps,
      runningReduces: running.reduces,
      failures: this.runner.failures,
      localDirs: this.localDirs,
      attempts: this.runner.attemptStatuses(),
      jobs: this.runner.jobIds().map((jobId) => ({ jobId, mapOutputs: this.runner.mapOutputCount(jobId) })),
    };
  }

  async stop(): Promise<void> {
    await this.heartbeat.stop();
    await this.spares?.stop();
    await this.runner.reset();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    fs.rmSync(this.lockFile, { force: true });
  }
}

async function act(runner: TaskRunner, actions: TaskTrackerAction[]): Promise<void> {
  for (const a of actions) {
    switch (a.type) {
      case 'launchTask':
        runner.launch(a.task);
        break;
      case 'killTask':
        runner.kill(a.attemptId);
        break;
      case 'killJob':
        void runner.killJob(a.jobId);
        break;
      case 'commitTask':
        runner.commit(a.attemptId);
        break;
      case 'mapCompletionEvents':
        runner.mapCompletionEvents(a.attemptId, Array.isArray(a.events) ? a.events : []);
        break;
      case 'reinitTracker':
        await runner.reset();
        break;
      default:
        log.warn(`Ignoring an unknown action ${JSON.stringify(a)}`);
    }
  }
}

/**
 * Takes `<local dir>/taskTracker` for this process: a live TaskTracker holding it is an error
 * (several trackers on one host each need their own mapred.local.dir); what a dead one left is
 * deleted, as Hadoop's TaskTracker cleans its local dirs at start.
 */
function claimLocalDir(trackerDir: string): string {
  const lockFile = path.join(trackerDir, 'tasktracker.pid');
  let holder = NaN;
  try {
    holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
  } catch {
    // no tracker here before
  }
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
    throw new HadoopError(
      'DAEMON_DIR_IN_USE',
      `${trackerDir} is in use by the TaskTracker with pid ${holder}; give each TaskTracker on a host its own mapred.local.dir`,
    );
  }
  fs.rmSync(trackerDir, { recursive: true, force: true });
  fs.mkdirSync(trackerDir, { recursive: true });
  fs.writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
