import { LongWritable, Text } from '../../../common/io/writables';
import type { MapContext } from '../../api/context';
import { Mapper } from '../../api/mapper';

/** Emits (match, 1) for every match of `mapred.mapper.regex` (group `mapred.mapper.regex.group`). */
export class RegexMapper<K> extends Mapper<K, Text, Text, LongWritable> {
  private pattern: RegExp = /$^/g;
  private group = 0;
  private readonly one = new LongWritable(1);
  private readonly match = new Text();

  override setup(context: MapContext<Text, LongWritable>): void {
    const conf = context.getConfiguration();
    this.pattern = new RegExp(conf.get('mapred.mapper.regex', ''), 'g');
    this.group = conf.getInt('mapred.mapper.regex.group', 0);
  }

  override map(_key: K, value: Text, context: MapContext<Text, LongWritable>): void {
    const line = value.toString();
    this.pattern.lastIndex = 0;
    for (let m = this.pattern.exec(line); m !== null; m = this.pattern.exec(line)) {
      if (m[0].length === 0) this.pattern.lastIndex++;
      const g = m[this.group];
      if (g !== undefined) context.write(this.match.set(g), this.one);
    }
  }
}
