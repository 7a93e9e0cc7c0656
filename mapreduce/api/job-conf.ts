import type { Configuration } from '../../common/conf/configuration';
import type { Writable, WritableClass } from '../../common/io/writable';
import { LongWritable, Text } from '../../common/io/writables';
import { HashPartitioner } from '../lib/partition/hash-partitioner';
import { Ctor, getClass, loadClass } from '../../common/classes';
import type { InputFormat } from './input-format';
import { JobKeys } from './job-keys';
import { Mapper } from './mapper';
import type { OutputFormat } from './output-format';
import type { Partitioner, RawComparator } from './partitioner';
import { Reducer } from './reducer';

/** Typed reads of a job's classes from its configuration, with Hadoop's defaults. */
export const JobConf = {
  mapper(conf: Configuration): Ctor<Mapper<unknown, unknown, unknown, unknown>> {
    return getClass(conf, JobKeys.MAP_CLASS, Mapper);
  },
  reducer(conf: Configuration): Ctor<Reducer<unknown, unknown, unknown, unknown>> {
    return getClass(conf, JobKeys.REDUCE_CLASS, Reducer);
  },
  combiner(conf: Configuration): Ctor<Reducer<unknown, unknown, unknown, unknown>> | null {
    const ref = conf.get(JobKeys.COMBINE_CLASS);
    return ref ? loadClass(ref, conf) : null;
  },
  partitioner(conf: Configuration): Ctor<Partitioner> {
    return getClass<Partitioner>(conf, JobKeys.PARTITIONER_CLASS, HashPartitioner as Ctor<Partitioner>);
  },
  inputFormat(conf: Configuration): Ctor<InputFormat> {
    const ref = conf.get(JobKeys.INPUT_FORMAT_CLASS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return ref ? loadClass(ref, conf) : require('../lib/input/text-input-format').TextInputFormat;
  },
  outputFormat(conf: Configuration): Ctor<OutputFormat> {
    const ref = conf.get(JobKeys.OUTPUT_FORMAT_CLASS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return ref ? loadClass(ref, conf) : require('../lib/output/text-output-format').TextOutputFormat;
  },
  sortComparator(conf: Configuration): Ctor<RawComparator> | null {
    const ref = conf.get(JobKeys.SORT_COMPARATOR_CLASS);
    return ref ? loadClass(ref, conf) : null;
  },
  /** Grouping defaults to the sort order, as in Hadoop. */
  groupingComparator(conf: Configuration): Ctor<RawComparator> | null {
    const ref = conf.get(JobKeys.GROUPING_COMPARATOR_CLASS);
    return ref ? loadClass(ref, conf) : JobConf.sortComparator(conf);
  },
  outputKeyClass(conf: Configuration): WritableClass {
    return getClass<Writable>(conf, JobKeys.OUTPUT_KEY_CLASS, LongWritable);
  },
  outputValueClass(conf: Configuration): WritableClass {
    return getClass<Writable>(conf, JobKeys.OUTPUT_VALUE_CLASS, Text);
  },
  mapOutputKeyClass(conf: Configuration): WritableClass {
    const ref = conf.get(JobKeys.MAP_OUTPUT_KEY_CLASS);
    return ref ? loadClass<Writable>(ref, conf) : JobConf.outputKeyClass(conf);
  },
  mapOutputValueClass(conf: Configuration): WritableClass {
    const ref = conf.get(JobKeys.MAP_OUTPUT_VALUE_CLASS);
    return ref ? loadClass<Writable>(ref, conf) : JobConf.outputValueClass(conf);
  },
  numReduces(conf: Configuration): number {
    return conf.getInt(JobKeys.NUM_REDUCES);
  },
};
