import { Text } from '../../common/io/writables';
import type { MapContext } from '../api/context';
import { Mapper } from '../api/mapper';

/**
 * The map of a streaming job without -mapper: Hadoop's IdentityMapper, with the key and value
 * turned into Text (streaming's map output types), so `offset\tline` for TextInputFormat.
 */
export class IdentityTextMapper extends Mapper<unknown, unknown, Text, Text> {
  private readonly key = new Text();
  private readonly value = new Text();

  override map(key: unknown, value: unknown, context: MapContext<Text, Text>): void | Promise<void> {
    return context.write(this.key.set(String(key)), this.value.set(String(value)));
  }
}
