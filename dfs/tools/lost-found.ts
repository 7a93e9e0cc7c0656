import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { closeStream } from '../../common/fs/filesystem';
import type { DistributedFileSystem } from '../client/distributed-file-system';
import { withLastBlock } from '../client/dfs-input-stream';

export const LOST_FOUND = '/lost+found';

/**
 * fsck -move (Hadoop's NamenodeFsck.lostFoundMove): what can still be read of a corrupt file is
 * saved under /lost+found/<its path>/ as numbered files, one per run of consecutive readable
 * blocks (a missing or corrupt block, or one that fails to copy, ends a run), and then the file
 * is deleted. Done by the fsck client, so the NameNode never reads data.
 */
export async function lostFoundMove(fs: DistributedFileSystem, path: string, warn: (msg: string) => void): Promise<void> {
  const target = LOST_FOUND + path;
  const { located } = await fs.client.call('getBlockLocations', { path, offset: 0, length: Number.MAX_SAFE_INTEGER });
  await fs.mkdirs(target);
  let chain = 0;
  let out: Writable | null = null;
  const endChain = async () => {
    if (out) await closeStream(out);
    out = null;
  };
  for (const lb of withLastBlock(located)) {
    if (lb.locations.length === 0 || lb.corrupt) {
      await endChain();
      continue;
    }
    const to: Writable = (out ??= await fs.create(`${target}/${chain++}`, { overwrite: true }));
    try {
      // copied by hand: a failed read must leave the chain file open to be closed with what it got
      for await (const chunk of await fs.open(path, { start: lb.offset, end: lb.offset + lb.block.numBytes })) {
        if (!to.write(chunk)) await once(to, 'drain');
      }
    } catch (e) {
      warn(`could not copy block blk_${lb.block.blockId} to ${target}: ${(e as Error).message}`);
      await endChain();
    }
  }
  await endChain();
  await fs.delete(path, true);
}
