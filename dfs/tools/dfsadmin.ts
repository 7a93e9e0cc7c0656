import * as dns from 'node:dns/promises';
import type { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import type { DatanodeInfo, SafeModeAction } from '../protocol/types';
import type { DistributedFileSystem } from '../client/distributed-file-system';
import { byteDesc, distributedFileSystem, javaDate, limitDecimalTo2 } from './tool-support';

const COMMANDS: Record<string, string> = {
  '-report': '[-report]',
  '-safemode': '[-safemode enter | leave | get | wait]',
  '-refreshNodes': '[-refreshNodes]',
  '-printTopology': '[-printTopology]',
  '-setQuota': '[-setQuota <quota> <dirname>...<dirname>]',
  '-clrQuota': '[-clrQuota <dirname>...<dirname>]',
  '-setSpaceQuota': '[-setSpaceQuota <quota> <dirname>...<dirname>]',
  '-clrSpaceQuota': '[-clrSpaceQuota <dirname>...<dirname>]',
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
  '-printTopology': '-printTopology: Print a tree of the racks and their\n\t\tnodes as reported by the Namenode\n',
  '-setQuota':
    '-setQuota <quota> <dirname>...<dirname>: Set the quota <quota> for each directory <dirName>.\n' +
    '\t\tThe directory quota is a long integer that puts a hard limit\n' +
    '\t\ton the number of names in the directory tree\n' +
    '\t\tBest effort for the directory, with faults reported if\n' +
    '\t\t1. N is not a positive integer, or\n' +
    '\t\t2. user is not an administrator, or\n' +
    '\t\t3. the directory does not exist or is a file, or\n',
  '-clrQuota':
    '-clrQuota <dirname>...<dirname>: Clear the quota for each directory <dirName>.\n' +
    '\t\tBest effort for the directory. with fault reported if\n' +
    '\t\t1. the directory does not exist or is a file, or\n' +
    '\t\t2. user is not an administrator.\n' +
    '\t\tIt does not fault if the directory has no quota.\n',
  '-setSpaceQuota':
    '-setSpaceQuota <quota> <dirname>...<dirname>: Set the disk space quota <quota> for each directory <dirName>.\n' +
    '\t\tThe space quota is a long integer that puts a hard limit\n' +
    '\t\ton the total size of all the files under the directory tree.\n' +
    '\t\tThe extra space required for replication is also counted. E.g.\n' +
    '\t\ta 1GB file with replication of 3 consumes 3GB of the quota.\n\n' +
    '\t\tQuota can also be specified with a binary prefix for terabytes,\n' +
    '\t\tpetabytes etc (e.g. 50t is 50TB, 5m is 5MB, 3p is 3PB).\n' +
    '\t\tBest effort for the directory, with faults reported if\n' +
    '\t\t1. N is not a positive integer, or\n' +
    '\t\t2. user is not an administrator, or\n' +
    '\t\t3. the directory does not exist or is a file, or\n',
  '-clrSpaceQuota':
    '-clrSpaceQuota <dirname>...<dirname>: Clear the disk space quota for each directory <dirName>.\n' +
    '\t\tBest effort for the directory. with fault reported if\n' +
    '\t\t1. the directory does not exist or is a file, or\n' +
    '\t\t2. user is not an administrator.\n' +
    '\t\tIt does not fault if the directory has no quota.\n',
  '-help': '-help [cmd]: \tDisplays help for the given command or all commands if none\n\t\tis specified.\n',
};

function usage(cmd?: string): string {
  if (cmd && COMMANDS[cmd]) return `Usage: hadoop dfsadmin [${COMMANDS[cmd].slice(1, -1)}]\n`;
  return `Usage: hadoop dfsadmin\n${Object.values(COMMANDS)
    .map((c) => `           ${c}\n`)
    .join('')}`;
}

/**
 * `hadoop dfsadmin -report | -safemode enter|leave|get|wait | -refreshNodes | -printTopology | -setQuota |
 * -clrQuota | -setSpaceQuota | -clrSpaceQuota | -help`, with
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
  const many = Number.MAX_SAFE_INTEGER;
  const arity: Record<string, [number, number]> = {
    '-report': [0, 0],
    '-safemode': [1, 1],
    '-refreshNodes': [0, 0],
    '-printTopology': [0, 0],
    '-setQuota': [2, many],
    '-clrQuota': [1, many],
    '-setSpaceQuota': [2, many],
    '-clrSpaceQuota': [1, many],
    '-help': [0, 1],
  };
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
  if (QUOTA_COMMANDS.has(cmd)) return quotaCommand(conf, cmd, rest);
  try {
    const fs = distributedFileSystem(conf);
    if (cmd === '-report') await report(fs);
    else if (cmd === '-safemode') await safeMode(fs, rest[0] as SafeModeAction | 'wait');
    else if (cmd === '-printTopology') await printTopology(fs);
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

const QUOTA_COMMANDS = new Set(['-setQuota', '-clrQuota', '-setSpaceQuota', '-clrSpaceQuota']);

/**
 * -setQuota N DIR..., -clrQuota DIR..., -setSpaceQuota N DIR..., -clrSpaceQuota DIR...: best
 * effort over the directories, as Hadoop's: each failure is one line, the rest go on, and the
 * exit code is -1 if any failed. A space quota may carry a binary prefix (10m, 2g, 1t).
 */
async function quotaCommand(conf: Configuration, cmd: string, args: string[]): Promise<number> {
  const name = cmd.slice(1);
  const setting = cmd.startsWith('-set');
  const space = cmd.endsWith('SpaceQuota');
  let value = -1;
  if (setting) {
    value = space ? parseBinaryPrefixed(args[0]) : /^\d+$/.test(args[0]) ? Number(args[0]) : NaN;
    if (!Number.isSafeInteger(value) || value <= 0) {
      process.stderr.write(`${name}: Invalid values for quota : ${args[0]}\n${usage(cmd)}`);
      return -1;
    }
  }
  const fs = distributedFileSystem(conf);
  let code = 0;
  for (const dir of setting ? args.slice(1) : args) {
    try {
      await fs.setQuota(dir, space ? null : value, space ? value : null);
    } catch (e) {
      process.stderr.write(`${name}: ${describeError(e)}\n`);
      code = -1;
    }
  }
  return code;
}

/** Hadoop's TraditionalBinaryPrefix.string2long: 5m = 5 * 2^20, 50t, 3p; a plain number as it is. */
export function parseBinaryPrefixed(s: string): number {
  const m = /^(\d+)([kmgtpe]?)$/i.exec(s.trim());
  if (!m) return NaN;
  const power = 'kmgtpe'.indexOf(m[2].toLowerCase()) + 1;
  return Number(m[1]) * 2 ** (10 * power);
}

/** Hadoop's -printTopology: each rack, then its live DataNodes with their host names where known. */
async function printTopology(fs: DistributedFileSystem): Promise<void> {
  const racks = new Map<string, string[]>();
  for (const dn of await fs.datanodeReport('live')) racks.set(dn.rack, [...(racks.get(dn.rack) ?? []), dn.name]);
  const lines: string[] = [];
  for (const rack of [...racks.keys()].sort()) {
    lines.push(`Rack: ${rack}`);
    for (const name of racks.get(rack)!.sort()) {
      const host = await hostNameOf(name);
      lines.push(`   ${name}${host ? ` (${host})` : ''}`);
    }
    lines.push('');
  }
  process.stdout.write(lines.map((l) => l + '\n').join(''));
}

/** The host name of host:port's address (getnameinfo, /etc/hosts included), or null within a second. */
async function hostNameOf(name: string): Promise<string | null> {
  const i = name.lastIndexOf(':');
  const lookup = dns.lookupService(name.slice(0, i).replace(/^\[(.*)\]$/, '$1'), Number(name.slice(i + 1))).then(
    (r) => r.hostname,
    () => null,
  );
  const timeout = new Promise<null>((resolve) => setTimeout(resolve, 1000, null).unref());
  return Promise.race([lookup, timeout]);
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
