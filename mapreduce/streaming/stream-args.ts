import { HadoopError } from '../../common/errors';

/** What `hadoop jar streaming [generic options] [streaming options]` asked for. */
export interface StreamOptions {
  inputs: string[];
  output: string | null;
  mapper: string | null;
  combiner: string | null;
  reducer: string | null;
  files: string[];
  numReduceTasks: number | null;
  inputFormat: string | null;
  outputFormat: string | null;
  partitioner: string | null;
  cmdenv: Array<[string, string]>;
  jobconf: Array<[string, string]>;
  verbose: boolean;
  /** -info or -help: print the usage and stop. */
  help: boolean;
}

/** A mistake on the command line: the driver prints it with a pointer to -help. */
export class StreamUsageError extends HadoopError {
  constructor(message: string) {
    super('STREAM_USAGE', message);
  }
}

const SINGLE = {
  '-output': 'output',
  '-mapper': 'mapper',
  '-combiner': 'combiner',
  '-reducer': 'reducer',
  '-inputformat': 'inputFormat',
  '-outputformat': 'outputFormat',
  '-partitioner': 'partitioner',
} as const;

const GENERIC = new Set(['-D', '-conf', '-fs', '-jt', '-files', '-libjars', '-archives']);
const UNSUPPORTED = new Set([
  '-inputreader',
  '-mapdebug',
  '-reducedebug',
  '-io',
  '-cacheFile',
  '-cacheArchive',
  '-lazyOutput',
  '-background',
  '-inputtagged',
]);

/** Parses the streaming options (generic options have been taken off the front already). */
export function parseStreamArgs(args: string[]): StreamOptions {
  const o: StreamOptions = {
    inputs: [],
    output: null,
    mapper: null,
    combiner: null,
    reducer: null,
    files: [],
    numReduceTasks: null,
    inputFormat: null,
    outputFormat: null,
    partitioner: null,
    cmdenv: [],
    jobconf: [],
    verbose: false,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      if (i + 1 >= args.length) throw new StreamUsageError(`Missing argument for option: ${a.slice(1)}`);
      return args[++i];
    };
    if (a === '-info' || a === '-help') o.help = true;
    else if (a === '-verbose') o.verbose = true;
    else if (a === '-debug') continue;
    else if (a === '-input') o.inputs.push(value());
    else if (a === '-file') o.files.push(value());
    else if (a === '-cmdenv') o.cmdenv.push(nameValue(value()));
    else if (a === '-jobconf') o.jobconf.push(nameValue(value()));
    else if (a === '-dfs') o.jobconf.push(['fs.default.name', value()]);
    else if (a === '-numReduceTasks') {
      if (o.numReduceTasks !== null) throw new StreamUsageError('Can only have one -numReduceTasks option');
      const v = value();
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
        throw new StreamUsageError(`-numReduceTasks: '${v}' is not a non-negative integer`);
      }
      o.numReduceTasks = Number(v);
    } else if (Object.hasOwn(SINGLE, a)) {
      const field = SINGLE[a as keyof typeof SINGLE];
      if (o[field] !== null) throw new StreamUsageError(`Can only have one ${a} option`);
      o[field] = value();
    } else if (GENERIC.has(a) || a.startsWith('-D')) {
      throw new StreamUsageError(`Generic option ${a.startsWith('-D') ? '-D' : a} must come before the streaming options`);
    } else if (UNSUPPORTED.has(a)) {
      throw new StreamUsageError(`Option ${a} is not supported by this streaming`);
    } else {
      throw new StreamUsageError(a.startsWith('-') ? `Unrecognized option: ${a}` : `Unexpected argument: ${a}`);
    }
  }
  return o;
}

/** Checks what a job needs; -info/-help needs nothing. */
export function checkRequired(o: StreamOptions): void {
  if (o.inputs.length === 0) throw new StreamUsageError('Required argument: -input <name>');
  if (o.output === null) throw new StreamUsageError('Required argument: -output <name>');
}

function nameValue(spec: string): [string, string] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new StreamUsageError(`Invalid name=value spec: ${spec}`);
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

export const USAGE = `Usage: hadoop jar streaming [genericOptions] [streamingOptions]
Options:
  -input          <path>                   DFS input file(s) for the Map step
  -output         <path>                   DFS output directory for the Reduce step
  -mapper         <cmd>                    Optional. Command to be run as mapper
  -combiner       <cmd>                    Optional. Command to be run as combiner
  -reducer        <cmd|NONE>               Optional. Command to be run as reducer
  -file           <file>                   Optional. File to be shipped in the Job jar file
  -inputformat    TextInputFormat(default)|KeyValueTextInputFormat|SequenceFileInputFormat|
                  SequenceFileAsTextInputFormat|module.js#Class   Optional. The input format class
  -outputformat   TextOutputFormat(default)|SequenceFileOutputFormat|module.js#Class
                                           Optional. The output format class
  -partitioner    HashPartitioner|KeyFieldBasedPartitioner|module.js#Class
                                           Optional. The partitioner class
  -numReduceTasks <num>                    Optional. Number of reduce tasks
  -cmdenv         <n>=<v>                  Optional. Pass env.var to streaming commands
  -jobconf        <n>=<v>                  Optional. Add or override a JobConf property (deprecated, use -D)
  -verbose                                 Optional. Print the job's streaming settings
  -info, -help                             Print this help

Generic options supported are
-conf <configuration file>     specify an application configuration file
-D <property=value>            use value for given property
-fs <local|namenode:port>      specify a namenode
-jt <local|jobtracker:port>    specify a job tracker

Generic options must be placed before the streaming options.
`;

export const DETAILED_USAGE = `${USAGE}
Commands run with /bin/sh -c in a working directory of the task attempt that holds the -file
files; a command's first word that names a shipped file runs that file.
In -input: globbing on <path> is supported and can have multiple -input.
Map input: a line per record; for TextInputFormat the line alone, otherwise key TAB value.
Map output, reduce input and output: a line per record, the key up to the first TAB
  (stream.map.output.field.separator, stream.num.map.output.key.fields and the reduce ones),
  a line without a TAB is all key with an empty value.
To skip the reduce step: -reducer NONE or -numReduceTasks 0 (output goes to part-m-NNNNN).
The job configuration is in each command's environment, names with every character outside
  [A-Za-z0-9] turned into _ (mapred_task_id, map_input_file, ...), plus TMPDIR and -cmdenv pairs.
A command reports on stderr: reporter:counter:<group>,<counter>,<amount> and
  reporter:status:<message>. A non-zero exit fails the task unless
  -D stream.non.zero.exit.is.failure=false.

Example: hadoop jar streaming -input in -output out -mapper cat -reducer 'wc -l'
`;
