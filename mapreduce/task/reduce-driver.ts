import { DataInputBuffer } from '../../common/io/data-input';
import type { Writable } from '../../common/io/writable';
import type { ReduceContext } from '../api/context';
import type { RawComparator } from '../api/partitioner';
import type { Reducer } from '../api/reducer';
import type { RawKeyValueIterator } from './ifile';
import { copyBytes } from '../../common/io/bytes';

export interface ReduceCounts {
  groups: number;
  records: number;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * Feeds a sorted raw stream to a Reducer, one call per group of keys equal under the grouping
 * comparator. Keys are decoded once per group, values as they are iterated; values the
 * reducer does not read are skipped. Used for reduces and for combiners alike.
 */
export async function runReducer<K extends Writable, V extends Writable>(
  reducer: Reducer<K, V, unknown, unknown>,
  input: RawKeyValueIterator,
  grouping: RawComparator,
  newKey: () => K,
  newValue: () => V,
  context: ReduceContext<unknown, unknown>,
  counts: ReduceCounts,
  hooks: { onRecord?: () => void; afterGroup?: () => Promise<void> | null } = {},
): Promise<void> {
  const onRecord = hooks.onRecord;
  const keyIn = new DataInputBuffer();
  const valIn = new DataInputBuffer();
  let has = input.next();
  while (has) {
    const groupKey = Buffer.from(input.key.subarray(input.keyStart, input.keyStart + input.keyLength));
    const key = newKey();
    key.readFields(keyIn.reset(groupKey, 0, groupKey.length));
    counts.groups++;
    let first = true;
    let groupDone = false;
    const advance = (): boolean => {
      if (groupDone) return false;
      if (first) {
        first = false;
        return true;
      }
      has = input.next();
      if (!has || grouping.compare(groupKey, 0, groupKey.length, input.key, input.keyStart, input.keyLength) !== 0) {
        groupDone = true;
        return false;
      }
      return true;
    };
    let iterated = false;
    const values: AsyncIterable<V> = {
      [Symbol.asyncIterator]: () => {
        if (iterated) throw new Error('The values of a reduce group can be iterated only once');
        iterated = true;
        return {
          next: (): Promise<IteratorResult<V>> => {
            if (!advance()) return Promise.resolve(DONE);
            counts.records++;
            onRecord?.();
            const v = newValue();
            v.readFields(valIn.reset(input.val, input.valStart, input.valStart + input.valLength));
            return Promise.resolve({ done: false, value: v });
          },
        };
      },
    };
    await reducer.reduce(key, values, context);
    while (advance()) {
      counts.records++;
      onRecord?.();
    }
    const drained = hooks.afterGroup?.();
    if (drained) await drained;
  }
}

/**
 * The identity reduce without the per-group machinery: each record is decoded into one reused
 * key and value and handed to write (writers copy what they are given, as in Hadoop). Groups
 * are still counted with the grouping comparator.
 */
export async function runIdentityReduce<K extends Writable, V extends Writable>(
  input: RawKeyValueIterator,
  grouping: RawComparator,
  key: K,
  value: V,
  write: (k: K, v: V) => void | Promise<void>,
  counts: ReduceCounts,
  hooks: { onRecord?: () => void; afterGroup?: () => Promise<void> | null } = {},
): Promise<void> {
  const keyIn = new DataInputBuffer();
  const valIn = new DataInputBuffer();
  let prev = Buffer.alloc(64);
  let prevLength = -1;
  while (input.next()) {
    const ks = input.keyStart;
    const kl = input.keyLength;
    if (prevLength < 0 || grouping.compare(prev, 0, prevLength, input.key, ks, kl) !== 0) {
      counts.groups++;
      if (kl > prev.length) prev = Buffer.alloc(kl * 2);
      copyBytes(input.key, ks, ks + kl, prev, 0);
      prevLength = kl;
      const drained = hooks.afterGroup?.();
      if (drained) await drained;
    }
    counts.records++;
    hooks.onRecord?.();
    key.readFields(keyIn.reset(input.key, ks, ks + kl));
    value.readFields(valIn.reset(input.val, input.valStart, input.valStart + input.valLength));
    const r = write(key, value);
    if (r) await r;
  }
}
