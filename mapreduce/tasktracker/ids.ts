import { parseAttemptId } from '../api/ids';

/**
 * Hadoop's id formats, checked before an id names a directory or a file: job_<jt>_<NNNN> and
 * attempt_<jt>_<NNNN>_<m|r>_<NNNNNN>_<n>, where <jt> is letters and digits (a JobTracker's start
 * time, or local<N> for the local runner). Nothing else (no '/', no '..') gets through.
 */
const JOB = /^job_[A-Za-z0-9]+_\d{4,}$/;
const ATTEMPT = /^attempt_[A-Za-z0-9]+_\d{4,}_[mr]_\d{6}_\d+$/;

export function isJobId(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 100 && JOB.test(s);
}

export function isAttemptId(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 120 && ATTEMPT.test(s);
}

/** The job an attempt id belongs to, or null if it is not an attempt id. */
export function jobOfAttempt(attemptId: string): string | null {
  return isAttemptId(attemptId) ? (parseAttemptId(attemptId)?.jobId ?? null) : null;
}

export function isMapAttempt(attemptId: string): boolean {
  return isAttemptId(attemptId) && parseAttemptId(attemptId)!.isMap;
}
