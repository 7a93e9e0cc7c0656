/** Chooses the reduce partition of a map output record. */
export abstract class Partitioner<K = unknown, V = unknown> {
  abstract getPartition(key: K, value: V, numPartitions: number): number;
}

/**
 * Compares serialized keys. The default for every key type is unsigned byte order, which our
 * encodings make equal to the key's own order; a job sets its own for other orders or grouping.
 */
export interface RawComparator {
  compare(a: Buffer, aStart: number, aLen: number, b: Buffer, bStart: number, bLen: number): number;
}

/**
 * Implemented by a partitioner or comparator that needs the job configuration (Hadoop's
 * Configurable), e.g. TotalOrderPartitioner reading its split points. Called once per task,
 * before the first record.
 */
export interface Configurable {
  configure(conf: import('../../common/conf/configuration').Configuration): void | Promise<void>;
}

export function isConfigurable(x: unknown): x is Configurable {
  return typeof (x as Partial<Configurable>)?.configure === 'function';
}
