import type { Configuration } from '../../common/conf/configuration';
import { describeError } from '../../common/errors';
import { distributedFileSystem } from './tool-support';

export const FSCK_USAGE = `Usage: DFSck <path> [-files [-blocks [-locations | -racks]]]
\t<path>\tstart checking from this path
\t-files\tprint out files being checked
\t-blocks\tprint out block report
\t-locations\tprint out locations for every block
\t-racks\tprint out network topology for data-node locations
`;

/**
 * `hadoop fsck <path> [-files] [-blocks] [-locations] [-racks]`: prints the NameNode's report of
 * the files under path. Exit 0 when the path is HEALTHY, 1 when it is CORRUPT (missing or
 * corrupt blocks) or does not exist, -1 for a bad command line or an unreachable NameNode.
 */
export async function runFsck(conf: Configuration, args: string[]): Promise<number> {
  if (args.length === 0) {
    process.stderr.write(FSCK_USAGE);
    return -1;
  }
  const opts = { files: false, blocks: false, locations: false, racks: false };
  let path = '/';
  for (const a of args) {
    if (a === '-files') opts.files = true;
    else if (a === '-blocks') opts.blocks = true;
    else if (a === '-locations') opts.locations = true;
    else if (a === '-racks') opts.racks = true;
    else if (a === '-openforwrite') continue;
    else if (a.startsWith('-')) {
      process.stderr.write(`fsck: Illegal option '${a}'\n${FSCK_USAGE}`);
      return -1;
    } else path = a;
  }
  try {
    const fs = distributedFileSystem(conf);
    const { report, healthy } = await fs.fsck(path, opts);
    process.stdout.write(report.endsWith('\n') ? report : report + '\n');
    return healthy ? 0 : 1;
  } catch (e) {
    process.stderr.write(`fsck: ${describeError(e)}\n`);
    return -1;
  }
}
