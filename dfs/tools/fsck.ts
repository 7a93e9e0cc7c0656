import type { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import { lostFoundMove } from './lost-found';
import { distributedFileSystem } from './tool-support';

export const FSCK_USAGE = `Usage: DFSck <path> [-move | -delete | -openforwrite] [-files [-blocks [-locations | -racks]]]
\t<path>\tstart checking from this path
\t-move\tmove corrupted files to /lost+found
\t-delete\tdelete corrupted files
\t-files\tprint out files being checked
\t-openforwrite\tprint out files opened for write
\t-blocks\tprint out block report
\t-locations\tprint out locations for every block
\t-racks\tprint out network topology for data-node locations
`;

/**
 * `hadoop fsck <path> [-move | -delete | -openforwrite] [-files] [-blocks] [-locations] [-racks]`:
 * prints the NameNode's report of the files under path; then -move saves what is readable of
 * each corrupt file under /lost+found and deletes it, -delete deletes them (files being written
 * are left alone). Exit 0 when the path was HEALTHY, 1 when it was CORRUPT (missing or corrupt
 * blocks) or does not exist, -1 for a bad command line or an unreachable NameNode.
 */
export async function runFsck(conf: Configuration, args: string[]): Promise<number> {
  if (args.length === 0) {
    process.stderr.write(FSCK_USAGE);
    return -1;
  }
  const opts = { files: false, blocks: false, locations: false, racks: false, openForWrite: false };
  let fixing: 'move' | 'delete' | null = null;
  let path = '/';
  for (const a of args) {
    if (a === '-files') opts.files = true;
    else if (a === '-blocks') opts.blocks = true;
    else if (a === '-locations') opts.locations = true;
    else if (a === '-racks') opts.racks = true;
    else if (a === '-openforwrite') opts.openForWrite = true;
    else if (a === '-move') fixing = 'move';
    else if (a === '-delete') fixing = 'delete';
    else if (a.startsWith('-')) {
      process.stderr.write(`fsck: Illegal option '${a}'\n${FSCK_USAGE}`);
      return -1;
    } else path = a;
  }
  try {
    const fs = distributedFileSystem(conf);
    const { report, healthy, corruptFiles } = await fs.fsck(path, opts);
    process.stdout.write(report.endsWith('\n') ? report : report + '\n');
    for (const file of fixing ? corruptFiles : []) {
      try {
        if (fixing === 'move') await lostFoundMove(fs, file, (msg) => process.stderr.write(`fsck: ${msg}\n`));
        else await fs.delete(file, true);
      } catch (e) {
        process.stderr.write(`fsck: Failed to ${fixing} ${file}: ${describeError(e)}\n`);
      }
    }
    return healthy ? 0 : 1;
  } catch (e) {
    process.stderr.write(`fsck: ${describeError(e)}\n`);
    return -1;
  }
}
