import type { Configuration } from '../../common/conf/configuration';
import { describeError, HadoopError, isHadoopError } from '../../common/errors';
import { Counters } from '../api/counters';
import type { JobState, JobStatusJSON } from '../protocol/types';
import { viewHistory } from './history-viewer';
import { JobTrackerClient } from './jobtracker-client';

const USAGE = `Usage: JobClient <command> <args>
\t[-status <job-id>]
\t[-counter <job-id> <group-name> <counter-name>]
\t[-kill <job-id>]
\t[-history <jobOutputDir>]
\t[-list [all]]
\t[-kill-task <task-id>]
\t[-fail-task <task-id>]
`;

/** Hadoop 1's JobStatus run states, which `job -list` prints as numbers. */
const RUN_STATE: Record<JobState, number> = { RUNNING: 1, SUCCEEDED: 2, FAILED: 3, PREP: 4, KILLED: 5 };

/**
 * `hadoop job`: Hadoop 1's JobClient commands against the JobTracker of mapred.job.tracker
 * (-list, -status, -counter, -kill, -kill-task, -fail-task, -list-active-trackers,
 * -list-blacklisted-trackers), and -history, which reads a job's
 * output directory. Output goes to stdout; an error is one line on stderr and exit code 1.
 */
export async function runJobCommand(conf: Configuration, args: string[]): Promise<number> {
  const [cmd, ...rest] = args;
  const out = (s: string) => process.stdout.write(s);
  const need = (n: number) => {
    if (rest.length !== n) throw new HadoopError('USAGE', USAGE);
  };
  try {
    switch (cmd) {
      case '-list': {
        if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'all')) throw new HadoopError('USAGE', USAGE);
        const { jobs } = await JobTrackerClient.fromConf(conf).call('getAllJobs', {});
        const all = rest[0] === 'all';
        const shown = all ? jobs : jobs.filter((j) => j.state === 'RUNNING' || j.state === 'PREP');
        if (all) out(`${shown.length} jobs submitted\nStates are:\n\tRunning : 1\tSucceded : 2\tFailed : 3\tPrep : 4\n`);
        else out(`${shown.length} jobs currently running\n`);
        out(listing(shown));
        return 0;
      }
      case '-status': {
        need(1);
        const client = JobTrackerClient.fromConf(conf);
        const { status } = await client.call('getJobStatus', { jobId: checkJobId(rest[0]) });
        out(statusText(status, client.address));
        return 0;
      }
      case '-counter': {
        need(3);
        const { status } = await JobTrackerClient.fromConf(conf).call('getJobStatus', { jobId: checkJobId(rest[0]) });
        out(`${Counters.fromJSON(status.counters).value(rest[1], rest[2])}\n`);
        return 0;
      }
      case '-kill': {
        need(1);
        await JobTrackerClient.fromConf(conf).call('killJob', { jobId: checkJobId(rest[0]) });
        out(`Killed job ${rest[0]}\n`);
        return 0;
      }
      case '-kill-task':
      case '-fail-task': {
        need(1);
        const fail = cmd === '-fail-task';
        await JobTrackerClient.fromConf(conf).call('killTask', { attemptId: checkAttemptId(rest[0]), shouldFail: fail });
        out(`Killed task ${rest[0]}${fail ? ' by failing it' : ''}\n`);
        return 0;
      }
      case '-list-active-trackers':
      case '-list-blacklisted-trackers': {
        need(0);
        const state = cmd === '-list-active-trackers' ? 'live' : 'blacklisted';
        const { trackers } = await JobTrackerClient.fromConf(conf).call('getTrackers', {});
        out(trackers.filter((t) => t.state === state).map((t) => `${t.trackerName}\n`).join(''));
        return 0;
      }
      case '-history': {
        const dirs = rest[0] === 'all' ? rest.slice(1) : rest;
        if (dirs.length !== 1) throw new HadoopError('USAGE', USAGE);
        out(await viewHistory(conf, dirs[0]));
        return 0;
      }
      default:
        process.stderr.write(cmd === undefined ? USAGE : `Unknown command: ${cmd}\n${USAGE}`);
        return 1;
    }
  } catch (e) {
    if (isHadoopError(e, 'USAGE')) process.stderr.write(e.message);
    else process.stderr.write(`${describeError(e)}\n`);
    return 1;
  }
}

function checkJobId(id: string): string {
  if (!/^job_[A-Za-z0-9]+_\d{4,}$/.test(id)) throw new HadoopError('MR_BAD_JOB_ID', `JobId string : ${id} is not properly formed`);
  return id;
}

function checkAttemptId(id: string): string {
  if (!/^attempt_[A-Za-z0-9]+_\d{4,}_[mr]_\d{6}_\d+$/.test(id)) throw new HadoopError('MR_BAD_TASK_ID', `TaskAttemptId string : ${id} is not properly formed`);
  return id;
}

function listing(jobs: JobStatusJSON[]): string {
  const rows = jobs.map((j) => `${j.jobId}\t${RUN_STATE[j.state]}\t${j.startTime}\t${j.user}\tNORMAL\tNA\n`);
  return `JobId\tState\tStartTime\tUserName\tPriority\tSchedulingInfo\n${rows.join('')}`;
}

/** Java's float printing for the progress fractions: 1.0, 0.5, 0.25. */
function javaFloat(x: number): string {
  const r = Math.round(x * 1e6) / 1e6;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

function statusText(s: JobStatusJSON, address: string): string {
  const lines = [
    '',
    `Job: ${s.jobId}`,
    `file: ${s.jobFile ?? ''}`,
    `tracking URL: http://${address}/status/jobs/${s.jobId}`,
    `map() completion: ${javaFloat(s.mapProgress)}`,
    `reduce() completion: ${javaFloat(s.reduceProgress)}`,
    `Job state: ${s.state}`,
  ];
  if (s.failureInfo) lines.push(`Failure info: ${s.failureInfo}`);
  lines.push('', ...Counters.fromJSON(s.counters).format());
  return lines.join('\n') + '\n';
}
