import { HadoopError } from '../../common/errors';
import type { Segment } from './ifile';
import { readSpillIndex } from './spill-index';
import type { TaskSpec } from './task-spec';

/**
 * Where a reduce gets its map outputs. The local runner reads them in place from this host's
 * disk; a TaskTracker's reduce fetches them over HTTP into memory or local files first. Either
 * way the merge sees local segments.
 */
export interface ShuffleSource {
  fetch(spec: TaskSpec, onProgress: (fraction: number) => void): Promise<Segment[]>;
}

export const localShuffle: ShuffleSource = {
  async fetch(spec, onProgress) {
    const outputs = spec.mapOutputs ?? [];
    const segments: Segment[] = [];
    outputs.forEach((m, i) => {
      const index = readSpillIndex(m.index);
      const rec = index[spec.partition];
      if (!rec) {
        throw new HadoopError('MR_CORRUPT_MAP_OUTPUT', `Map output ${m.attemptId} has no partition ${spec.partition}`);
      }
      segments.push({ kind: 'file', path: m.file, start: rec.startOffset, length: rec.partLength });
      onProgress((i + 1) / outputs.length);
    });
    return segments;
  },
};
