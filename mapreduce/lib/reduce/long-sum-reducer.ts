import { LongWritable } from '../../../common/io/writables';
import type { ReduceContext } from '../../api/context';
import { Reducer } from '../../api/reducer';

/** Sums LongWritable values. */
export class LongSumReducer<K> extends Reducer<K, LongWritable, K, LongWritable> {
  private readonly result = new LongWritable();

  override foldValues(accumulator: LongWritable, value: LongWritable): LongWritable {
    return accumulator.set(accumulator.get() + value.get());
  }

  override async reduce(key: K, values: AsyncIterable<LongWritable>, context: ReduceContext<K, LongWritable>): Promise<void> {
    let sum = 0;
    for await (const v of values) sum += v.get();
    this.result.set(sum);
    await context.write(key, this.result);
  }
}
