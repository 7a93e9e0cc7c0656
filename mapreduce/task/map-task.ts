import * as path from 'node:path';
import type { Configuration } from '../../common/conf/configuration';
import type { Writable } from '../../common/io/writable';
import type { MapContext } from '../api/context';
import { TaskCounter } from '../api/counters';
import type { InputSplit } from '../api/input-format';
import { JobConf } from '../api/job-conf';
import type { Reducer } from '../api/reducer';
import { isConfigurable } from '../api/partitioner';
import { MapOutputCollector, MapOutputFile } from './map-output-collector';
import { TaskOutput } from './output-writer';
import type { TaskAttemptContextImpl } from './task-context';
import type { TaskSpec } from './task-spec';
import { ProgressReporter, reportInterval, Umbilical } from './umbilical';

/**
 * MapTask: record reader -> map -> (partition, sort buffer, spill, merge) or, for a map-only
 * job, straight to the output format. The same code runs under the LocalJobRunner and under a
 * TaskTracker's child process.
 */
export async function runMapTask(
  spec: TaskSpec,
  conf: Configuration,
  context: TaskAttemptContextImpl,
  umbilical: Umbilical,
): Promise<MapOutputFile | null> {
  const inputFormat = new (JobConf.inputFormat(conf))();
  const split: InputSplit = inputFormat.splitFromJSON(spec.split ?? {});
  const reader = inputFormat.createRecordReader(split, context);
  await reader.initialize(split, context);
  const mapper = new (JobConf.mapper(conf))();
  const reporter = new ProgressReporter(umbilical, context.counters, context.state, reportInterval(conf));
  try {

    let collector: MapOutputCollector<Writable, Writable> | null = null;
    let output: TaskOutput | null = null;
    let write: (k: unknown, v: unknown) => void | Promise<void>;
    if (spec.numReduces === 0) {
      output = await TaskOutput.open(new (JobConf.outputFormat(conf))(), context);
      const w = output.writer;
      let records = 0;
      write = (k, v) => {
        records++;
        context.counters.findCounter(TaskCounter.group, TaskCounter.MAP_OUTPUT_RECORDS).value = records;
        return w.write(k, v);
      };
    } else {
      const keyClass = JobConf.mapOutputKeyClass(conf);
      const valueClass = JobConf.mapOutputValueClass(conf);
      const combinerClass = JobConf.combiner(conf);
      const sortCmp = JobConf.sortComparator(conf);
      const partitioner = new (JobConf.partitioner(conf))();
    if (isConfigurable(partitioner)) await partitioner.configure(conf);
    const sorter = sortCmp ? new sortCmp() : null;
    if (isConfigurable(sorter)) await sorter.configure(conf);
    const c = new MapOutputCollector<Writable, Writable>({
        context,
        numReduces: spec.numReduces,
        outputDir: path.join(spec.workDir, 'output'),
        partitioner: partitioner as never,
        newKey: () => new keyClass(),
        newValue: () => new valueClass(),
        newCombiner: combinerClass ? () => new combinerClass() as Reducer<Writable, Writable, Writable, Writable> : null,
        sortComparator: sorter,
      });
      collector = c;
      write = (k, v) => c.collect(k as Writable, v as Writable);
    }

    let pending: Promise<void> | null = null;
    const mapContext: MapContext<unknown, unknown> = Object.assign(Object.create(context) as MapContext<unknown, unknown>, {
      write: (k: unknown, v: unknown): void | Promise<void> => {
        const r = write(k, v);
        if (r) pending = r;
        return r;
      },
      getInputSplit: () => split,
    });

    const inputRecords = context.counters.findCounter(TaskCounter.group, TaskCounter.MAP_INPUT_RECORDS);
    const progress = () => reader.getProgress();
    const status = () => mapContext.getStatus();
    try {
      await mapper.setup(mapContext);
      while (await reader.nextKeyValue()) {
        inputRecords.value++;
        const r = mapper.map(reader.getCurrentKey(), reader.getCurrentValue(), mapContext);
        if (r) await r;
        if (pending) {
          await pending;
          pending = null;
        }
        if (collector?.needsCheckpoint) await collector.checkpoint();
        reporter.maybeReport(progress, 'MAP', status);
      }
      await mapper.cleanup(mapContext);
      if (pending) await pending;
    } catch (e) {
      await reader.close().catch(() => undefined);
      await output?.abort();
      throw e;
    }
    await reader.close();
    context.counters.findCounter(TaskCounter.group, TaskCounter.SPLIT_RAW_BYTES).increment(JSON.stringify(split.toJSON()).length);
    if (output) {
      reporter.report(1, 'MAP', status());
      await output.commit(umbilical);
      return null;
    }
    reporter.report(1, 'SORT', status());
    return await collector!.close();
  } finally {
    reporter.stop();
  }
}
