/**
 * Hadoop's id formats: job_<jt>_<NNNN>, task_<jt>_<NNNN>_m_<NNNNNN>, attempt_..._<n>.
 */
export function jobId(jtIdentifier: string, n: number): string {
  return `job_${jtIdentifier}_${String(n).padStart(4, '0')}`;
}

export function taskId(job: string, isMap: boolean, index: number): string {
  return `task_${job.slice(4)}_${isMap ? 'm' : 'r'}_${String(index).padStart(6, '0')}`;
}

export function attemptId(job: string, isMap: boolean, index: number, attempt: number): string {
  return `attempt_${job.slice(4)}_${isMap ? 'm' : 'r'}_${String(index).padStart(6, '0')}_${attempt}`;
}

export interface ParsedAttempt {
  jobId: string;
  isMap: boolean;
  index: number;
  attempt: number;
}

const ATTEMPT = /^attempt_(.+_\d+)_([mr])_(\d{6})_(\d+)$/;

export function parseAttemptId(id: string): ParsedAttempt | null {
  const m = ATTEMPT.exec(id);
  if (!m) return null;
  return { jobId: `job_${m[1]}`, isMap: m[2] === 'm', index: Number(m[3]), attempt: Number(m[4]) };
}

/** The yyyyMMddHHmm a JobTracker identifies itself by. */
export function jtIdentifier(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}`;
}
