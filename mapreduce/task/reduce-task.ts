import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import type { Writable } from '../../common/io/writable';
import type { ReduceContext } from '../api/context';
import { TaskCounter } from '../api/counters';
import { JobConf } from '../api/job-conf';
import { isConfigurable, RawComparator } from '../api/partitioner';
import { Reducer } from '../api/reducer';
import type { RawKeyValueIterator } from './ifile';
import { mergeInPasses } from './merger';
import { TaskOutput } from './output-writer';
import { BYTE_ORDER } from './raw-compare';
import { ReduceCounts, runIdentityReduce, runReducer } from './reduce-driver';
import type { ShuffleSource } from './shuffle';
import type { TaskAttemptContextImpl } from './task-context';
import type { TaskSpec } from './task-spec';
import { ProgressReporter, reportInterval, Umbilical } from './umbilical';

/**
 * ReduceTask: shuffle (copy) -> merge (sort) -> reduce, each a third of the progress, as in
 * Hadoop. Merging keeps at most io.sort.factor segments open, spilling passes to local disk.
 */
export async function runReduceTask(
  spec: TaskSpec,
  conf: Configuration,
  context: TaskAttemptContextImpl,
  umbilical: Umbilical,
  shuffle: ShuffleSource,
): Promise<void> {
  const reporter = new ProgressReporter(umbilical, context.counters, context.state, reportInterval(conf));
  const status = () => context.getStatus();
  const tempFiles: string[] = [];
  try {
    const segments = await shuffle.fetch(spec, (f) => reporter.report(f / 3, 'SHUFFLE', status()));
    const shuffleBytes = segments.reduce((a, s) => a + (s.kind === 'file' ? s.length : s.data.length), 0);
    context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_SHUFFLE_BYTES).increment(shuffleBytes);
    context.counters.findCounter('FileSystemCounters', 'FILE_BYTES_READ').increment(shuffleBytes);
    reporter.report(1 / 3, 'SORT', status());

    const sortCmp = await comparator(conf, JobConf.sortComparator(conf));
    const groupCmp = await comparator(conf, JobConf.groupingComparator(conf));
    const mergeDir = path.join(spec.workDir, 'merge');
    fs.mkdirSync(mergeDir, { recursive: true });
    const merged = mergeInPasses(segments, sortCmp, conf.getInt('io.sort.factor'), mergeDir, conf.getInt('io.file.buffer.size'), `r${spec.partition}`);
    tempFiles.push(...merged.tempFiles);
    reporter.report(2 / 3, 'REDUCE', status());

    let consumed = 0;
    const progress = () => 2 / 3 + Math.min(1, consumed / Math.max(1, shuffleBytes / 16)) / 3;
    const counts = await reduce(conf, context, umbilical, merged.iterator, groupCmp, () => {
      consumed++;
      reporter.maybeReport(progress, 'REDUCE', status);
    });
    reporter.report(1, 'REDUCE', status());
    const c = context.counters;
    c.findCounter(TaskCounter.group, TaskCounter.REDUCE_INPUT_GROUPS).increment(counts.groups);
    c.findCounter(TaskCounter.group, TaskCounter.REDUCE_INPUT_RECORDS).increment(counts.records);
  } finally {
    reporter.stop();
    for (const t of tempFiles) fs.rmSync(t, { force: true });
  }
}

async function comparator(conf: Configuration, cls: (new () => RawComparator) | null): Promise<RawComparator> {
  const c = cls ? new cls() : BYTE_ORDER;
  if (isConfigurable(c)) await c.configure(conf);
  return c;
}

/** Runs the reducer over the merged stream into the job's output; returns what it consumed. */
async function reduce(
  conf: Configuration,
  context: TaskAttemptContextImpl,
  umbilical: Umbilical,
  input: RawKeyValueIterator,
  grouping: RawComparator,
  onRecord: () => void,
): Promise<ReduceCounts> {
  const keyClass = JobConf.mapOutputKeyClass(conf);
  const valueClass = JobConf.mapOutputValueClass(conf);
  const reducer = new (JobConf.reducer(conf))() as Reducer<Writable, Writable, unknown, unknown>;
  const output = await TaskOutput.open(new (JobConf.outputFormat(conf))(), context);
  const writer = output.writer;
  let outRecords = 0;
  let pending: Promise<void> | null = null;
  const write = (k: unknown, v: unknown): void | Promise<void> => {
    outRecords++;
    const r = writer.write(k, v);
    if (r) pending = r;
    return r;
  };
  const reduceContext: ReduceContext<unknown, unknown> = Object.assign(Object.create(context) as ReduceContext<unknown, unknown>, { write });
  // a reducer that does not await its writes still cannot outrun the disk: wait after each group
  const afterGroup = (): Promise<void> | null => {
    const p = pending;
    pending = null;
    return p;
  };
  const counts: ReduceCounts = { groups: 0, records: 0 };
  try {
    await reducer.setup(reduceContext);
    if (Object.getPrototypeOf(reducer) === Reducer.prototype) {
      // the identity reducer needs no per-group call: stream records straight to the writer
      await runIdentityReduce(input, grouping, new keyClass(), new valueClass(), write, counts, { onRecord, afterGroup });
    } else {
      await runReducer(reducer, input, grouping, () => new keyClass(), () => new valueClass(), reduceContext, counts, { onRecord, afterGroup });
    }
    await reducer.cleanup(reduceContext);
    if (pending) await pending;
  } catch (e) {
    input.close();
    await output.abort();
    throw e;
  }
  input.close();
  context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_OUTPUT_RECORDS).increment(outRecords);
  await output.commit(umbilical);
  return counts;
}
