import { HadoopError } from '../errors';
import type { Path } from './path';

/** Stable FileSystem error codes, shared by every implementation and checked by the conformance suite. */
export const FsErrors = {
  notFound: (p: Path | string) => new HadoopError('FS_NOT_FOUND', `${p}: No such file or directory`),
  exists: (p: Path | string) => new HadoopError('FS_FILE_EXISTS', `${p}: File exists`),
  isDirectory: (p: Path | string) => new HadoopError('FS_IS_DIRECTORY', `${p}: Is a directory`),
  notDirectory: (p: Path | string) => new HadoopError('FS_NOT_DIRECTORY', `${p}: Not a directory`),
  notEmpty: (p: Path | string) => new HadoopError('FS_DIRECTORY_NOT_EMPTY', `${p}: Directory is not empty`),
  parentNotDirectory: (p: Path | string) =>
    new HadoopError('FS_PARENT_NOT_DIRECTORY', `${p}: Parent path is not a directory`),
  renameIntoSelf: (src: Path | string, dst: Path | string) =>
    new HadoopError('FS_RENAME_INTO_SELF', `${src}: Cannot rename a directory into its own subdirectory ${dst}`),
  notSupported: (op: string, scheme: string) =>
    new HadoopError('FS_NOT_SUPPORTED', `${op} is not supported by the ${scheme}:// filesystem`),
  wrongFs: (p: Path | string, expected: string) =>
    new HadoopError('FS_WRONG_FS', `Wrong FS: ${p}, expected: ${expected}`),
  invalidArgument: (msg: string) => new HadoopError('FS_INVALID_ARGUMENT', msg),
};
