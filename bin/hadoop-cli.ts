import { Configuration } from '../common/conf/configuration';
import { parseGenericOptions } from '../common/conf/generic-options';
import { describeError } from '../common/errors';
import { VERSION } from '../common/home';

/**
 * The `hadoop` command: a thin dispatcher. Each command loads only its own modules so that
 * start-up stays quick.
 */
const USAGE = `Usage: hadoop [--config confdir] COMMAND
where COMMAND is one of:
  namenode -format     format the DFS filesystem
  namenode             run the DFS namenode
  datanode             run a DFS datanode
  dfsadmin             run a DFS admin client
  fsck                 run a DFS filesystem checking utility
  fs                   run a generic filesystem user client
  dfs                  same as fs
  jobtracker           run the MapReduce job Tracker node
  tasktracker          run a MapReduce task Tracker node
  job                  manipulate MapReduce jobs
  minicluster          start a NameNode, DataNodes, a JobTracker and TaskTrackers on free ports
  jar <jar>            run a jar file (a JS module), 'examples' or 'streaming'
  version              print the version
Most commands print help when invoked w/o parameters.`;

type Command = (conf: Configuration, args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Command> = {
  fs: () => require('../dfs/shell/fs-shell').runFsShell,
  dfs: () => require('../dfs/shell/fs-shell').runFsShell,
  jar: () => require('../mapreduce/client/run-jar').runJar,
  namenode: () => require('../dfs/namenode/namenode-main').runNameNode,
  datanode: () => require('../dfs/datanode/datanode-main').runDataNode,
  dfsadmin: () => require('../dfs/tools/dfsadmin').runDfsAdmin,
  fsck: () => require('../dfs/tools/fsck').runFsck,
  jobtracker: () => require('../mapreduce/jobtracker/jobtracker-main').runJobTracker,
  job: () => require('../mapreduce/client/job-command').runJobCommand,
  minicluster: () => require('../dfs/tools/minicluster').runMiniCluster,
  tasktracker: () => require('../mapreduce/tasktracker/tasktracker-main').runTaskTracker,
  version: () => async () => {
    process.stdout.write(`Hadoop ${VERSION}\nTypeScript re-implementation of Hadoop 1 (HDFS + MRv1) on Node.js ${process.version}\n`);
    return 0;
  },
};

export async function main(argv: string[]): Promise<void> {
  let args = argv;
  if (args[0] === '--config') {
    if (!args[1]) return exit(fail('--config needs a directory'));
    process.env.HADOOP_CONF_DIR = args[1];
    args = args.slice(2);
  }
  const name = args[0];
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stderr.write(USAGE + '\n');
    return exit(name ? 0 : 1);
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`hadoop: unknown command '${name}'\n${USAGE}\n`);
    return exit(1);
  }
  try {
    const conf = new Configuration();
    const rest = name === 'jar' ? args.slice(1) : parseGenericOptions(conf, args.slice(1));
    exit(await load()(conf, rest));
  } catch (e) {
    if (process.env.HADOOP_DEBUG) console.error(e);
    exit(fail(describeError(e)));
  }
}

function fail(msg: string): number {
  process.stderr.write(`hadoop: ${msg}\n`);
  return 1;
}

function exit(code: number): void {
  // let pending stdout writes (a large `fs -cat`) drain before exiting
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  else process.stdout.once('drain', () => process.exit(code));
}
