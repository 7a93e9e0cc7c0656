import type { Configuration } from '../common/conf/configuration';
import { Text } from '../common/io/writables';
import type { JobContext, MapContext, TaskAttemptContext } from '../mapreduce/api/context';
import { InputFormat, InputSplit, RecordReader } from '../mapreduce/api/input-format';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';

/**
 * Hadoop's RandomTextWriter: a map-only job with no input; each map writes
 * test.randomtextwrite.bytes_per_map bytes of random sentences from a fixed vocabulary.
 * The words come from a PRNG seeded by (seed, map index), so a seed always gives the same data.
 */
const KEYS = {
  totalBytes: 'test.randomtextwrite.total_bytes',
  bytesPerMap: 'test.randomtextwrite.bytes_per_map',
  minKey: 'test.randomtextwrite.min_words_key',
  maxKey: 'test.randomtextwrite.max_words_key',
  minValue: 'test.randomtextwrite.min_words_value',
  maxValue: 'test.randomtextwrite.max_words_value',
  seed: 'test.randomtextwrite.seed',
};

/** xorshift32: small, fast and the same everywhere. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'den', 'par', 'qui', 'sto', 'bel', 'gra', 'fen', 'mor', 'tal', 'zen', 'ix', 'ul'];

/** 1,000 distinct pseudo-words, the same for every run (Hadoop's list is also 1,000 words). */
export const WORDS: string[] = (() => {
  const rng = new Prng(20131120);
  const seen = new Set<string>();
  while (seen.size < 1000) {
    const n = 1 + rng.below(4);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[rng.below(SYLLABLES.length)];
    seen.add(w);
  }
  return [...seen];
})();

class GeneratorSplit implements InputSplit {
  constructor(readonly index: number) {}
  getLength(): number {
    return 0;
  }
  getLocations(): string[] {
    return [];
  }
  toJSON(): object {
    return { index: this.index };
  }
}

class GeneratorReader extends RecordReader<Text, Text> {
  private done = false;
  private readonly key = new Text();
  async initialize(split: InputSplit): Promise<void> {
    this.key.set(String((split as GeneratorSplit).index));
  }
  async nextKeyValue(): Promise<boolean> {
    if (this.done) return false;
    this.done = true;
    return true;
  }
  getCurrentKey(): Text {
    return this.key;
  }
  getCurrentValue(): Text {
    return this.key;
  }
  getProgress(): number {
    return this.done ? 1 : 0;
  }
  async close(): Promise<void> {}
}

/** One empty split per map (mapred.map.tasks), each read as a single record. */
export class RandomInputFormat extends InputFormat<Text, Text> {
  async getSplits(job: JobContext): Promise<InputSplit[]> {
    const n = job.getConfiguration().getInt('mapred.map.tasks');
    return Array.from({ length: n }, (_, i) => new GeneratorSplit(i));
  }
  createRecordReader(): RecordReader<Text, Text> {
    return new GeneratorReader();
  }
  splitFromJSON(json: object): InputSplit {
    return new GeneratorSplit((json as { index: number }).index);
  }
}

export class RandomTextMapper extends Mapper<Text, Text, Text, Text> {
  override async map(key: Text, _value: Text, context: MapContext<Text, Text>): Promise<void> {
    const conf = context.getConfiguration();
    const target = conf.getLong(KEYS.bytesPerMap);
    const minKey = conf.getInt(KEYS.minKey, 5);
    const keyRange = conf.getInt(KEYS.maxKey, 10) - minKey;
    const minValue = conf.getInt(KEYS.minValue, 10);
    const valueRange = conf.getInt(KEYS.maxValue, 100) - minValue;
    const rng = new Prng((conf.getInt(KEYS.seed, 0) * 1000003 + Number(key.toString()) * 7919 + 1) >>> 0);
    const k = new Text();
    const v = new Text();
    const sentence = (n: number) => {
      let s = WORDS[rng.below(WORDS.length)];
      for (let i = 1; i < n; i++) s += ' ' + WORDS[rng.below(WORDS.length)];
      return s;
    };
    let written = 0;
    while (written < target) {
      k.set(sentence(minKey + (keyRange > 0 ? rng.below(keyRange) : 0)));
      v.set(sentence(minValue + (valueRange > 0 ? rng.below(valueRange) : 0)));
      written += k.getLength() + v.getLength() + 2;
      const r = context.write(k, v);
      if (r) await r;
      if ((written & 0xffff) < 200) context.progress();
    }
  }
}

export const description = 'A map/reduce program that writes random textual data, deterministic for a seed.';

export async function main(args: string[], conf: Configuration): Promise<number> {
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-seed') conf.set(KEYS.seed, args[++i]);
    else if (a === '-bytes' || a === '-totalBytes') conf.set(KEYS.totalBytes, args[++i]);
    else if (a === '-maps') conf.set('mapred.map.tasks', args[++i]);
    else if (a.startsWith('-')) {
      process.stderr.write(`randomtextwriter: unknown option ${a}\n`);
      return 2;
    } else output = a;
  }
  if (!output) {
    process.stderr.write('Usage: randomtextwriter [-seed N] [-bytes TOTAL] [-maps N] <output>\n');
    return 2;
  }
  const maps = conf.getInt('mapred.map.tasks');
  const total = conf.getLong(KEYS.totalBytes, 0);
  if (total > 0) conf.set(KEYS.bytesPerMap, Math.ceil(total / maps));
  else conf.setIfUnset(KEYS.bytesPerMap, 1024 * 1024 * 1024);
  const job = Job.getInstance(conf, 'random-text-writer');
  job.setJarByClass(RandomTextMapper);
  job.setInputFormatClass(RandomInputFormat);
  job.setMapperClass(RandomTextMapper);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(Text);
  job.setNumReduceTasks(0);
  FileOutputFormat.setOutputPath(job, output);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
