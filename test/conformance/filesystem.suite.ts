import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { closeStream, FileSystem, readFully, writeFully } from '../../common/fs/filesystem';
import type { FileStatus, FsSupports } from '../../common/fs/interfaces';
import { Path } from '../../common/fs/path';

export interface ConformanceEnv {
  fs: FileSystem;
  /** A fresh directory on fs for the suite; each test works in its own subdirectory. */
  root: string;
  cleanup(): Promise<void>;
}

/**
 * The contract every FileSystem implementation (file://, hdfs://, ...) must meet, the way
 * abstract-level's suite tests every store: exact results and stable error codes. What
 * `fs.supports` says an implementation cannot do is skipped.
 *
 * The factory runs once per suite (a cluster can be expensive to start); every test gets a
 * new, empty directory under `root`.
 */
export function fileSystemConformance(name: string, factory: () => Promise<ConformanceEnv>): void {
  describe(`FileSystem conformance: ${name}`, function () {
    let env: ConformanceEnv | undefined;
    let fs: FileSystem;
    let base = '';
    let seq = 0;

    before(async function () {
      env = await factory();
      fs = env.fs;
    });

    after(async function () {
      if (env) await env.cleanup();
    });

    beforeEach(async function () {
      base = `${env!.root}/t${++seq}`;
      await fs.mkdirs(base);
    });

    const p = (rel: string) => `${base}/${rel}`;
    const write = (rel: string, data: string | Buffer) => writeFully(fs, p(rel), data, false);
    const read = async (rel: string) => readFully(fs, p(rel));
    const readRange = async (rel: string, start?: number, end?: number) => {
      const parts: Buffer[] = [];
      for await (const c of await fs.open(p(rel), { start, end })) parts.push(c as Buffer);
      return Buffer.concat(parts);
    };
    const names = (list: FileStatus[] | null) => (list ?? []).map((s) => s.path.getName());
    const relPaths = (list: FileStatus[] | null) => (list ?? []).map((s) => s.path.path.slice(base.length + 1));
    function requires(ctx: Mocha.Context, feature: keyof FsSupports): void {
      if (!fs.supports[feature]) ctx.skip();
    }

    describe('create and open', function () {
      it('round-trips every byte value', async function () {
        const data = Buffer.alloc(256 * 3);
        for (let i = 0; i < data.length; i++) data[i] = i % 256;
        await write('bin', data);
        expect((await read('bin')).equals(data)).to.equal(true);
        expect((await fs.getFileStatus(p('bin'))).length).to.equal(768);
      });

      it('creates and reads a 0-byte file', async function () {
        await closeStream(await fs.create(p('empty')));
        expect((await read('empty')).length).to.equal(0);
        const st = await fs.getFileStatus(p('empty'));
        expect(st.length).to.equal(0);
        expect(st.isDirectory).to.equal(false);
      });

      it('streams a multi-megabyte file with backpressure and reads it back intact', async function () {
        const chunk = Buffer.alloc(64 * 1024);
        const chunks = 80; // 5 MiB
        const hashIn = createHash('md5');
        async function* gen() {
          for (let i = 0; i < chunks; i++) {
            chunk.fill(i * 7 + 1);
            chunk.writeUInt32BE(i, 0);
            hashIn.update(chunk);
            yield Buffer.from(chunk);
          }
        }
        await pipeline(Readable.from(gen()), await fs.create(p('big')));
        const hashOut = createHash('md5');
        let n = 0;
        for await (const c of await fs.open(p('big'))) {
          hashOut.update(c as Buffer);
          n += (c as Buffer).length;
        }
        expect(n).to.equal(chunks * chunk.length);
        expect(hashOut.digest('hex')).to.equal(hashIn.digest('hex'));
        expect((await fs.getFileStatus(p('big'))).length).to.equal(chunks * chunk.length);
      });

      it('opens a byte range [start, end)', async function () {
        await write('r', '0123456789');
        expect((await readRange('r', 3)).toString()).to.equal('3456789');
        expect((await readRange('r', 2, 5)).toString()).to.equal('234');
        expect((await readRange('r', 0, 1)).toString()).to.equal('0');
        expect((await readRange('r', 7, 100)).toString()).to.equal('789');
        expect((await readRange('r', 10)).toString()).to.equal('');
        expect((await readRange('r', 4, 4)).toString()).to.equal('');
      });

      it('rejects a negative or inverted range, and a buffer size that is not a positive integer', async function () {
        await write('r', 'abc');
        await expectCode(fs.open(p('r'), { start: -1 }), 'FS_INVALID_ARGUMENT');
        await expectCode(fs.open(p('r'), { start: 2, end: 1 }), 'FS_INVALID_ARGUMENT');
        await expectCode(fs.open(p('r'), { bufferSize: 0 }), 'FS_INVALID_ARGUMENT');
        await expectCode(fs.open(p('r'), { bufferSize: 1.5 }), 'FS_INVALID_ARGUMENT');
      });

      it('reads the same bytes whatever the buffer size it is opened with', async function () {
        const data = Buffer.from(Array.from({ length: 10000 }, (_v, i) => (i * 31) % 251));
        await write('b', data);
        for (const bufferSize of [1, 7, 4096, 1 << 20]) {
          const parts: Buffer[] = [];
          for await (const c of await fs.open(p('b'), { bufferSize, start: 3, end: 9990 })) parts.push(c as Buffer);
          expect(Buffer.concat(parts).equals(data.subarray(3, 9990)), `bufferSize ${bufferSize}`).to.equal(true);
        }
      });

      it('fails on a missing file with FS_NOT_FOUND and on a directory with FS_IS_DIRECTORY', async function () {
        await expectCode(fs.open(p('missing')), 'FS_NOT_FOUND');
        await fs.mkdirs(p('dir'));
        await expectCode(fs.open(p('dir')), 'FS_IS_DIRECTORY');
      });

      it('refuses to create over an existing file unless overwrite, which replaces the content', async function () {
        await write('f', 'first version');
        await expectCode(fs.create(p('f')), 'FS_FILE_EXISTS');
        await expectCode(fs.create(p('f'), { overwrite: false }), 'FS_FILE_EXISTS');
        expect((await read('f')).toString()).to.equal('first version');
        await writeFully(fs, p('f'), 'v2', true);
        expect((await read('f')).toString()).to.equal('v2');
      });

      it('refuses to create a file where a directory is, even with overwrite', async function () {
        await fs.mkdirs(p('d'));
        await expectCode(fs.create(p('d')), 'FS_IS_DIRECTORY');
        await expectCode(fs.create(p('d'), { overwrite: true }), 'FS_IS_DIRECTORY');
        expect((await fs.getFileStatus(p('d'))).isDirectory).to.equal(true);
      });

      it('creates missing parent directories', async function () {
        await write('a/b/c/file', 'x');
        expect((await fs.getFileStatus(p('a/b'))).isDirectory).to.equal(true);
        expect((await read('a/b/c/file')).toString()).to.equal('x');
      });

      it('fails with FS_PARENT_NOT_DIRECTORY to create under a file', async function () {
        await write('file', 'x');
        await expectCode(fs.create(p('file/child')), 'FS_PARENT_NOT_DIRECTORY');
        await expectCode(fs.create(p('file/sub/child')), 'FS_PARENT_NOT_DIRECTORY');
        expect((await read('file')).toString()).to.equal('x');
      });
    });

    describe('mkdirs', function () {
      it('creates parents and is idempotent', async function () {
        await fs.mkdirs(p('x/y/z'));
        await fs.mkdirs(p('x/y/z'));
        await fs.mkdirs(p('x'));
        expect((await fs.getFileStatus(p('x/y/z'))).isDirectory).to.equal(true);
        expect(names(await fs.listStatus(p('x')))).to.deep.equal(['y']);
      });

      it('fails with FS_FILE_EXISTS on a file and FS_PARENT_NOT_DIRECTORY under one', async function () {
        await write('f', 'x');
        await expectCode(fs.mkdirs(p('f')), 'FS_FILE_EXISTS');
        await expectCode(fs.mkdirs(p('f/sub')), 'FS_PARENT_NOT_DIRECTORY');
        await expectCode(fs.mkdirs(p('f/sub/deeper')), 'FS_PARENT_NOT_DIRECTORY');
        expect((await fs.getFileStatus(p('f'))).isDirectory).to.equal(false);
      });
    });

    describe('listStatus and getFileStatus', function () {
      it('lists a directory sorted by name with qualified paths', async function () {
        for (const n of ['b', 'a', 'c10', 'c2', 'B']) await write(n, n);
        await fs.mkdirs(p('dir'));
        const list = await fs.listStatus(p(''));
        expect(names(list)).to.deep.equal(['B', 'a', 'b', 'c10', 'c2', 'dir']);
        for (const st of list) {
          expect(st.path.toString()).to.equal(fs.makeQualified(p(st.path.getName())).toString());
        }
        expect(list.find((s) => s.path.getName() === 'dir')!.isDirectory).to.equal(true);
      });

      it('lists a file as itself, an empty directory as nothing, a missing path as FS_NOT_FOUND', async function () {
        await write('f', 'hello');
        const list = await fs.listStatus(p('f'));
        expect(list).to.have.length(1);
        expect(list[0].path.toString()).to.equal(fs.makeQualified(p('f')).toString());
        expect(list[0].length).to.equal(5);
        await fs.mkdirs(p('empty'));
        expect(await fs.listStatus(p('empty'))).to.deep.equal([]);
        await expectCode(fs.listStatus(p('missing')), 'FS_NOT_FOUND');
      });

      it('reports length, type, permission, owner, times and block facts', async function () {
        const before = Date.now();
        await write('f', 'twelve bytes');
        await fs.mkdirs(p('d'));
        const f = await fs.getFileStatus(p('f'));
        const d = await fs.getFileStatus(p('d'));
        const root = await fs.getFileStatus(base);
        expect(f.path.toString()).to.equal(fs.makeQualified(p('f')).toString());
        expect(f.length).to.equal(12);
        expect(f.isDirectory).to.equal(false);
        expect(f.blockSize).to.be.greaterThan(0);
        expect(f.replication).to.be.at.least(1);
        expect(f.modificationTime).to.be.within(before - 2000, Date.now() + 2000);
        expect(f.owner).to.be.a('string').and.not.equal('');
        expect(f.owner).to.equal(root.owner);
        expect(f.group).to.be.a('string').and.not.equal('');
        expect(f.permission & 0o7777).to.equal(f.permission);
        expect(f.permission & 0o600).to.equal(0o600);
        expect(d.isDirectory).to.equal(true);
        expect(d.length).to.equal(0);
        expect(d.permission & 0o700).to.equal(0o700);
      });

      it('reports a missing path, and a path under a file, as FS_NOT_FOUND', async function () {
        await write('f', 'x');
        await expectCode(fs.getFileStatus(p('missing')), 'FS_NOT_FOUND');
        await expectCode(fs.getFileStatus(p('f/child')), 'FS_NOT_FOUND');
        expect(await fs.exists(p('f/child'))).to.equal(false);
        expect(await fs.statOrNull(p('missing'))).to.equal(null);
        expect(await fs.exists(p('f'))).to.equal(true);
      });
    });

    describe('delete', function () {
      it('refuses a non-empty directory without recursive, and deletes it with', async function () {
        await write('d/sub/f', 'x');
        await expectCode(fs.delete(p('d'), false), 'FS_DIRECTORY_NOT_EMPTY');
        expect(await fs.exists(p('d/sub/f'))).to.equal(true);
        expect(await fs.delete(p('d'), true)).to.equal(true);
        expect(await fs.exists(p('d'))).to.equal(false);
      });

      it('deletes a file and an empty directory without recursive', async function () {
        await write('f', 'x');
        await fs.mkdirs(p('e'));
        expect(await fs.delete(p('f'))).to.equal(true);
        expect(await fs.delete(p('e'), false)).to.equal(true);
        expect(names(await fs.listStatus(p('')))).to.deep.equal([]);
      });

      it('returns false for a missing path, also under a file', async function () {
        await write('f', 'x');
        expect(await fs.delete(p('missing'), true)).to.equal(false);
        expect(await fs.delete(p('f/child'), false)).to.equal(false);
      });
    });

    describe('rename', function () {
      it('renames a file, keeping its content', async function () {
        await write('a', 'content');
        await fs.rename(p('a'), p('b'));
        expect(await fs.exists(p('a'))).to.equal(false);
        expect((await read('b')).toString()).to.equal('content');
      });

      it('renames a directory with its tree', async function () {
        await write('d/x/f', '1');
        await write('d/g', '2');
        await fs.rename(p('d'), p('e'));
        expect(await fs.exists(p('d'))).to.equal(false);
        expect((await read('e/x/f')).toString()).to.equal('1');
        expect((await read('e/g')).toString()).to.equal('2');
      });

      it('moves a file or directory into an existing directory', async function () {
        await write('f', 'x');
        await write('src/inner', 'y');
        await fs.mkdirs(p('dst'));
        await fs.rename(p('f'), p('dst'));
        await fs.rename(p('src'), p('dst'));
        expect(names(await fs.listStatus(p('dst')))).to.deep.equal(['f', 'src']);
        expect((await read('dst/src/inner')).toString()).to.equal('y');
      });

      it('refuses to move a directory into its own subtree with FS_RENAME_INTO_SELF', async function () {
        await write('a/b/f', 'x');
        await expectCode(fs.rename(p('a'), p('a/b')), 'FS_RENAME_INTO_SELF');
        await expectCode(fs.rename(p('a'), p('a/b/c')), 'FS_RENAME_INTO_SELF');
        await expectCode(fs.rename(p('a'), p('a')), 'FS_RENAME_INTO_SELF');
        expect((await read('a/b/f')).toString()).to.equal('x');
      });

      it('fails with FS_NOT_FOUND for a missing source or destination parent', async function () {
        await expectCode(fs.rename(p('missing'), p('x')), 'FS_NOT_FOUND');
        await write('f', 'x');
        await expectCode(fs.rename(p('f'), p('no/such/dir/f')), 'FS_NOT_FOUND');
        expect(await fs.exists(p('f'))).to.equal(true);
      });

      it('refuses to replace an existing file with FS_FILE_EXISTS', async function () {
        await write('a', 'A');
        await write('b', 'B');
        await expectCode(fs.rename(p('a'), p('b')), 'FS_FILE_EXISTS');
        await fs.mkdirs(p('d'));
        await write('d/a', 'old');
        await expectCode(fs.rename(p('a'), p('d')), 'FS_FILE_EXISTS');
        expect((await read('b')).toString()).to.equal('B');
        expect((await read('d/a')).toString()).to.equal('old');
        expect((await read('a')).toString()).to.equal('A');
      });

      it('fails with FS_PARENT_NOT_DIRECTORY when the destination parent is a file', async function () {
        await write('a', 'A');
        await write('f', 'F');
        await expectCode(fs.rename(p('a'), p('f/a')), 'FS_PARENT_NOT_DIRECTORY');
      });
    });

    describe('append', function () {
      it('appends to an existing file', async function () {
        requires(this, 'append');
        await write('f', 'hello');
        const out = await fs.append(p('f'));
        out.write(', ');
        out.end('world');
        await closeStream(out);
        expect((await read('f')).toString()).to.equal('hello, world');
        expect((await fs.getFileStatus(p('f'))).length).to.equal(12);
      });

      it('fails with FS_NOT_FOUND on a missing file and FS_IS_DIRECTORY on a directory', async function () {
        requires(this, 'append');
        await expectCode(fs.append(p('missing')), 'FS_NOT_FOUND');
        await fs.mkdirs(p('d'));
        await expectCode(fs.append(p('d')), 'FS_IS_DIRECTORY');
      });
    });

    describe('attributes', function () {
      it('sets permissions on files and directories', async function () {
        requires(this, 'permissions');
        await write('f', 'x');
        await fs.mkdirs(p('d'));
        await fs.setPermission(p('f'), 0o600);
        await fs.setPermission(p('d'), 0o1750);
        expect((await fs.getFileStatus(p('f'))).permission).to.equal(0o600);
        expect((await fs.getFileStatus(p('d'))).permission).to.equal(0o1750);
        await expectCode(fs.setPermission(p('missing'), 0o644), 'FS_NOT_FOUND');
      });

      it('sets times, -1 keeping a time unchanged', async function () {
        requires(this, 'times');
        await write('f', 'x');
        await fs.setTimes(p('f'), 1_000_000_000_000, 1_100_000_000_000);
        let st = await fs.getFileStatus(p('f'));
        expect(st.modificationTime).to.equal(1_000_000_000_000);
        expect(st.accessTime).to.equal(1_100_000_000_000);
        await fs.setTimes(p('f'), 1_200_000_000_000, -1);
        st = await fs.getFileStatus(p('f'));
        expect(st.modificationTime).to.equal(1_200_000_000_000);
        expect(st.accessTime).to.equal(1_100_000_000_000);
        await expectCode(fs.setTimes(p('missing'), 1, 1), 'FS_NOT_FOUND');
      });

      it('sets the owner to the current owner', async function () {
        requires(this, 'owners');
        await write('f', 'x');
        const st = await fs.getFileStatus(p('f'));
        await fs.setOwner(p('f'), st.owner, st.group);
        await fs.setOwner(p('f'), null, st.group);
        const after = await fs.getFileStatus(p('f'));
        expect([after.owner, after.group]).to.deep.equal([st.owner, st.group]);
      });

      it('sets replication on files only', async function () {
        requires(this, 'replication');
        await write('f', 'x');
        await fs.mkdirs(p('d'));
        expect(await fs.setReplication(p('f'), 2)).to.equal(true);
        expect((await fs.getFileStatus(p('f'))).replication).to.equal(2);
        expect(await fs.setReplication(p('d'), 2)).to.equal(false);
      });

      it('rejects a replication below 1', async function () {
        await write('f', 'x');
        await expectCode(fs.setReplication(p('f'), 0), 'FS_INVALID_ARGUMENT');
      });

      it('says which unsupported operations fail with FS_NOT_SUPPORTED', async function () {
        await write('f', 'x');
        if (!fs.supports.append) await expectCode(fs.append(p('f')), 'FS_NOT_SUPPORTED');
        if (!fs.supports.permissions) await expectCode(fs.setPermission(p('f'), 0o600), 'FS_NOT_SUPPORTED');
        if (!fs.supports.times) await expectCode(fs.setTimes(p('f'), 1, 1), 'FS_NOT_SUPPORTED');
        if (!fs.supports.owners) await expectCode(fs.setOwner(p('f'), 'u', 'g'), 'FS_NOT_SUPPORTED');
      });
    });

    describe('getContentSummary', function () {
      it('counts directories (itself included), files and bytes of a tree', async function () {
        await write('t/a', '12345');
        await write('t/s/b', '123');
        await write('t/s/s2/c', '');
        const cs = await fs.getContentSummary(p('t'));
        expect([cs.directoryCount, cs.fileCount, cs.length]).to.deep.equal([3, 3, 8]);
        expect(cs.quota).to.equal(-1);
        expect(cs.spaceQuota).to.equal(-1);
        expect(cs.spaceConsumed).to.be.at.least(8);
      });

      it('summarizes a file as one file and a missing path as FS_NOT_FOUND', async function () {
        await write('f', 'abcd');
        const cs = await fs.getContentSummary(p('f'));
        expect([cs.directoryCount, cs.fileCount, cs.length]).to.deep.equal([0, 1, 4]);
        await expectCode(fs.getContentSummary(p('missing')), 'FS_NOT_FOUND');
      });
    });

    describe('globStatus', function () {
      beforeEach(async function () {
        for (const f of ['a.txt', 'b.txt', 'c.log', 'ab', 'a/x', 'a/y', 'b/x', 'b/y', 'star/*', 'star/s']) {
          await write(f, f);
        }
      });

      it('matches *, ? and character classes within one component', async function () {
        expect(relPaths(await fs.globStatus(p('*.txt')))).to.deep.equal(['a.txt', 'b.txt']);
        expect(relPaths(await fs.globStatus(p('?.txt')))).to.deep.equal(['a.txt', 'b.txt']);
        expect(relPaths(await fs.globStatus(p('[ab].*')))).to.deep.equal(['a.txt', 'b.txt']);
        expect(relPaths(await fs.globStatus(p('[^a].*')))).to.deep.equal(['b.txt', 'c.log']);
        expect(relPaths(await fs.globStatus(p('[a-b]')))).to.deep.equal(['a', 'b']);
        expect(relPaths(await fs.globStatus(p('*/x')))).to.deep.equal(['a/x', 'b/x']);
        expect(relPaths(await fs.globStatus(p('?')))).to.deep.equal(['a', 'b']);
      });

      it('expands {a,b} alternatives, also across slashes', async function () {
        expect(relPaths(await fs.globStatus(p('{a,c}.*')))).to.deep.equal(['a.txt', 'c.log']);
        expect(relPaths(await fs.globStatus(p('{a/x,b/y}')))).to.deep.equal(['a/x', 'b/y']);
        expect(relPaths(await fs.globStatus(p('{a,b}/{x,y}')))).to.deep.equal(['a/x', 'a/y', 'b/x', 'b/y']);
        expect(relPaths(await fs.globStatus(p('a{b,.txt}')))).to.deep.equal(['a.txt', 'ab']);
      });

      it('treats an escaped \\* as a literal star', async function () {
        expect(relPaths(await fs.globStatus(p('star/\\*')))).to.deep.equal(['star/*']);
        expect(relPaths(await fs.globStatus(p('star/*')))).to.deep.equal(['star/*', 'star/s']);
      });

      it('gives [] for a glob that matches nothing and null for a missing plain path', async function () {
        expect(await fs.globStatus(p('*.none'))).to.deep.equal([]);
        expect(await fs.globStatus(p('nodir/*'))).to.deep.equal([]);
        expect(await fs.globStatus(p('missing'))).to.equal(null);
        expect(await fs.globStatus(p('a.txt/x'))).to.equal(null);
      });

      it('returns the status of a plain existing path, qualified', async function () {
        const list = await fs.globStatus(p('a.txt'));
        expect(list).to.have.length(1);
        expect(list![0].path.toString()).to.equal(fs.makeQualified(p('a.txt')).toString());
        expect(list![0].length).to.equal(5);
      });
    });

    describe('getFileChecksum', function () {
      it('is equal for equal content and differs for different content', async function () {
        await write('a', 'same content');
        await write('b', 'same content');
        await write('c', 'other content');
        const a = await fs.getFileChecksum(p('a'));
        const b = await fs.getFileChecksum(p('b'));
        const c = await fs.getFileChecksum(p('c'));
        expect(a.algorithmName).to.match(/^MD5-of-\d+MD5-of-\d+CRC32C?$/);
        expect(a.bytes.equals(b.bytes)).to.equal(true);
        expect(a.bytes.equals(c.bytes)).to.equal(false);
      });

      it('fails with FS_IS_DIRECTORY on a directory and FS_NOT_FOUND on a missing file', async function () {
        await fs.mkdirs(p('d'));
        await expectCode(fs.getFileChecksum(p('d')), 'FS_IS_DIRECTORY');
        await expectCode(fs.getFileChecksum(p('missing')), 'FS_NOT_FOUND');
      });
    });

    describe('paths', function () {
      it('qualifies absolute and relative paths with the scheme and the working directory', async function () {
        const q = fs.makeQualified(p('x'));
        expect(q.scheme).to.equal(fs.scheme);
        expect(q.path).to.equal(new Path(p('x')).path);
        expect(fs.makeQualified(q).toString()).to.equal(q.toString());
        const wd = fs.getWorkingDirectory();
        try {
          fs.setWorkingDirectory(base);
          expect(fs.makeQualified('rel/y').toString()).to.equal(fs.makeQualified(p('rel/y')).toString());
          await write('w', 'x');
          expect((await fs.getFileStatus('w')).length).to.equal(1);
        } finally {
          fs.setWorkingDirectory(wd);
        }
      });

      it('refuses a path of another scheme with FS_WRONG_FS', async function () {
        const other = fs.scheme === 'file' ? 'hdfs://elsewhere:8020/x' : 'file:///x';
        expect(() => fs.makeQualified(other)).to.throw().with.property('code', 'FS_WRONG_FS');
      });

      it('lists block locations covering the file', async function () {
        await write('f', Buffer.alloc(1000, 1));
        const st = await fs.getFileStatus(p('f'));
        const blocks = await fs.getFileBlockLocations(st, 0, st.length);
        expect(blocks.length).to.be.at.least(1);
        expect(blocks[0].offset).to.equal(0);
        expect(blocks.reduce((n, b) => n + b.length, 0)).to.equal(1000);
        expect(blocks[0].hosts.length).to.be.at.least(1);
        expect(await fs.getFileBlockLocations(st, 1000, 10)).to.deep.equal([]);
      });
    });
  });
}

/** Asserts that a promise rejects with a HadoopError of the given stable code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected an error with code ${code}`).to.be.instanceOf(Error);
  expect((error as { code?: string }).code, (error as Error).message).to.equal(code);
}
