import * as zlib from 'node:zlib';
import type { Configuration } from '../../common/conf/configuration';
import { BytesWritable, Text } from '../../common/io/writables';
import type { MapContext, ReduceContext } from '../../mapreduce/api/context';
import { Job } from '../../mapreduce/api/job';
import { Mapper } from '../../mapreduce/api/mapper';
import { Reducer } from '../../mapreduce/api/reducer';
import { FileInputFormat } from '../../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../../mapreduce/lib/input/file-split';
import { FileOutputFormat } from '../../mapreduce/lib/output/file-output-format';
import { TeraInputFormat } from './tera-input-format';
import { addChecksum, hex } from './tera-record';

export const description = 'Checking results of terasort';

/**
 * TeraValidate: one map per file (no splitting) checks order inside the file and emits its first
 * and last key and its checksum; one reduce checks order across files (in name order) and sums
 * the checksums. Output: `error ...` lines for any misorder, then `checksum <hex>`. The checksum
 * equals TeraGen's for the same records.
 */
export class ValidateMapper extends Mapper<BytesWritable, BytesWritable, Text, Text> {
  private last: Buffer | null = null;
  private first: Buffer | null = null;
  private sum = 0;
  private file = '';

  override setup(context: MapContext<Text, Text>): void {
    this.file = (context.getInputSplit() as FileSplit).path.getName();
  }

  override map(key: BytesWritable, value: BytesWritable, context: MapContext<Text, Text>): void {
    const k = key.getBytes();
    this.sum = addChecksum(this.sum, zlib.crc32(value.getBytes(), zlib.crc32(k)) >>> 0);
    if (this.last === null) {
      this.first = Buffer.from(k);
      this.last = Buffer.from(k);
      return;
    }
    if (Buffer.compare(this.last, k) > 0) {
      context.write(new Text('error'), new Text(`misorder in ${this.file} last: '${hex(this.last)}' current: '${hex(k)}'`));
    }
    k.copy(this.last);
  }

  override cleanup(context: MapContext<Text, Text>): void {
    if (this.first && this.last) {
      context.write(new Text(`${this.file}:begin`), new Text(hex(this.first)));
      context.write(new Text(`${this.file}:end`), new Text(hex(this.last)));
    }
    context.write(new Text('checksum'), new Text(this.sum.toString(16)));
  }
}

export class ValidateReducer extends Reducer<Text, Text, Text, Text> {
  private lastEnd: string | null = null;
  private lastFile = '';

  override async reduce(key: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    const k = key.toString();
    if (k === 'checksum') {
      let sum = 0;
      for await (const v of values) sum = addChecksum(sum, parseInt(v.toString(), 16));
      await context.write(new Text('checksum'), new Text(sum.toString(16)));
    } else if (k === 'error') {
      for await (const v of values) await context.write(key, v);
    } else {
      for await (const v of values) {
        const file = k.slice(0, k.lastIndexOf(':'));
        const keyHex = v.toString();
        if (k.endsWith(':begin')) {
          if (this.lastEnd !== null && keyHex < this.lastEnd) {
            await context.write(new Text('error'), new Text(`misordered keys last: '${this.lastEnd}' (${this.lastFile}) current: '${keyHex}' (${file})`));
          }
        } else {
          this.lastEnd = keyHex;
          this.lastFile = file;
        }
      }
    }
  }
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  if (args.length !== 2) {
    process.stderr.write('Usage: teravalidate <terasort output dir> <report dir>\n');
    return 2;
  }
  const job = Job.getInstance(conf, 'TeraValidate');
  job.setJarByClass(ValidateMapper);
  FileInputFormat.addInputPath(job, args[0]);
  FileOutputFormat.setOutputPath(job, args[1]);
  job.setInputFormatClass(TeraInputFormat);
  // one split per file: order is checked file by file
  job.getConfiguration().set('mapred.min.split.size', Number.MAX_SAFE_INTEGER);
  job.setMapperClass(ValidateMapper);
  job.setReducerClass(ValidateReducer);
  job.setNumReduceTasks(1);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(Text);
  return (await job.waitForCompletion(true)) ? 0 : 1;
}
