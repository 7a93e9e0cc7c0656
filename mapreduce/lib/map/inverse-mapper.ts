import type { MapContext } from '../../api/context';
import { Mapper } from '../../api/mapper';

/** Swaps keys and values. */
export class InverseMapper<K, V> extends Mapper<K, V, V, K> {
  override map(key: K, value: V, context: MapContext<V, K>): void | Promise<void> {
    return context.write(value, key);
  }
}
