import { HadoopError } from '../../common/errors';

/**
 * Hadoop 2's PathIOException: renders as ``\`path': reason`` or ``\`src' to \`dst': reason``,
 * which the command prefixes with its name (``ls: `/x': No such file or directory``).
 */
export class ShellPathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly target?: string,
  ) {
    super(`\`${path}'${target !== undefined ? ` to \`${target}'` : ''}: ${reason}`);
    this.name = 'ShellPathError';
  }
}

/** A bad command line: the shell prints ``-cmd: message`` and the command's usage line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Hadoop's wording for each stable FileSystem error code. */
const REASONS: Record<string, string> = {
  FS_NOT_FOUND: 'No such file or directory',
  FS_FILE_EXISTS: 'File exists',
  FS_IS_DIRECTORY: 'Is a directory',
  FS_NOT_DIRECTORY: 'Is not a directory',
  FS_DIRECTORY_NOT_EMPTY: 'Directory is not empty',
  FS_PARENT_NOT_DIRECTORY: 'Parent path is not a directory',
  FS_PERMISSION_DENIED: 'Permission denied',
};

export const notFound = (p: string) => new ShellPathError(p, REASONS.FS_NOT_FOUND);
export const exists = (p: string) => new ShellPathError(p, REASONS.FS_FILE_EXISTS);
export const isDirectory = (p: string) => new ShellPathError(p, REASONS.FS_IS_DIRECTORY);
export const notDirectory = (p: string) => new ShellPathError(p, REASONS.FS_NOT_DIRECTORY);
export const notEmpty = (p: string) => new ShellPathError(p, REASONS.FS_DIRECTORY_NOT_EMPTY);

/** The reason for a FileSystem error code, or undefined for errors that carry their own text. */
export function reasonFor(e: unknown): string | undefined {
  return e instanceof HadoopError ? REASONS[e.code] : undefined;
}

/**
 * Labels an error with the path as the user typed it: Hadoop's wording for a FileSystem error
 * code, the first line of the message for anything else (a refused connection, a failed read).
 */
export function asPathError(e: unknown, display: string): ShellPathError {
  if (e instanceof ShellPathError) return e;
  return new ShellPathError(display, reasonFor(e) ?? firstLine(e));
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message || String(e) : String(e);
  return msg.split('\n', 1)[0];
}

/** The one line a command prints after its name for an error. */
export function describe(e: unknown, display?: string): string {
  if (e instanceof ShellPathError || e instanceof UsageError) return e.message;
  if ((e as NodeJS.ErrnoException)?.code === 'EPIPE') return 'Unable to write to output stream.';
  const reason = reasonFor(e);
  if (reason && display !== undefined) return new ShellPathError(display, reason).message;
  return firstLine(e);
}
