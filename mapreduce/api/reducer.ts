import type { ReduceContext } from './context';

/**
 * Hadoop's Reducer: reduce is called once per key group, with the group's values as an async
 * iterable that streams from the merge (iterate it once). The default reduce is identity.
 */
export class Reducer<KI = unknown, VI = unknown, KO = unknown, VO = unknown> {
  /**
   * Optional, for combiners: merges two values into one, as reduce would for a key. A combiner
   * that has it lets the map side keep one running value per key in memory instead of a list
   * (wordcount's IntSumReducer does). May update and return `accumulator`.
   */
  foldValues?(accumulator: VI, value: VI): VI;

  setup(_context: ReduceContext<KO, VO>): void | Promise<void> {}

  async reduce(key: KI, values: AsyncIterable<VI>, context: ReduceContext<KO, VO>): Promise<void> {
    for await (const v of values) await context.write(key as unknown as KO, v as unknown as VO);
  }

  cleanup(_context: ReduceContext<KO, VO>): void | Promise<void> {}
}
