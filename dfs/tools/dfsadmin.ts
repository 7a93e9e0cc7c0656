import type { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import type { DatanodeInfo, SafeModeAction } from '../protocol/types';
import type { DistributedFileSystem } from '../client/distributed-file-system';
import { byteDesc, distributedFileSystem, javaDate, limitDecimalTo2 } from './tool-support';

const COMMANDS: Record<string, string> = {
  '-report': '[-report]',
  '-safemode': '[-safemode enter | leave | get | wait]',
  '-refreshNodes': '[-refreshNodes]',
  '-help': '[-help [cmd]]',
};

const HELP: Record<string, string> = {
  '-report': '-report: \tReports basic filesystem information and statistics.\n',
  '-safemode':
    '-safemode <enter|leave|get|wait>:  Safe mode maintenance command.\n' +
    '\t\tSafe mode is a Namenode state in which it\n' +
    '\t\t\t1.  does not accept changes to the name space (read-only)\n' +
    '\t\t\t2.  does not replicate or delete blocks.\n' +
    '\t\tSafe mode is entered automatically at Namenode startup, and\n' +
    '\t\tleaves safe mode automatically when the configured minimum\n' +
    '\t\tpercentage of blocks satisfies the minimum replication\n' +
    '\t\tcondition.  Safe mode can also be entered manually, but then\n' +
    '\t\tit can only be turned off manually as well.\n',
  '-refreshNodes':
    '-refreshNodes: \tUpdates the set of hosts allowed to connect to namenode.\n\n' +
    '\t\tRe-reads the config file to update values defined by \n' +
    '\t\tdfs.hosts and dfs.host.exclude and reads the \n' +
    '\t\tentires (hostnames) in those files.\n\n' +
    '\t\tEach entry not defined in dfs.hosts but in \n' +
    '\t\tdfs.hosts.exclude is decommissioned. Each entry defined \n' +
    '\t\tin dfs.hosts and also in dfs.host.exclude is stop from \n' +
    '\t\tdecommissioning if it has aleady been marked for decommission.\n' +
    '\t\tEntires not present in both the lists are decommissioned.\n',
  '-help': '-help [cmd]: \tDisplays help for the given command or all commands if none\n\t\tis specified.\n',
};

function usage(cmd?: string): string {
  if (cmd && COMMANDS[cmd]) return `Usage: hadoop dfsadmin [${COMMANDS[cmd].slice(1, -1)}]\n`;
  return `Usage: hadoop dfsadmin\n${Object.values(COMMANDS)
    .map((c) => `           ${c}\n`)
    .join('')}`;
}

/**
 * `hadoop dfsadmin -report | -safemode enter|leave|get|wait | -refreshNodes | -help`, with
 * Hadoop 1's output. Exit 0 on success; -1 (255) for a bad command line or a failed call, whose
 * message is printed as `<command>: <message>`.
 */
export async function runDfsAdmin(conf: Configuration, args: string[]): Promise<number> {
  const cmd = args[0];
  if (!cmd) {
    process.stderr.write(usage());
    return -1;
  }
  if (!COMMANDS[cmd]) {
    process.stderr.write(`${cmd.replace(/^-/, '')}: Unknown command\n${usage()}`);
    return -1;
  }
  const arity: Record<string, [number, number]> = { '-report': [0, 0], '-safemode': [1, 1], '-refreshNodes': [0, 0], '-help': [0, 1] };
  const [min, max] = arity[cmd];
  const rest = args.slice(1);
  if (rest.length < min || rest.length > max || (cmd === '-safemode' && !['enter', 'leave', 'get', 'wait'].includes(rest[0]))) {
    process.stderr.write(usage(cmd));
    return -1;
  }
  if (cmd === '-help') {
    const topic = rest[0] ? (rest[0].startsWith('-') ? rest[0] : '-' + rest[0]) : undefined;
    process.stdout.write(topic && HELP[topic] ? HELP[topic] : usage() + '\n' + Object.values(HELP).join('\n'));
    return 0;
  }
  try {
    const fs = distributedFileSystem(conf);
    if (cmd === '-report') await report(fs);
    else if (cmd === '-safemode') await safeMode(fs, rest[0] as SafeModeAction | 'wait');
    else {
      await fs.refreshNodes();
      process.stdout.write('Refresh nodes successful\n');
    }
    return 0;
  } catch (e) {
    process.stderr.write(`${cmd.slice(1)}: ${describeError(e)}\n`);
    return -1;
  }
}

async function safeMode(fs: DistributedFileSystem, action: SafeModeAction | 'wait'): Promise<void> {
  if (action === 'wait') {
    while ((await fs.setSafeMode('get')).on) await new Promise((r) => setTimeout(r, 1000));
    process.stdout.write('Safe mode is OFF\n');
    return;
  }
  const status = await fs.setSafeMode(action);
  process.stdout.write(`Safe mode is ${status.on ? 'ON' : 'OFF'}\n`);
}

const withDesc = (n: number) => `${n} (${byteDesc(n)})`;
/** Hadoop's percentages: used is 100% and remaining 0% of no capacity. */
const pct = (part: number, whole: number, none = 100) => limitDecimalTo2(whole <= 0 ? none : (part * 100) / whole) + '%';

async function report(fs: DistributedFileSystem): Promise<void> {
  const [stats, mode, live, dead] = await Promise.all([fs.getStats(), fs.setSafeMode('get'), fs.datanodeReport('live'), fs.datanodeReport('dead')]);
  const present = stats.used + stats.remaining;
  const lines: string[] = [];
  if (mode.on) lines.push('Safe mode is ON');
  lines.push(
    `Configured Capacity: ${withDesc(stats.capacity)}`,
    `Present Capacity: ${withDesc(present)}`,
    `DFS Remaining: ${withDesc(stats.remaining)}`,
    `DFS Used: ${withDesc(stats.used)}`,
    `DFS Used%: ${present <= 0 ? '0%' : pct(stats.used, present)}`,
    `Under replicated blocks: ${stats.underReplicatedBlocks}`,
    `Blocks with corrupt replicas: ${stats.corruptBlocks}`,
    `Missing blocks: ${stats.missingBlocks}`,
    '',
    '-------------------------------------------------',
    `Datanodes available: ${live.length} (${live.length + dead.length} total, ${dead.length} dead)`,
    '',
  );
  for (const dn of [...live, ...dead]) lines.push(datanodeReport(dn), '');
  process.stdout.write(lines.join('\n') + '\n');
}

/** Hadoop 1's DatanodeInfo.getDatanodeReport. */
export function datanodeReport(dn: DatanodeInfo): string {
  const nonDfsUsed = Math.max(0, dn.capacity - dn.dfsUsed - dn.remaining);
  const lines = [`Name: ${dn.name}`];
  if (dn.rack && dn.rack !== '/default-rack') lines.push(`Rack: ${dn.rack}`);
  lines.push(
    `Decommission Status : ${dn.adminState}`,
    `Configured Capacity: ${withDesc(dn.capacity)}`,
    `DFS Used: ${withDesc(dn.dfsUsed)}`,
    `Non DFS Used: ${withDesc(nonDfsUsed)}`,
    `DFS Remaining: ${withDesc(dn.remaining)}`,
    `DFS Used%: ${pct(dn.dfsUsed, dn.capacity)}`,
    `DFS Remaining%: ${pct(dn.remaining, dn.capacity, 0)}`,
    `Last contact: ${javaDate(dn.lastContact)}`,
  );
  return lines.join('\n');
}
