import { IntWritable, LongWritable, Text } from '../common/io/writables';
import type { MapContext } from '../mapreduce/api/context';
import { Mapper } from '../mapreduce/api/mapper';

/** Job classes for the TaskTracker tests: a mapper that tells which process ran it. */
export class PidMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
  private readonly one = new IntWritable(1);
  override setup(context: MapContext<Text, IntWritable>): void {
    context.setStatus(`pid ${process.pid} cwd ${process.cwd()}`);
  }
  override map(_key: LongWritable, value: Text, context: MapContext<Text, IntWritable>): void {
    context.write(new Text(value.toString().split(' ')[0] ?? ''), this.one);
  }
}
