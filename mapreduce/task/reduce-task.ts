import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import type { ReduceContext } from '../api/context';
import { TaskCounter } from '../api/counters';
import { JobConf } from '../api/job-conf';
import { isConfigurable } from '../api/partitioner';
import type { Reducer } from '../api/reducer';
import type { Writable } from '../../common/io/writable';
import { mergeInPasses } from './merger';
import { TaskOutput } from './output-writer';
import { BYTE_ORDER } from './raw-compare';
import { runReducer } from './reduce-driver';
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
  try {
    const status = () => context.getStatus();
    const segments = await shuffle.fetch(spec, (f) => reporter.report(f / 3, 'SHUFFLE', status()));
    const shuffleBytes = segments.reduce((a, s) => a + (s.kind === 'file' ? s.length : s.data.length), 0);
    context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_SHUFFLE_BYTES).increment(shuffleBytes);
    reporter.report(1 / 3, 'SORT', status());

    const sortCmpClass = JobConf.sortComparator(conf);
    const sortCmp = sortCmpClass ? new sortCmpClass() : BYTE_ORDER;
    const groupCmpClass = JobConf.groupingComparator(conf);
    const groupCmp = groupCmpClass ? new groupCmpClass() : BYTE_ORDER;
    for (const c of [sortCmp, groupCmp]) if (isConfigurable(c)) await c.configure(conf);
    const mergeDir = path.join(spec.workDir, 'merge');
    fs.mkdirSync(mergeDir, { recursive: true });
    const { iterator, tempFiles } = mergeInPasses(
      segments,
      sortCmp,
      conf.getInt('io.sort.factor'),
      mergeDir,
      conf.getInt('io.file.buffer.size'),
      `r${spec.partition}`,
    );
    reporter.report(2 / 3, 'REDUCE', status());

    const keyClass = JobConf.mapOutputKeyClass(conf);
    const valueClass = JobConf.mapOutputValueClass(conf);
    const reducer = new (JobConf.reducer(conf))();
    const output = await TaskOutput.open(new (JobConf.outputFormat(conf))(), context);
    const writer = output.writer;
    let outRecords = 0;
    let pending: Promise<void> | null = null;
    const reduceContext: ReduceContext<unknown, unknown> = Object.assign(Object.create(context) as ReduceContext<unknown, unknown>, {
      write: (k: unknown, v: unknown): void | Promise<void> => {
        outRecords++;
        const r = writer.write(k, v);
        if (r) pending = r;
        return r;
      },
    });
    const counts = { groups: 0, records: 0 };
    let consumed = 0;
    const onRecord = () => {
      consumed++;
      reporter.maybeReport(() => 2 / 3 + Math.min(1, consumed / Math.max(1, shuffleBytes / 16)) / 3, 'REDUCE', () => reduceContext.getStatus());
    };
    try {
      await reducer.setup(reduceContext);
      const afterGroup = (): Promise<void> | null => {
        const p = pending;
        pending = null;
        return p;
      };
      await runReducer(reducer as Reducer<Writable, Writable, unknown, unknown>, iterator, groupCmp, () => new keyClass(), () => new valueClass(), reduceContext, counts, {
        onRecord,
        afterGroup,
      });
      await reducer.cleanup(reduceContext);
      if (pending) await pending;
    } catch (e) {
      iterator.close();
      await output.abort();
      throw e;
  } finally {
    for (const t of tempFiles) fs.rmSync(t, { force: true });
  }
  iterator.close();
  context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_INPUT_GROUPS).increment(counts.groups);
  context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_INPUT_RECORDS).increment(counts.records);
  context.counters.findCounter(TaskCounter.group, TaskCounter.REDUCE_OUTPUT_RECORDS).increment(outRecords);
  context.counters.findCounter('FileSystemCounters', 'FILE_BYTES_READ').increment(shuffleBytes);
  reporter.report(1, 'REDUCE', status());
  await output.commit(umbilical);
  } finally {
    reporter.stop();
  }
}
