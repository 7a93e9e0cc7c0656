import type { Configuration } from '../../../common/conf/configuration';
import { HadoopError } from '../../../common/errors';
import { FileSystem, Path } from '../../../common/fs/index';
import { DataOutputBuffer } from '../../../common/io/data-output';
import { SequenceFileReader } from '../../../common/io/sequence-file';
import type { Writable } from '../../../common/io/writable';
import { Configurable, Partitioner } from '../../api/partitioner';
import { compareRaw } from '../../task/raw-compare';

export const PARTITION_FILE = 'total.order.partitioner.path';
const H2_PARTITION_FILE = 'mapreduce.totalorderpartitioner.path';
export const DEFAULT_PARTITION_FILE = '_partition.lst';

/**
 * Hadoop's TotalOrderPartitioner: N-1 sorted split points, read from a SequenceFile<K, NullWritable>
 * (written by InputSampler), send each key to the range it falls in, so that reduce outputs read
 * in order are globally sorted. Keys are compared as serialized bytes by binary search.
 */
export class TotalOrderPartitioner<K extends Writable, V = unknown> extends Partitioner<K, V> implements Configurable {
  private splits: Buffer[] = [];
  private readonly scratch = new DataOutputBuffer(64);

  static setPartitionFile(conf: Configuration, path: Path | string): void {
    conf.set(PARTITION_FILE, path.toString());
  }

  static getPartitionFile(conf: Configuration): string {
    return conf.get(PARTITION_FILE) ?? conf.get(H2_PARTITION_FILE) ?? DEFAULT_PARTITION_FILE;
  }

  async configure(conf: Configuration): Promise<void> {
    const file = TotalOrderPartitioner.getPartitionFile(conf);
    const fs = FileSystem.get(conf, file);
    const reader = await SequenceFileReader.open<Writable, Writable>(fs, file, conf).catch((e: Error) => {
      throw new HadoopError('MR_PARTITION_FILE', `Cannot read the partition file ${file}: ${e.message}`);
    });
    const splits: Buffer[] = [];
    try {
      while (await reader.next()) {
        this.scratch.reset();
        reader.getCurrentKey().write(this.scratch);
        splits.push(this.scratch.toBuffer());
      }
    } finally {
      await reader.close();
    }
    const reduces = conf.getInt('mapred.reduce.tasks');
    if (splits.length !== reduces - 1) {
      throw new HadoopError('MR_PARTITION_FILE', `Wrong number of partitions in ${file}: ${splits.length + 1} for ${reduces} reduces`);
    }
    for (let i = 1; i < splits.length; i++) {
      if (compareRaw(splits[i - 1], 0, splits[i - 1].length, splits[i], 0, splits[i].length) > 0) {
        throw new HadoopError('MR_PARTITION_FILE', `The split points in ${file} are out of order`);
      }
    }
    this.splits = splits;
  }

  /** The number of split points <= key: keys equal to a split point go to the upper range. */
  getPartition(key: K, _value: V, _numPartitions: number): number {
    const s = this.scratch;
    s.reset();
    key.write(s);
    return upperBound(this.splits, s.data, s.length);
  }

  /** The same for raw key bytes. */
  partitionOfBytes(key: Buffer, start: number, length: number): number {
    return upperBound(this.splits, key.subarray(start), length);
  }
}

function upperBound(splits: Buffer[], key: Buffer, keyLength: number): number {
  let lo = 0;
  let hi = splits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const sp = splits[mid];
    if (compareRaw(sp, 0, sp.length, key, 0, keyLength) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
