import { Command, parseOptions, UsageError } from '../command';
import { parseMode, type ModeFunction } from '../chmod-parser';
import type { PathData } from '../path-data';
import { describe, reasonFor } from '../shell-errors';

const NAME_CHARS = '[-_./@a-zA-Z0-9]';
const CHOWN = new RegExp(`^\\s*(${NAME_CHARS}+)?([:](${NAME_CHARS}*))?\\s*$`);
const CHGRP = new RegExp(`^\\s*(${NAME_CHARS}+)\\s*$`);

/** `-chmod [-R] <MODE[,MODE]... | OCTALMODE> PATH...` */
export class Chmod extends Command {
  static readonly usage: string = '[-R] <MODE[,MODE]... | OCTALMODE> PATH...';
  static readonly description: string =
    'Changes permissions of a file. This works similar to the shell\'s chmod command with a few exceptions.\n' +
    '-R:  modifies the files recursively. This is the only option currently supported.\n' +
    '<MODE>:  Mode is the same as mode used for the shell\'s command. The only letters recognized are \'rwxXt\', ' +
    'e.g. +t,a+r,g-w,+rwx,o=r.\n' +
    '<OCTALMODE>:  Mode specified in 3 or 4 digits. If 4 digits, the first may be 1 or 0 to turn the sticky ' +
    'bit on or off, respectively.  Unlike the shell command, it is not possible to specify only part of the mode, ' +
    'e.g. 754 is same as u=rwx,g=rx,o=r.\n\n' +
    'If none of \'augo\' is specified, \'a\' is assumed and unlike the shell command, no umask is applied.';

  private mode!: ModeFunction;

  protected processOptions(args: string[]): void {
    this.recursive = parseOptions(args, 2, Infinity, ['R']).flags.has('R');
    const text = args.shift()!;
    const mode = parseMode(text);
    if (!mode) throw new UsageError(`chmod : mode '${text}' does not match the expected pattern.`);
    this.mode = mode;
  }

  protected async processPath(item: PathData): Promise<void> {
    const st = item.stat!;
    const next = this.mode(st.permission, st.isDirectory);
    if (next === st.permission) return;
    try {
      await item.fs.setPermission(item.path, next);
    } catch (e) {
      throw new Error(`changing permissions of '${item.display}': ${reasonFor(e) ?? describe(e)}`);
    }
  }
}

/** `-chown [-R] [OWNER][:[GROUP]] PATH...`; `-chgrp [-R] GROUP PATH...` is chown with only a group. */
export class Chown extends Command {
  static readonly usage: string = '[-R] [OWNER][:[GROUP]] PATH...';
  static readonly description: string =
    'Changes owner and group of a file. This is similar to the shell\'s chown command with a few exceptions.\n' +
    '-R:  modifies the files recursively. This is the only option currently supported.\n\n' +
    'If only the owner or group is specified, then only the owner or group is modified. The owner and group ' +
    'names may only consist of digits, alphabet, and any of ' +
    NAME_CHARS +
    '. The names are case sensitive.\n\n' +
    'WARNING: Avoid using \'.\' to separate user name and group though Linux allows it. If user names have ' +
    'dots in them and you are using local file system, you might see surprising results since the shell ' +
    'command \'chown\' is used for local files.';

  protected owner: string | null = null;
  protected group: string | null = null;

  protected processOptions(args: string[]): void {
    this.recursive = parseOptions(args, 2, Infinity, ['R']).flags.has('R');
    this.parseOwnerGroup(args.shift()!);
  }

  protected parseOwnerGroup(text: string): void {
    const m = CHOWN.exec(text);
    if (!m) throw new UsageError(`'${text}' does not match expected pattern for [owner][:group].`);
    this.owner = m[1] ?? null;
    this.group = m[3] ? m[3] : null;
    if (this.owner === null && this.group === null) throw new UsageError(`'${text}' does not specify owner or group.`);
  }

  protected async processPath(item: PathData): Promise<void> {
    const st = item.stat!;
    const owner = this.owner === null || this.owner === st.owner ? null : this.owner;
    const group = this.group === null || this.group === st.group ? null : this.group;
    if (owner === null && group === null) return;
    try {
      await item.fs.setOwner(item.path, owner, group);
    } catch (e) {
      throw new Error(`changing ownership of '${item.display}': ${reasonFor(e) ?? describe(e)}`);
    }
  }
}

export class Chgrp extends Chown {
  static override readonly usage: string = '[-R] GROUP PATH...';
  static override readonly description: string =
    'This is equivalent to -chown ... :GROUP ...\n-R:  modifies the files recursively.';

  protected override parseOwnerGroup(text: string): void {
    const m = CHGRP.exec(text);
    if (!m) throw new UsageError(`'${text}' does not match expected pattern for group`);
    this.owner = null;
    this.group = m[1];
  }
}
