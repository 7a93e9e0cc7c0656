import type { WritableComparable } from '../../../common/io/writable';
import { Partitioner } from '../../api/partitioner';

/** Hadoop's HashPartitioner: (key.hashCode() & Integer.MAX_VALUE) % numReduceTasks. */
export class HashPartitioner<K extends WritableComparable, V = unknown> extends Partitioner<K, V> {
  getPartition(key: K, _value: V, numPartitions: number): number {
    return (key.hashCode() & 0x7fffffff) % numPartitions;
  }
}
