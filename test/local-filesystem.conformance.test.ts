import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { LocalFileSystem } from '../common/fs/local-filesystem';
import { fileSystemConformance } from './conformance/filesystem.suite';

fileSystemConformance('file:// (LocalFileSystem)', async () => {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'fs-conformance-'));
  const fs = new LocalFileSystem(new Configuration({ loadSiteFiles: false }));
  return {
    fs,
    root,
    cleanup: () => fsp.rm(root, { recursive: true, force: true }),
  };
});
