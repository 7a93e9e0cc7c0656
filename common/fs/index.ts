export * from './interfaces';
export * from './errors';
export { Path } from './path';
export { FileSystem, readFully, writeFully, closeStream, userName } from './filesystem';
// importing an implementation registers its scheme with FileSystem.get
export { LocalFileSystem } from './local-filesystem';
export { statisticsFor, statisticsSnapshot, type SchemeStatistics } from './statistics';
