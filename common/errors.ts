/**
 * Errors a user can cause carry a stable code (FS_FILE_EXISTS, MR_OUTPUT_EXISTS, ...) so the CLI
 * can print one clear line for them instead of a stack trace.
 */
export class HadoopError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HadoopError';
  }
}

export function isHadoopError(e: unknown, code?: string): e is HadoopError {
  return e instanceof HadoopError && (code === undefined || e.code === code);
}

/** One line for the user: our own errors as they are, Node's errors without their stack. */
export function describeError(e: unknown): string {
  if (e instanceof HadoopError) return e.message;
  if (e instanceof Error) {
    const sys = e as NodeJS.ErrnoException;
    if (sys.code && sys.path) return `${e.message}`;
    return e.message || String(e);
  }
  return String(e);
}
