import { IntWritable } from '../../../common/io/writables';
import type { ReduceContext } from '../../api/context';
import { Reducer } from '../../api/reducer';

/** Sums IntWritable values; wordcount's combiner and reducer. */
export class IntSumReducer<K> extends Reducer<K, IntWritable, K, IntWritable> {
  private readonly result = new IntWritable();

  override foldValues(accumulator: IntWritable, value: IntWritable): IntWritable {
    return accumulator.set(accumulator.get() + value.get());
  }

  override async reduce(key: K, values: AsyncIterable<IntWritable>, context: ReduceContext<K, IntWritable>): Promise<void> {
    let sum = 0;
    for await (const v of values) sum += v.get();
    this.result.set(sum);
    await context.write(key, this.result);
  }
}
