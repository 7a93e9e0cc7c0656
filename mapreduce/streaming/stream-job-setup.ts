import * as fs from 'node:fs';
import * as path from 'node:path';
import { Text } from '../../common/io/writables';
import type { Job } from '../api/job';
import { Reducer } from '../api/reducer';
import { FileInputFormat } from '../lib/input/file-input-format';
import { TextInputFormat } from '../lib/input/text-input-format';
import { FileOutputFormat } from '../lib/output/file-output-format';
import { IdentityTextMapper } from './identity-text-mapper';
import { PipeCombiner } from './pipe-combiner';
import { PipeMapper } from './pipe-mapper';
import { PipeReducer } from './pipe-reducer';
import { StreamOptions, StreamUsageError } from './stream-args';
import { inputFormatClass, outputFormatClass, partitionerClass } from './stream-classes';
import { encodeCommand, formatEnvironment, StreamConf, StreamKeys } from './stream-conf';

export const REDUCE_NONE = 'NONE';
const IDENTITY_MAPPERS = new Set(['IdentityMapper', 'org.apache.hadoop.mapred.lib.IdentityMapper']);
const IDENTITY_REDUCERS = new Set(['IdentityReducer', 'org.apache.hadoop.mapred.lib.IdentityReducer']);

/**
 * Hadoop's StreamJob.setJobConf: turns the streaming options into a job. Keys and values are Text
 * throughout; the commands go URL-encoded into stream.{map,combine,reduce}.streamprocessor for
 * PipeMapper, PipeCombiner and PipeReducer. `shippedFiles` are the checked absolute -file paths.
 */
export function configureStreamJob(job: Job, o: StreamOptions, shippedFiles: string[]): void {
  const conf = job.getConfiguration();
  for (const [option, cmd] of [['-reducer', o.reducer], ['-combiner', o.combiner]] as const) {
    if (cmd === 'aggregate') throw new StreamUsageError(`${option} aggregate (Hadoop's Aggregate package) is not supported by this streaming`);
  }
  for (const [k, v] of o.jobconf) conf.set(k, v);
  if (!conf.get('mapred.job.name')) job.setJobName(`streamjob${Date.now()}.jar`);

  for (const input of o.inputs) FileInputFormat.addInputPaths(job, input);
  FileOutputFormat.setOutputPath(job, o.output!);

  const inputFormat = o.inputFormat !== null ? inputFormatClass(o.inputFormat) : TextInputFormat;
  job.setInputFormatClass(inputFormat);
  // the offset key of a text line is not the mapper's business
  if (inputFormat === TextInputFormat) conf.setIfUnset(StreamKeys.MAP_INPUT_IGNORE_KEY, true);
  if (o.outputFormat !== null) job.setOutputFormatClass(outputFormatClass(o.outputFormat));
  if (o.partitioner !== null) job.setPartitionerClass(partitionerClass(o.partitioner));

  job.setMapOutputKeyClass(Text);
  job.setMapOutputValueClass(Text);
  job.setOutputKeyClass(Text);
  job.setOutputValueClass(Text);

  const command = (cmd: string) => encodeCommand(unqualifyIfShipped(cmd, shippedFiles));
  if (o.mapper === null || IDENTITY_MAPPERS.has(o.mapper)) {
    job.setMapperClass(IdentityTextMapper);
  } else {
    conf.set(StreamKeys.MAP_PROCESSOR, command(o.mapper));
    job.setMapperClass(PipeMapper);
  }
  if (o.combiner !== null) {
    conf.set(StreamKeys.COMBINE_PROCESSOR, command(o.combiner));
    job.setCombinerClass(PipeCombiner);
  }
  if (o.reducer === REDUCE_NONE) {
    job.setNumReduceTasks(0);
  } else if (o.reducer === null || IDENTITY_REDUCERS.has(o.reducer)) {
    job.setReducerClass(Reducer);
  } else {
    conf.set(StreamKeys.REDUCE_PROCESSOR, command(o.reducer));
    job.setReducerClass(PipeReducer);
  }
  if (o.numReduceTasks !== null && o.reducer !== REDUCE_NONE) job.setNumReduceTasks(o.numReduceTasks);

  if (o.cmdenv.length > 0) {
    conf.set(StreamKeys.ADD_ENVIRONMENT, formatEnvironment([...StreamConf.addEnvironment(conf), ...o.cmdenv]));
  }
}

/**
 * Hadoop's unqualifyIfLocalPath: a command whose program is one of the shipped files, named by
 * its local path, runs the copy in the task's directory (`/home/me/map.py -v` becomes `map.py -v`).
 */
export function unqualifyIfShipped(cmd: string, shippedFiles: string[]): string {
  const m = /^(\S+)(\s.*)?$/s.exec(cmd);
  if (!m || !m[1].includes('/')) return cmd;
  let canon: string;
  try {
    canon = fs.realpathSync(path.resolve(m[1]));
  } catch {
    return cmd;
  }
  const shipped = shippedFiles.find((f) => {
    try {
      return fs.realpathSync(f) === canon;
    } catch {
      return false;
    }
  });
  return shipped !== undefined ? path.basename(shipped) + (m[2] ?? '') : cmd;
}
