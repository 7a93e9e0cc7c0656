import type { Locality } from './interfaces';
import type { JobInProgress } from './job-in-progress';
import type { SchedulingContext, TaskAssignment, TaskScheduler } from './task-scheduler';
import type { TaskInProgress } from './task-in-progress';
import { canonicalHost } from './topology';

/**
 * Hadoop 1's JobQueueTaskScheduler: jobs in submit order. For each free map slot the first job
 * with work gives a node-local map, else a rack-local one, else one whose data is on no live
 * tracker; a map that is local to another live tracker is taken at most once per heartbeat (as
 * Hadoop hands out one non-local map per heartbeat), so that tracker gets its chance. Reduces
 * start once mapred.reduce.slowstart.completed.maps of the job's maps are done. Backup attempts
 * for stragglers come after all other work.
 */
export class FifoScheduler implements TaskScheduler {
  assignTasks(ctx: SchedulingContext): TaskAssignment[] {
    const out: TaskAssignment[] = [];
    const taken = new Set<TaskInProgress>();
    const jobs = ctx.jobs.filter((j) => j.isSchedulable() && this.usable(j, ctx));
    const liveHosts = new Set(ctx.liveTrackers.map((t) => canonicalHost(t.host)));
    let nonLocalGiven = false;
    for (let i = 0; i < ctx.freeMapSlots; i++) {
      const pick = this.pickMap(ctx, jobs, taken, liveHosts, !nonLocalGiven) ?? (this.waiting(jobs, taken, true) ? null : this.pickBackup(ctx, jobs, taken, true));
      if (!pick) break;
      if (pick.stolen) nonLocalGiven = true;
      taken.add(pick.task);
      out.push({ job: pick.job, task: pick.task, locality: pick.locality, speculative: pick.speculative });
    }
    for (let i = 0; i < ctx.freeReduceSlots; i++) {
      const pick = this.pickReduce(ctx, jobs, taken) ?? (this.waiting(jobs, taken, false) ? null : this.pickBackup(ctx, jobs, taken, false));
      if (!pick) break;
      taken.add(pick.task);
      out.push({ job: pick.job, task: pick.task, locality: 'any', speculative: pick.speculative });
    }
    return out;
  }

  /** Regular work is still waiting (backups only come when there is none). */
  private waiting(jobs: JobInProgress[], taken: Set<TaskInProgress>, isMap: boolean): boolean {
    return jobs.some((j) => (isMap ? j.maps : j.reducesMayStart() ? j.reduces : []).some((t) => t.isRunnable() && !taken.has(t)));
  }

  /** A job that blacklisted this tracker skips it, unless it blacklisted every live tracker. */
  private usable(job: JobInProgress, ctx: SchedulingContext): boolean {
    if (!job.isBlacklisted(ctx.tracker.name)) return true;
    return ctx.liveTrackers.every((t) => job.isBlacklisted(t.name));
  }

  private locality(ctx: SchedulingContext, task: TaskInProgress): Locality {
    const hosts = task.split?.hosts ?? [];
    const here = canonicalHost(ctx.tracker.host);
    if (hosts.some((h) => canonicalHost(h) === here)) return 'node';
    if (hosts.some((h) => ctx.topology.rackOf(h) === ctx.tracker.rack)) return 'rack';
    return 'any';
  }

  private pickMap(ctx: SchedulingContext, jobs: JobInProgress[], taken: Set<TaskInProgress>, liveHosts: Set<string>, mayTakeOthers: boolean) {
    for (const job of jobs) {
      const runnable = job.maps.filter((t) => t.isRunnable() && !taken.has(t) && job.mayRunOn(t, ctx.tracker.name));
      if (runnable.length === 0) continue;
      for (const level of ['node', 'rack'] as const) {
        const t = runnable.find((m) => this.locality(ctx, m) === level);
        if (t) return { job, task: t, locality: level, speculative: false, stolen: false };
      }
      const nowhere = runnable.find((m) => !(m.split?.hosts ?? []).some((h) => liveHosts.has(canonicalHost(h))));
      if (nowhere) return { job, task: nowhere, locality: 'any' as Locality, speculative: false, stolen: false };
      if (mayTakeOthers) return { job, task: runnable[0], locality: 'any' as Locality, speculative: false, stolen: true };
    }
    return null;
  }

  private pickReduce(ctx: SchedulingContext, jobs: JobInProgress[], taken: Set<TaskInProgress>) {
    for (const job of jobs) {
      if (job.reduces.length === 0 || !job.reducesMayStart()) continue;
      const t = job.reduces.find((r) => r.isRunnable() && !taken.has(r) && job.mayRunOn(r, ctx.tracker.name));
      if (t) return { job, task: t, speculative: false };
    }
    return null;
  }

  private pickBackup(ctx: SchedulingContext, jobs: JobInProgress[], taken: Set<TaskInProgress>, isMap: boolean) {
    for (const job of jobs) {
      if (!isMap && !job.reducesMayStart()) continue;
      for (const t of job.stragglers(isMap, ctx.now)) {
        if (taken.has(t) || !job.mayRunOn(t, ctx.tracker.name)) continue;
        return { job, task: t, locality: isMap ? this.locality(ctx, t) : ('any' as Locality), speculative: true, stolen: false };
      }
    }
    return null;
  }
}
