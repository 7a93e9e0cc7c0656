import { expect } from 'chai';
import type { HdfsFileStatus } from '../dfs/protocol/types';
import { codeOf, errorOf, NameNodeHarness, quietLogs } from './namenode.fixtures';

describe('NameNode namespace operations (in-process, HDFS semantics)', function () {
  this.timeout(20000);
  let h: NameNodeHarness;

  before(() => quietLogs.before());
  after(() => quietLogs.after());

  beforeEach(async function () {
    h = await NameNodeHarness.start();
  });

  afterEach(async function () {
    await h.stop();
  });

  const names = (l: HdfsFileStatus[]) => l.map((s) => s.path);
  const list = async (p: string) => names((await h.call('getListing', { path: p })).statuses);
  const stat = async (p: string) => (await h.call('getFileInfo', { path: p })).status;

  it('mkdirs creates parents, is idempotent, and takes the owner from the request', async function () {
    await h.call('mkdirs', { path: '/a/b/c', permission: 0o750, owner: 'alice' });
    await h.call('mkdirs', { path: '/a/b/c', permission: 0o750 });
    const c = (await stat('/a/b/c'))!;
    expect([c.isDirectory, c.permission, c.owner, c.group, c.length]).to.deep.equal([true, 0o750, 'alice', 'supergroup', 0]);
    // ancestors take their parent's permission (Hadoop 1)
    expect((await stat('/a'))!.permission).to.equal(0o755);
    expect(await list('/')).to.deep.equal(['/a']);
    expect(await list('/a/b')).to.deep.equal(['/a/b/c']);
  });

  it('mkdirs over a file is FS_FILE_EXISTS, under a file FS_PARENT_NOT_DIRECTORY', async function () {
    await h.touch('/f');
    expect(await errorOf(h.call('mkdirs', { path: '/f', permission: 0o755 }))).to.deep.equal({ code: 'FS_FILE_EXISTS', message: '/f: File exists' });
    expect(await codeOf(h.call('mkdirs', { path: '/f/sub', permission: 0o755 }))).to.equal('FS_PARENT_NOT_DIRECTORY');
    expect(await codeOf(h.call('mkdirs', { path: '/f/sub/deeper', permission: 0o755 }))).to.equal('FS_PARENT_NOT_DIRECTORY');
    expect(await list('/')).to.deep.equal(['/f']);
  });

  it('create makes parents, is visible at once with length 0, and closes with complete', async function () {
    const { status } = await h.call('create', {
      path: '/x/y/f',
      clientName: 'DFSClient_a',
      overwrite: false,
      replication: 2,
      blockSize: 4096,
      permission: 0o640,
      owner: 'bob',
    });
    expect(status).to.include({ path: '/x/y/f', length: 0, isDirectory: false, replication: 2, blockSize: 4096, permission: 0o640, owner: 'bob', group: 'supergroup' });
    expect((await h.call('getBlockLocations', { path: '/x/y/f', offset: 0, length: 10 })).located.underConstruction).to.equal(true);
    expect(await h.call('complete', { path: '/x/y/f', clientName: 'DFSClient_a', last: null })).to.deep.equal({ complete: true });
    expect((await h.call('getBlockLocations', { path: '/x/y/f', offset: 0, length: 10 })).located).to.deep.equal({
      fileLength: 0,
      underConstruction: false,
      blocks: [],
      lastBlock: null,
    });
    expect((await stat('/x/y'))!.isDirectory).to.equal(true);
  });

  it('create refuses an existing file without overwrite, a directory always, and a path under a file', async function () {
    await h.touch('/f');
    await h.call('mkdirs', { path: '/d', permission: 0o755 });
    const req = { clientName: 'DFSClient_b', replication: 1, blockSize: 1024, permission: 0o644 };
    expect(await errorOf(h.call('create', { ...req, path: '/f', overwrite: false }))).to.deep.equal({ code: 'FS_FILE_EXISTS', message: '/f: File exists' });
    expect(await codeOf(h.call('create', { ...req, path: '/d', overwrite: true }))).to.equal('FS_IS_DIRECTORY');
    expect(await codeOf(h.call('create', { ...req, path: '/f/child', overwrite: false }))).to.equal('FS_PARENT_NOT_DIRECTORY');
    expect(await codeOf(h.call('create', { ...req, path: '/f/sub/child', overwrite: false }))).to.equal('FS_PARENT_NOT_DIRECTORY');
    expect(await codeOf(h.call('create', { ...req, path: '/', overwrite: true }))).to.equal('FS_IS_DIRECTORY');
    const { status } = await h.call('create', { ...req, path: '/f', overwrite: true });
    expect(status.replication).to.equal(1);
  });

  it('create checks the replication against dfs.replication.min and dfs.replication.max', async function () {
    const req = { path: '/r', clientName: 'c', overwrite: false, blockSize: 1024, permission: 0o644 };
    expect(await errorOf(h.call('create', { ...req, replication: 0 }))).to.deep.equal({
      code: 'FS_INVALID_ARGUMENT',
      message: 'file /r: Requested replication 0 is less than the required minimum 1',
    });
    expect(await errorOf(h.call('create', { ...req, replication: 513 }))).to.deep.equal({
      code: 'FS_INVALID_ARGUMENT',
      message: 'file /r: Requested replication 513 exceeds maximum 512',
    });
    expect(await stat('/r')).to.equal(null);
  });

  it('lists a directory sorted by name, a file as itself, and a missing path as FS_NOT_FOUND', async function () {
    for (const n of ['b', 'a', 'c10', 'c2', 'B']) await h.touch(`/dir/${n}`);
    await h.call('mkdirs', { path: '/dir/sub', permission: 0o755 });
    expect(await list('/dir')).to.deep.equal(['/dir/B', '/dir/a', '/dir/b', '/dir/c10', '/dir/c2', '/dir/sub']);
    expect(await list('/dir/a')).to.deep.equal(['/dir/a']);
    expect(await list('/dir/sub')).to.deep.equal([]);
    expect(await errorOf(h.call('getListing', { path: '/missing' }))).to.deep.equal({ code: 'FS_NOT_FOUND', message: '/missing: No such file or directory' });
    expect(await stat('/dir/a/child')).to.equal(null);
  });

  it('rename moves onto a missing name, into an existing directory, and keeps the subtree', async function () {
    await h.touch('/src/deep/f');
    await h.call('rename', { src: '/src', dst: '/moved' });
    expect(await list('/')).to.deep.equal(['/moved']);
    expect(await list('/moved/deep')).to.deep.equal(['/moved/deep/f']);
    await h.call('mkdirs', { path: '/target', permission: 0o755 });
    await h.call('rename', { src: '/moved', dst: '/target' });
    await h.call('rename', { src: '/target/moved/deep/f', dst: '/target' });
    expect(await list('/target')).to.deep.equal(['/target/f', '/target/moved']);
    // a file renamed onto itself is a no-op
    await h.call('rename', { src: '/target/f', dst: '/target/f' });
    expect((await stat('/target/f'))!.isDirectory).to.equal(false);
  });

  it('rename refuses its own subtree, a missing source, an existing file and a missing or file parent', async function () {
    await h.touch('/a/b/f');
    await h.touch('/g');
    expect(await errorOf(h.call('rename', { src: '/a', dst: '/a/b' }))).to.deep.equal({
      code: 'FS_RENAME_INTO_SELF',
      message: '/a: Cannot rename a directory into its own subdirectory /a/b/a',
    });
    expect(await codeOf(h.call('rename', { src: '/a', dst: '/a/b/c' }))).to.equal('FS_RENAME_INTO_SELF');
    expect(await codeOf(h.call('rename', { src: '/a', dst: '/a' }))).to.equal('FS_RENAME_INTO_SELF');
    expect(await errorOf(h.call('rename', { src: '/nope', dst: '/x' }))).to.deep.equal({ code: 'FS_NOT_FOUND', message: '/nope: No such file or directory' });
    expect(await errorOf(h.call('rename', { src: '/g', dst: '/a/b/f' }))).to.deep.equal({ code: 'FS_FILE_EXISTS', message: '/a/b/f: File exists' });
    await h.touch('/a/b/g');
    expect(await errorOf(h.call('rename', { src: '/g', dst: '/a/b' }))).to.deep.equal({ code: 'FS_FILE_EXISTS', message: '/a/b/g: File exists' });
    expect(await errorOf(h.call('rename', { src: '/g', dst: '/no/such/g' }))).to.deep.equal({ code: 'FS_NOT_FOUND', message: '/no/such: No such file or directory' });
    expect(await codeOf(h.call('rename', { src: '/g', dst: '/a/b/f/g' }))).to.equal('FS_PARENT_NOT_DIRECTORY');
    expect(await codeOf(h.call('rename', { src: '/', dst: '/x' }))).to.equal('FS_INVALID_ARGUMENT');
    expect(await list('/a/b')).to.deep.equal(['/a/b/f', '/a/b/g']);
    expect(await list('/')).to.deep.equal(['/a', '/g']);
  });

  it('delete: non-empty directory only recursively, a missing path and the root answer false', async function () {
    await h.touch('/d/sub/f');
    await h.call('mkdirs', { path: '/e', permission: 0o755 });
    expect(await errorOf(h.call('delete', { path: '/d', recursive: false }))).to.deep.equal({
      code: 'FS_DIRECTORY_NOT_EMPTY',
      message: '/d: Directory is not empty',
    });
    expect(await h.call('delete', { path: '/d', recursive: true })).to.deep.equal({ deleted: true });
    expect(await h.call('delete', { path: '/e', recursive: false })).to.deep.equal({ deleted: true });
    expect(await h.call('delete', { path: '/d', recursive: true })).to.deep.equal({ deleted: false });
    await h.touch('/f');
    expect(await h.call('delete', { path: '/f/child', recursive: false })).to.deep.equal({ deleted: false });
    expect(await h.call('delete', { path: '/', recursive: true })).to.deep.equal({ deleted: false });
    expect(await list('/')).to.deep.equal(['/f']);
  });

  it('sets replication (files only), permission, owner and times', async function () {
    await h.touch('/f');
    await h.call('mkdirs', { path: '/d', permission: 0o755 });
    expect(await h.call('setReplication', { path: '/f', replication: 5 })).to.deep.equal({ ok: true });
    expect(await h.call('setReplication', { path: '/d', replication: 5 })).to.deep.equal({ ok: false });
    expect(await codeOf(h.call('setReplication', { path: '/f', replication: 0 }))).to.equal('FS_INVALID_ARGUMENT');
    expect(await codeOf(h.call('setReplication', { path: '/missing', replication: 2 }))).to.equal('FS_NOT_FOUND');
    await h.call('setPermission', { path: '/d', permission: 0o1750 });
    await h.call('setOwner', { path: '/f', owner: 'carol', group: null });
    await h.call('setOwner', { path: '/f', owner: null, group: 'staff' });
    expect(await codeOf(h.call('setOwner', { path: '/f', owner: null, group: null }))).to.equal('FS_INVALID_ARGUMENT');
    await h.call('setTimes', { path: '/f', mtime: 1_000_000_000_000, atime: 1_100_000_000_000 });
    await h.call('setTimes', { path: '/f', mtime: 1_200_000_000_000, atime: -1 });
    expect(await codeOf(h.call('setTimes', { path: '/missing', mtime: 1, atime: 1 }))).to.equal('FS_NOT_FOUND');
    const f = (await stat('/f'))!;
    expect([f.replication, f.owner, f.group, f.modificationTime, f.accessTime]).to.deep.equal([5, 'carol', 'staff', 1_200_000_000_000, 1_100_000_000_000]);
    expect((await stat('/d'))!.permission).to.equal(0o1750);
  });

  it('summarizes content: directories counting the root of the tree, files, bytes', async function () {
    await h.touch('/t/a');
    await h.touch('/t/s/b');
    await h.call('mkdirs', { path: '/t/s/s2', permission: 0o755 });
    expect((await h.call('getContentSummary', { path: '/t' })).summary).to.deep.equal({
      length: 0,
      fileCount: 2,
      directoryCount: 3,
      quota: -1,
      spaceConsumed: 0,
      spaceQuota: -1,
    });
    expect(await codeOf(h.call('getContentSummary', { path: '/nope' }))).to.equal('FS_NOT_FOUND');
  });

  it('refuses relative paths and . or .. components', async function () {
    for (const p of ['relative', '/a/../b', '/./x', '']) {
      expect(await codeOf(h.call('mkdirs', { path: p, permission: 0o755 })), p).to.equal(p === '' ? 'RPC_BAD_REQUEST' : 'FS_INVALID_ARGUMENT');
    }
    expect(await list('/')).to.deep.equal([]);
  });

  it('serves many concurrent mutations without losing one', async function () {
    await Promise.all(Array.from({ length: 200 }, (_, i) => h.call('mkdirs', { path: `/many/d${i}`, permission: 0o755 })));
    expect((await list('/many')).length).to.equal(200);
    expect((await h.call('getContentSummary', { path: '/many' })).summary.directoryCount).to.equal(201);
  });
});
