import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import type { WritableClass } from '../../common/io/writable';
import { classRef, Ctor } from '../../common/classes';
import type { JobContext } from './context';
import { Counters } from './counters';
import type { InputFormat } from './input-format';
import { JobKeys } from './job-keys';
import type { JobResult } from './job-result';
import type { Mapper } from './mapper';
import type { OutputFormat } from './output-format';
import type { Partitioner, RawComparator } from './partitioner';
import type { Reducer } from './reducer';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyMapper = Ctor<Mapper<any, any, any, any>>;
type AnyReducer = Ctor<Reducer<any, any, any, any>>;

/**
 * Hadoop's Job: the configuration of one MapReduce job, then submit and wait. Classes are
 * recorded as references into the configuration at submit time, when the job module is known.
 */
export class Job implements JobContext {
  readonly conf: Configuration;
  /** Classes set on this job, re-resolved at submit when the job module is surely known. */
  private readonly classes = new Map<string, Ctor>();
  private result: JobResult | null = null;

  constructor(conf: Configuration = new Configuration(), name?: string) {
    this.conf = new Configuration(conf);
    if (name !== undefined) this.setJobName(name);
  }

  static getInstance(conf?: Configuration, name?: string): Job {
    return new Job(conf, name);
  }

  getConfiguration(): Configuration {
    return this.conf;
  }

  getJobID(): string {
    return this.result?.jobId ?? this.conf.get(JobKeys.JOB_ID, '');
  }

  setJobName(name: string): void {
    this.conf.set(JobKeys.JOB_NAME, name);
  }

  getJobName(): string {
    return this.conf.get(JobKeys.JOB_NAME, '');
  }

  /** Uses the module that exports cls as the job module, unless `hadoop jar` set one. */
  setJarByClass(cls: Ctor): void {
    if (this.conf.get(JobKeys.JAR)) return;
    for (const mod of Object.values(require.cache)) {
      if (mod && Object.values(mod.exports ?? {}).includes(cls)) {
        this.conf.set(JobKeys.JAR, path.resolve(mod.filename));
        return;
      }
    }
  }

  /** Records the class now (so job-side code such as an InputSampler sees it) and again at submit. */
  private setClass(key: string, cls: Ctor): void {
    this.classes.set(key, cls);
    this.conf.set(key, classRef(cls, this.conf));
  }

  setMapperClass(cls: AnyMapper): void {
    this.setClass(JobKeys.MAP_CLASS, cls);
  }
  setCombinerClass(cls: AnyReducer): void {
    this.setClass(JobKeys.COMBINE_CLASS, cls);
  }
  setReducerClass(cls: AnyReducer): void {
    this.setClass(JobKeys.REDUCE_CLASS, cls);
  }
  setPartitionerClass(cls: Ctor<Partitioner<any, any>>): void {
    this.setClass(JobKeys.PARTITIONER_CLASS, cls);
  }
  setSortComparatorClass(cls: Ctor<RawComparator>): void {
    this.setClass(JobKeys.SORT_COMPARATOR_CLASS, cls);
  }
  setGroupingComparatorClass(cls: Ctor<RawComparator>): void {
    this.setClass(JobKeys.GROUPING_COMPARATOR_CLASS, cls);
  }
  setInputFormatClass(cls: Ctor<InputFormat<any, any>>): void {
    this.setClass(JobKeys.INPUT_FORMAT_CLASS, cls);
  }
  setOutputFormatClass(cls: Ctor<OutputFormat<any, any>>): void {
    this.setClass(JobKeys.OUTPUT_FORMAT_CLASS, cls);
  }
  setMapOutputKeyClass(cls: WritableClass<any>): void {
    this.setClass(JobKeys.MAP_OUTPUT_KEY_CLASS, cls);
  }
  setMapOutputValueClass(cls: WritableClass<any>): void {
    this.setClass(JobKeys.MAP_OUTPUT_VALUE_CLASS, cls);
  }
  setOutputKeyClass(cls: WritableClass<any>): void {
    this.setClass(JobKeys.OUTPUT_KEY_CLASS, cls);
  }
  setOutputValueClass(cls: WritableClass<any>): void {
    this.setClass(JobKeys.OUTPUT_VALUE_CLASS, cls);
  }
  setNumReduceTasks(n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new HadoopError('MR_BAD_REDUCES', `Invalid number of reduce tasks: ${n}`);
    this.conf.set(JobKeys.NUM_REDUCES, n);
  }
  getNumReduceTasks(): number {
    return this.conf.getInt(JobKeys.NUM_REDUCES);
  }

  /** Writes the class references into the configuration. */
  private resolveClasses(): void {
    for (const [key, cls] of this.classes) this.conf.set(key, classRef(cls, this.conf));
  }

  /** Runs the job to the end; with verbose, prints progress and counters like Hadoop's JobClient. */
  async waitForCompletion(verbose = true): Promise<boolean> {
    this.resolveClasses();
    this.conf.validate();
    const tracker = this.conf.get('mapred.job.tracker', 'local');
    if (tracker === 'local') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runLocalJob } = require('../local/local-job-runner') as typeof import('../local/local-job-runner');
      this.result = await runLocalJob(this.conf, verbose);
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runClusterJob } = require('../client/job-client') as { runClusterJob(conf: Configuration, verbose: boolean): Promise<JobResult> };
      this.result = await runClusterJob(this.conf, verbose);
    }
    return this.result.successful;
  }

  isSuccessful(): boolean {
    return this.result?.successful ?? false;
  }

  getCounters(): Counters {
    return this.result?.counters ?? new Counters();
  }

  getFailureInfo(): string | undefined {
    return this.result?.failureInfo;
  }
}
