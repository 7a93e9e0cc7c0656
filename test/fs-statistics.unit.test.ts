import { expect } from 'chai';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { FileSystem, readFully, statisticsFor, writeFully } from '../common/fs/index';
import { rmrf, tempDir } from './helpers';

describe('FileSystem statistics (FileSystemCounters per scheme)', () => {
  let dir: string;
  before(() => {
    dir = tempDir('fs-stats-');
  });
  after(() => rmrf(dir));

  it('counts the bytes read and written through file://, whole files, ranges, strings and appends', async () => {
    const fs = FileSystem.get(new Configuration({ loadSiteFiles: false }), `file://${dir}/`);
    const stats = statisticsFor('file');
    const before = { ...stats };
    await writeFully(fs, path.join(dir, 'a'), Buffer.alloc(10000, 1));
    const out = await fs.append(path.join(dir, 'a'));
    await new Promise<void>((resolve, reject) => out.end('héllo', (e?: Error | null) => (e ? reject(e) : resolve())));
    expect(stats.bytesWritten - before.bytesWritten).to.equal(10006);
    expect((await readFully(fs, path.join(dir, 'a'))).length).to.equal(10006);
    const parts: Buffer[] = [];
    for await (const c of await fs.open(path.join(dir, 'a'), { start: 100, end: 350, bufferSize: 7 })) parts.push(c as Buffer);
    expect(Buffer.concat(parts).length).to.equal(250);
    expect(stats.bytesRead - before.bytesRead).to.equal(10006 + 250);
  });
});
