import type { Configuration } from '../../common/conf/configuration';
import { FileSystem, Path, userName, writeFully } from '../../common/fs/index';
import type { Counters } from '../api/counters';

/**
 * Hadoop 1 job history: `<Type> KEY="value" ... .` lines (Type in Job, Task, MapAttempt,
 * ReduceAttempt), written with the job's conf as `<jobid>_conf.xml` under OUTPUT/_logs/history
 * (hadoop.job.history.user.location; `none` turns it off).
 */
export type HistoryRecordType = 'Meta' | 'Job' | 'Task' | 'MapAttempt' | 'ReduceAttempt';

export class JobHistoryLog {
  private readonly lines: string[] = ['Meta VERSION="1" .'];

  constructor(
    readonly jobId: string,
    readonly submitTime: number,
    readonly jobName: string,
    /** Whose job it is (the JobTracker writes for the submitting user). */
    readonly user: string = userName(),
  ) {}

  record(type: HistoryRecordType, fields: Record<string, string | number>): void {
    const parts = Object.entries(fields).map(([k, v]) => `${k}="${escape(String(v))}"`);
    this.lines.push(`${type} ${parts.join(' ')} .`);
  }

  counters(c: Counters): string {
    return c
      .groupNames()
      .map((g) => `{(${escapeCounter(g)})(${escapeCounter(g)})${c.counters(g).map((x) => `[(${escapeCounter(x.name)})(${escapeCounter(x.getDisplayName())})(${x.value})]`).join('')}}`)
      .join('');
  }

  fileName(): string {
    const name = this.jobName.slice(0, 50).replace(/_/g, '%5F').replace(/[^A-Za-z0-9%.-]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
    return `${this.jobId}_${this.submitTime}_${this.user}_${name}`;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }

  /** Writes the log and the conf into the user location (OUTPUT/_logs/history by default). */
  async writeTo(conf: Configuration, outputDir: string | undefined): Promise<string | null> {
    const loc = conf.get('hadoop.job.history.user.location', '');
    if (loc === 'none') return null;
    const base = loc !== '' ? loc : outputDir;
    if (!base) return null;
    const dir = new Path(new Path(base), '_logs/history');
    const fs = FileSystem.get(conf, dir);
    await fs.mkdirs(dir);
    await Promise.all([writeFully(fs, new Path(dir, this.fileName()), this.text()), writeFully(fs, new Path(dir, `${this.jobId}_conf.xml`), conf.toXml(true))]);
    return dir.toString();
  }
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeCounter(s: string): string {
  return s.replace(/[{}()[\]\\.]/g, (c) => '\\' + c);
}
