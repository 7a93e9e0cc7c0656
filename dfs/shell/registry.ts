import type { CommandClass } from './command';

/**
 * Every `hadoop fs` command and the module that implements it, loaded only when used so that
 * a command starts quickly. Aliases share a class; the name as invoked prefixes error lines.
 */
const COMMANDS: Record<string, () => CommandClass> = {
  '-appendToFile': () => require('./commands/merge').AppendToFile,
  '-cat': () => require('./commands/display').Cat,
  '-checksum': () => require('./commands/display').Checksum,
  '-chgrp': () => require('./commands/permissions').Chgrp,
  '-chmod': () => require('./commands/permissions').Chmod,
  '-chown': () => require('./commands/permissions').Chown,
  '-copyFromLocal': () => require('./commands/copy').Put,
  '-copyToLocal': () => require('./commands/copy').Get,
  '-count': () => require('./commands/usage').Count,
  '-cp': () => require('./commands/copy').Cp,
  '-df': () => require('./commands/usage').Df,
  '-du': () => require('./commands/usage').Du,
  '-dus': () => require('./commands/usage').Dus,
  '-expunge': () => require('./commands/delete').Expunge,
  '-find': () => require('./commands/find').Find,
  '-get': () => require('./commands/copy').Get,
  '-getmerge': () => require('./commands/merge').GetMerge,
  '-head': () => require('./commands/display').Head,
  '-help': () => require('./commands/help').Help,
  '-ls': () => require('./commands/ls').Ls,
  '-lsr': () => require('./commands/ls').Lsr,
  '-mkdir': () => require('./commands/create').Mkdir,
  '-moveFromLocal': () => require('./commands/copy').MoveFromLocal,
  '-mv': () => require('./commands/move').Mv,
  '-put': () => require('./commands/copy').Put,
  '-rm': () => require('./commands/delete').Rm,
  '-rmdir': () => require('./commands/delete').Rmdir,
  '-rmr': () => require('./commands/delete').Rmr,
  '-setrep': () => require('./commands/setrep').SetReplication,
  '-stat': () => require('./commands/stat').Stat,
  '-tail': () => require('./commands/display').Tail,
  '-test': () => require('./commands/stat').Test,
  '-text': () => require('./commands/display').Text,
  '-touchz': () => require('./commands/create').Touchz,
  '-usage': () => require('./commands/help').Usage,
};

export function commandClass(name: string): CommandClass | null {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name]() : null;
}

/** All command names, with the dash, sorted as Hadoop sorts them (by code unit). */
export function commandNames(): string[] {
  return Object.keys(COMMANDS).sort();
}

export function usageLine(name: string, cls: CommandClass): string {
  return cls.usage ? `${name} ${cls.usage}` : name;
}

/** Hadoop's `hadoop fs` usage: every command on its own line. */
export function fullUsage(): string {
  const lines = ['Usage: hadoop fs [generic options]'];
  for (const name of commandNames()) lines.push(`\t[${usageLine(name, commandClass(name)!)}]`);
  lines.push(
    '',
    'Generic options supported are',
    '-conf <configuration file>     specify an application configuration file',
    '-D <property=value>            use value for given property',
    '-fs <local|namenode:port>      specify a namenode',
    '-jt <local|jobtracker:port>    specify a job tracker',
    '',
    'The general command line syntax is',
    'bin/hadoop command [genericOptions] [commandOptions]',
    '',
  );
  return lines.join('\n');
}
