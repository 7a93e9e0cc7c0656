import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Configuration } from '../common/conf/configuration';
import { LocalFileSystem } from '../common/fs/local-filesystem';
import { groupNameOf, userNameOf } from '../common/fs/local-users';
import { SequenceFileWriter } from '../common/io/sequence-file';
import { IntWritable, Text } from '../common/io/writables';
import { rmrf, runHadoop, RunResult, tempDir } from './helpers';

/** 2013-11-20 12:34 UTC; the children run with TZ=UTC so ls prints exactly this. */
const MTIME = Date.UTC(2013, 10, 20, 12, 34, 0);
const DATE = '2013-11-20 12:34';
const USAGE_HEAD = 'Usage: hadoop fs [generic options]\n';

describe('hadoop fs: bin/hadoop as a process on file://', function () {
  this.timeout(30000);
  let dir: string;
  let confDir: string;
  let og: string;

  before(function () {
    confDir = tempDir('fs-shell-conf-');
    const st = fs.statSync(confDir);
    og = `${userNameOf(st.uid)} ${groupNameOf(st.gid)}`;
  });

  after(function () {
    rmrf(confDir);
  });

  beforeEach(function () {
    dir = tempDir('fs-shell-cli-');
  });

  afterEach(function () {
    rmrf(dir);
  });

  /** `hadoop fs ARGS` in the test directory, with an empty conf dir and UTC. */
  function hfs(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return runHadoop(['fs', ...args], { cwd: dir, input, env: { TZ: 'UTC', HADOOP_CONF_DIR: confDir, ...env } });
  }
  const abs = (rel: string) => path.join(dir, rel);
  function file(rel: string, content: string | Buffer, mode = 0o644): void {
    fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
    fs.writeFileSync(abs(rel), content);
    fs.chmodSync(abs(rel), mode);
    fs.utimesSync(abs(rel), MTIME / 1000, MTIME / 1000);
  }
  function mkdir(rel: string, mode = 0o755): void {
    fs.mkdirSync(abs(rel), { recursive: true });
    fs.chmodSync(abs(rel), mode);
  }
  /** Directory times last, after their children were written. */
  function touchDirs(...rels: string[]): void {
    for (const r of rels) fs.utimesSync(abs(r), MTIME / 1000, MTIME / 1000);
  }
  const read = (rel: string) => fs.readFileSync(abs(rel), 'utf8');
  const exists = (rel: string) => fs.existsSync(abs(rel));
  function expectRun(r: RunResult, code: number, stdout: string, stderr = ''): void {
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).to.deep.equal({ code, stdout, stderr });
  }
  function allFiles(root = dir): string[] {
    return fs.readdirSync(root, { recursive: true }).map(String);
  }

  function dataTree(): void {
    file('data/f.txt', 'x'.repeat(1366));
    file('data/sub/g', 'hello');
    mkdir('data');
    mkdir('data/sub');
    touchDirs('data/sub', 'data');
  }

  describe('-ls, -lsr', function () {
    it('lists a directory with "Found N items" and Hadoop\'s columns, a file without', async function () {
      dataTree();
      const [ls, lsD, lsFile, lsR, lsNoArgs, lsUri] = await Promise.all([
        hfs(['-ls', 'data']),
        hfs(['-ls', '-d', 'data']),
        hfs(['-ls', abs('data/f.txt')]),
        hfs(['-ls', '-R', 'data']),
        hfs(['-ls']),
        hfs(['-ls', `file://${abs('data/sub')}`]),
      ]);
      expectRun(
        ls,
        0,
        'Found 2 items\n' +
          `-rw-r--r--   1 ${og}       1366 ${DATE} data/f.txt\n` +
          `drwxr-xr-x   - ${og}          0 ${DATE} data/sub\n`,
      );
      expectRun(lsD, 0, `drwxr-xr-x   - ${og}          0 ${DATE} data\n`);
      expectRun(lsFile, 0, `-rw-r--r--   1 ${og}       1366 ${DATE} ${abs('data/f.txt')}\n`);
      expectRun(
        lsR,
        0,
        `-rw-r--r--   1 ${og}       1366 ${DATE} data/f.txt\n` +
          `drwxr-xr-x   - ${og}          0 ${DATE} data/sub\n` +
          `-rw-r--r--   1 ${og}          5 ${DATE} data/sub/g\n`,
      );
      expectRun(lsNoArgs, 0, `Found 1 items\ndrwxr-xr-x   - ${og}          0 ${DATE} data\n`);
      expectRun(lsUri, 0, `Found 1 items\n-rw-r--r--   1 ${og}          5 ${DATE} file://${abs('data/sub/g')}\n`);
    });

    it('formats -h sizes like Hadoop and widens the size column for long numbers', async function () {
      file('s/k', Buffer.alloc(1536));
      file('s/m', Buffer.alloc(2 * 1024 * 1024));
      file('s/b', Buffer.alloc(1000));
      const [h, plain] = await Promise.all([hfs(['-ls', '-h', 's']), hfs(['-ls', 's/m'])]);
      expectRun(
        h,
        0,
        'Found 3 items\n' +
          `-rw-r--r--   1 ${og}       1000 ${DATE} s/b\n` +
          `-rw-r--r--   1 ${og}      1.5 K ${DATE} s/k\n` +
          `-rw-r--r--   1 ${og}        2 M ${DATE} s/m\n`,
      );
      expectRun(plain, 0, `-rw-r--r--   1 ${og}    2097152 ${DATE} s/m\n`);
    });

    it('shows the sticky bit and an empty directory prints nothing', async function () {
      mkdir('e', 0o1777);
      touchDirs('e');
      const [ls, lsEmpty] = await Promise.all([hfs(['-ls', '-d', 'e']), hfs(['-ls', 'e'])]);
      expectRun(ls, 0, `drwxrwxrwt   - ${og}          0 ${DATE} e\n`);
      expectRun(lsEmpty, 0, '');
    });

    it('reports missing paths and globs matching nothing, goes on with the rest, exits 1', async function () {
      dataTree();
      const r = await hfs(['-ls', 'nope', 'no*', 'data/s*']);
      expectRun(
        r,
        1,
        `Found 1 items\n-rw-r--r--   1 ${og}          5 ${DATE} data/sub/g\n`,
        "ls: `no*': No such file or directory\nls: `nope': No such file or directory\n",
      );
    });

    it('-lsr is ls -R with a deprecation warning', async function () {
      dataTree();
      const r = await hfs(['-lsr', 'data/sub']);
      expectRun(r, 0, `-rw-r--r--   1 ${og}          5 ${DATE} data/sub/g\n`, "lsr: DEPRECATED: Please use 'ls -R' instead.\n");
    });
  });

  describe('-mkdir, -touchz', function () {
    it('creates directories; existing, missing parent and under-a-file are errors', async function () {
      file('f', 'x');
      mkdir('there');
      const r1 = await hfs(['-mkdir', 'a', 'b/c', 'there', 'f/sub']);
      expectRun(
        r1,
        1,
        '',
        "mkdir: `b/c': No such file or directory\n" +
          "mkdir: `there': File exists\n" +
          "mkdir: `f/sub': Parent path is not a directory\n",
      );
      expect(fs.statSync(abs('a')).isDirectory()).to.equal(true);
      const [p, pFile] = await Promise.all([hfs(['-mkdir', '-p', 'b/c', 'there']), hfs(['-mkdir', '-p', 'f'])]);
      expectRun(p, 0, '');
      expect(fs.statSync(abs('b/c')).isDirectory()).to.equal(true);
      expectRun(pFile, 1, '', "mkdir: `f': Is not a directory\n");
    });

    it('-touchz creates empty files and refuses non-empty ones and missing parents', async function () {
      file('full', 'data');
      file('empty', '');
      const r = await hfs(['-touchz', 'new', 'empty', 'full', 'nodir/x']);
      expectRun(r, 1, '', "touchz: `full': Not a zero-length file\ntouchz: `nodir/x': No such file or directory\n");
      expect(read('new')).to.equal('');
      expect(read('full')).to.equal('data');
      expect(fs.statSync(abs('empty')).mtimeMs).to.be.greaterThan(MTIME);
    });
  });

  describe('-put, -copyFromLocal, -moveFromLocal, -get, -copyToLocal', function () {
    it('uploads, refuses an existing destination without -f, overwrites with -f', async function () {
      file('local.txt', 'local content\n');
      file('other.txt', 'other\n');
      expectRun(await hfs(['-put', 'local.txt', 'up.txt']), 0, '');
      expect(read('up.txt')).to.equal('local content\n');
      const again = await hfs(['-put', 'other.txt', 'up.txt']);
      expectRun(again, 1, '', "put: `up.txt': File exists\n");
      expect(read('up.txt')).to.equal('local content\n');
      expectRun(await hfs(['-copyFromLocal', '-f', 'other.txt', 'up.txt']), 0, '');
      expect(read('up.txt')).to.equal('other\n');
      expect(allFiles().filter((f) => f.includes('_COPYING_'))).to.deep.equal([]);
    });

    it('reads stdin for -, copies trees and several sources into a directory', async function () {
      file('tree/a', 'A');
      file('tree/in/b', 'B');
      file('one', '1');
      file('two', '2');
      mkdir('dest');
      const [stdin, tree, many] = await Promise.all([
        hfs(['-put', '-', 'stdin.txt'], 'from stdin\n'),
        hfs(['-put', 'tree', 'copy']),
        hfs(['-put', 'one', 'two', 'dest']),
      ]);
      expectRun(stdin, 0, '');
      expectRun(tree, 0, '');
      expectRun(many, 0, '');
      expect(read('stdin.txt')).to.equal('from stdin\n');
      expect([read('copy/a'), read('copy/in/b')]).to.deep.equal(['A', 'B']);
      expect([read('dest/one'), read('dest/two')]).to.deep.equal(['1', '2']);
    });

    it('reports a missing source, a missing destination parent and a file as multi-source destination', async function () {
      file('one', '1');
      file('two', '2');
      const [missing, noParent, notDir] = await Promise.all([
        hfs(['-put', 'missing.txt', 'x']),
        hfs(['-put', 'one', 'no/such/dir/x']),
        hfs(['-put', 'one', 'two', 'one']),
      ]);
      expectRun(missing, 1, '', "put: `missing.txt': No such file or directory\n");
      expectRun(noParent, 1, '', "put: `no/such/dir/x': No such file or directory\n");
      expectRun(notDir, 1, '', "put: `one': Is not a directory\n");
    });

    it('-moveFromLocal deletes the local source after copying', async function () {
      file('m.txt', 'move me');
      expectRun(await hfs(['-moveFromLocal', 'm.txt', 'moved.txt']), 0, '');
      expect(exists('m.txt')).to.equal(false);
      expect(read('moved.txt')).to.equal('move me');
    });

    it('downloads, refuses an existing local file without -f', async function () {
      file('remote.txt', 'remote\n');
      file('old.txt', 'old\n');
      const [get, exists1] = await Promise.all([
        hfs(['-get', 'remote.txt', 'down.txt']),
        hfs(['-copyToLocal', 'remote.txt', 'old.txt']),
      ]);
      expectRun(get, 0, '');
      expectRun(exists1, 1, '', "copyToLocal: `old.txt': File exists\n");
      expect(read('down.txt')).to.equal('remote\n');
      expect(read('old.txt')).to.equal('old\n');
      expectRun(await hfs(['-get', '-f', 'remote.txt', 'old.txt']), 0, '');
      expect(read('old.txt')).to.equal('remote\n');
    });
  });

  describe('-cat, -text, -head, -tail', function () {
    it('-cat concatenates, reports a missing file and a directory, exits 1', async function () {
      file('a', 'first\n');
      file('b', 'second\n');
      mkdir('d');
      const [ok, bad] = await Promise.all([hfs(['-cat', 'a', 'b']), hfs(['-cat', 'a', 'missing', 'd', 'b'])]);
      expectRun(ok, 0, 'first\nsecond\n');
      expectRun(bad, 1, 'first\nsecond\n', "cat: `missing': No such file or directory\ncat: `d': Is a directory\n");
    });

    it('-text decodes gzip by magic and SequenceFiles, passes plain text through', async function () {
      file('z.dat', zlib.gzipSync('compressed line\n'));
      file('plain', 'plain\n');
      const local = new LocalFileSystem(new Configuration({ loadSiteFiles: false }));
      const w = await SequenceFileWriter.create(local, abs('seq'), { keyClass: Text, valueClass: IntWritable, conf: local.conf });
      await w.append(new Text('apple'), new IntWritable(3));
      await w.append(new Text('pear'), new IntWritable(7));
      await w.close();
      const r = await hfs(['-text', 'z.dat', 'plain', 'seq']);
      expectRun(r, 0, 'compressed line\nplain\napple\t3\npear\t7\n');
    });

    it('-head prints the first and -tail the last kilobyte', async function () {
      const data = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      file('long', data);
      file('short', 'tiny\n');
      const [head, tail, tailShort, tailDir] = await Promise.all([
        hfs(['-head', 'long']),
        hfs(['-tail', 'long']),
        hfs(['-tail', 'short']),
        hfs(['-tail', '.']),
      ]);
      expectRun(head, 0, data.slice(0, 1024));
      expectRun(tail, 0, data.slice(2000 - 1024));
      expectRun(tailShort, 0, 'tiny\n');
      expectRun(tailDir, 1, '', "tail: `.': Is a directory\n");
    });
  });

  describe('-rm, -rmr, -rmdir', function () {
    it('deletes files, refuses a directory without -r, deletes it with -r', async function () {
      file('f', 'x');
      file('d/inner', 'y');
      const r1 = await hfs(['-rm', 'f', 'd']);
      expectRun(r1, 1, 'Deleted f\n', "rm: `d': Is a directory\n");
      expect(read('d/inner')).to.equal('y');
      expectRun(await hfs(['-rm', '-r', 'd']), 0, 'Deleted d\n');
      expect(exists('d')).to.equal(false);
    });

    it('expands globs, -f silences missing paths, -rmr warns it is deprecated', async function () {
      file('x1', '1');
      file('x2', '2');
      file('keep', 'k');
      file('t/a', 'a');
      const [glob, force, missing] = await Promise.all([
        hfs(['-rm', 'x*']),
        hfs(['-rm', '-f', 'nothing', 'no*']),
        hfs(['-rm', 'nothing']),
      ]);
      expectRun(glob, 0, 'Deleted x1\nDeleted x2\n');
      expectRun(force, 0, '');
      expectRun(missing, 1, '', "rm: `nothing': No such file or directory\n");
      expectRun(await hfs(['-rmr', 't']), 0, 'Deleted t\n', "rmr: DEPRECATED: Please use 'rm -r' instead.\n");
      expect(fs.readdirSync(dir)).to.deep.equal(['keep']);
    });

    it('moves to <home>/.Trash/Current when fs.trash.interval is set, unless -skipTrash', async function () {
      file('f', 'trash me');
      file('g', 'gone');
      const env = { HOME: dir };
      const [trashed, skipped] = await Promise.all([
        hfs(['-D', 'fs.trash.interval=10', '-rm', 'f'], undefined, env),
        hfs(['-D', 'fs.trash.interval=10', '-rm', '-skipTrash', 'g'], undefined, env),
      ]);
      expectRun(trashed, 0, `Moved: 'file://${abs('f')}' to trash at: file://${abs('.Trash/Current')}\n`);
      expectRun(skipped, 0, 'Deleted g\n');
      expect(read(path.join('.Trash/Current', abs('f')))).to.equal('trash me');
    });

    it('-rmdir removes empty directories only', async function () {
      mkdir('empty');
      file('full/x', 'x');
      file('f', 'x');
      const r = await hfs(['-rmdir', 'empty', 'full', 'f']);
      expectRun(r, 1, '', "rmdir: `full': Directory is not empty\nrmdir: `f': Is not a directory\n");
      expect(exists('empty')).to.equal(false);
      expectRun(await hfs(['-rmdir', '--ignore-fail-on-non-empty', 'full']), 0, '');
      expect(exists('full/x')).to.equal(true);
    });
  });

  describe('-mv, -cp', function () {
    it('renames, moves several sources into a directory, refuses an existing file', async function () {
      file('a', 'A');
      file('b', 'B');
      file('c', 'C');
      file('taken', 'T');
      file('other', 'O');
      mkdir('into');
      const [rename, many, taken, missing] = await Promise.all([
        hfs(['-mv', 'a', 'a2']),
        hfs(['-mv', 'b', 'c', 'into']),
        hfs(['-mv', 'taken', 'other']),
        hfs(['-mv', 'missing', 'x']),
      ]);
      expectRun(rename, 0, '');
      expectRun(many, 0, '');
      expectRun(taken, 1, '', "mv: `other': File exists\n");
      expectRun(missing, 1, '', "mv: `missing': No such file or directory\n");
      expect([read('a2'), read('into/b'), read('into/c'), read('taken'), read('other')]).to.deep.equal(['A', 'B', 'C', 'T', 'O']);
    });

    it('refuses to move or copy a directory into its own subtree', async function () {
      file('a/b/f', 'x');
      const [mv, cp] = await Promise.all([hfs(['-mv', 'a', 'a/b']), hfs(['-cp', 'a', 'a/b'])]);
      expectRun(mv, 1, '', "mv: `a' to `a/b/a': is a subdirectory of itself\n");
      expectRun(cp, 1, '', "cp: `a' to `a/b/a': is a subdirectory of itself\n");
      expect(allFiles(abs('a')).sort()).to.deep.equal(['b', 'b/f']);
    });

    it('copies files and trees, refuses an existing file without -f', async function () {
      file('src/x', 'X');
      file('src/deep/y', 'Y');
      file('f', 'new');
      file('old', 'old');
      const [tree, one, refused] = await Promise.all([
        hfs(['-cp', 'src', 'dst']),
        hfs(['-cp', 'f', 'f2']),
        hfs(['-cp', 'f', 'old']),
      ]);
      expectRun(tree, 0, '');
      expectRun(one, 0, '');
      expectRun(refused, 1, '', "cp: `old': File exists\n");
      expect([read('dst/x'), read('dst/deep/y'), read('f2'), read('old')]).to.deep.equal(['X', 'Y', 'new', 'old']);
      expectRun(await hfs(['-cp', '-f', 'f', 'old']), 0, '');
      expect(read('old')).to.equal('new');
    });
  });

  describe('-du, -dus, -count, -df', function () {
    it('-du shows one level, -s and -dus a total, -h human sizes', async function () {
      dataTree();
      file('k', Buffer.alloc(1536));
      const [du, dus, dusOld, duH] = await Promise.all([
        hfs(['-du', 'data']),
        hfs(['-du', '-s', 'data', 'k']),
        hfs(['-dus', 'data']),
        hfs(['-du', '-h', 'k']),
      ]);
      expectRun(du, 0, '1366  data/f.txt\n5     data/sub\n');
      expectRun(dus, 0, '1371  data\n1536  k\n');
      expectRun(dusOld, 0, '1371  data\n', "dus: DEPRECATED: Please use 'du -s' instead.\n");
      expectRun(duH, 0, '1.5 K  k\n');
    });

    it('-count prints the fixed-width columns, -q the quotas', async function () {
      dataTree();
      const [count, q, h] = await Promise.all([
        hfs(['-count', 'data', 'data/f.txt']),
        hfs(['-count', '-q', 'data']),
        hfs(['-count', '-h', 'data']),
      ]);
      expectRun(count, 0, '           2            2               1371 data\n           0            1               1366 data/f.txt\n');
      expectRun(q, 0, '        none             inf            none             inf            2            2               1371 data\n');
      expectRun(h, 0, '           2            2              1.3 K data\n');
    });

    it('-df prints a table for the filesystem', async function () {
      const r = await hfs(['-df', '/']);
      expect(r.code).to.equal(0);
      const lines = r.stdout.split('\n');
      expect(lines).to.have.length(3);
      expect(lines[0]).to.match(/^Filesystem +Size +Used +Available +Use%$/);
      expect(lines[1]).to.match(/^file:\/\/\/ +\d+ +\d+ +\d+ +\d+%$/);
      expect(lines[0].length).to.equal(lines[1].length);
    });
  });

  describe('-stat, -test', function () {
    it('-stat formats every specifier; the default is %y', async function () {
      file('f', 'abc', 0o640);
      mkdir('d');
      const [def, all] = await Promise.all([
        hfs(['-stat', 'f']),
        hfs(['-stat', '%F|%n|%b|%r|%o|%a|%A|%u:%g|%Y|%y|%%|%q', 'f', 'd']),
      ]);
      expectRun(def, 0, '2013-11-20 12:34:00\n');
      const lines = all.stdout.split('\n');
      expect(all.code).to.equal(0);
      expect(lines[0]).to.equal(`regular file|f|3|1|33554432|640|rw-r-----|${og.replace(' ', ':')}|${MTIME}|2013-11-20 12:34:00|%|q`);
      expect(lines[1]).to.match(new RegExp(`^directory\\|d\\|0\\|0\\|0\\|755\\|rwxr-xr-x\\|${og.replace(' ', ':')}\\|\\d+\\|`));
    });

    it('-test answers with the exit code only', async function () {
      file('f', 'x');
      file('z', '');
      mkdir('d');
      const cases: Array<[string, string, number]> = [
        ['-e', 'f', 0], ['-e', 'missing', 1], ['-d', 'd', 0], ['-d', 'f', 1], ['-f', 'f', 0], ['-f', 'd', 1],
        ['-s', 'f', 0], ['-s', 'z', 1], ['-z', 'z', 0], ['-z', 'f', 1],
      ];
      const results = await Promise.all(cases.map(([flag, p]) => hfs(['-test', flag, p])));
      results.forEach((r, i) => expectRun(r, cases[i][2], ''));
    });
  });

  describe('-chmod, -chown, -chgrp, -setrep, -checksum', function () {
    it('-chmod takes octal and symbolic modes, -R recurses', async function () {
      file('f', 'x', 0o644);
      file('d/a', 'x', 0o600);
      mkdir('d/sub', 0o700);
      const [octal, sym] = await Promise.all([hfs(['-chmod', '640', 'f']), hfs(['-chmod', '-R', 'u+x,g=r,o-rwx', 'd'])]);
      expectRun(octal, 0, '');
      expectRun(sym, 0, '');
      const mode = (rel: string) => fs.statSync(abs(rel)).mode & 0o7777;
      expect([mode('f'), mode('d/a'), mode('d/sub')]).to.deep.equal([0o640, 0o740, 0o740]);
      expectRun(await hfs(['-chmod', '1777', 'd']), 0, '');
      expect(mode('d')).to.equal(0o1777);
    });

    it('rejects a bad mode and owner with a usage line', async function () {
      file('f', 'x');
      const [mode, owner] = await Promise.all([hfs(['-chmod', 'u+z', 'f']), hfs(['-chown', 'a:b:c', 'f'])]);
      expectRun(
        mode,
        1,
        '',
        "-chmod: chmod : mode 'u+z' does not match the expected pattern.\n" +
          'Usage: hadoop fs [generic options] -chmod [-R] <MODE[,MODE]... | OCTALMODE> PATH...\n',
      );
      expectRun(
        owner,
        1,
        '',
        "-chown: 'a:b:c' does not match expected pattern for [owner][:group].\n" +
          'Usage: hadoop fs [generic options] -chown [-R] [OWNER][:[GROUP]] PATH...\n',
      );
    });

    it('-chown and -chgrp accept the current owner and group', async function () {
      file('f', 'x');
      const [user, group] = og.split(' ');
      const [chown, chgrp] = await Promise.all([hfs(['-chown', `${user}:${group}`, 'f']), hfs(['-chgrp', '-R', group, 'f'])]);
      expectRun(chown, 0, '');
      expectRun(chgrp, 0, '');
    });

    it('-setrep sets every file under a path and -w waits', async function () {
      file('d/a', 'x');
      file('d/s/b', 'x');
      const [r, w] = await Promise.all([hfs(['-setrep', '3', 'd']), hfs(['-setrep', '-w', '1', 'd/a'])]);
      expectRun(r, 0, 'Replication 3 set: d/a\nReplication 3 set: d/s/b\n');
      expectRun(w, 0, 'Replication 1 set: d/a\nWaiting for d/a ... done\n');
      expectRun(await hfs(['-setrep', '0', 'd']), 1, '', '-setrep: replication must be >= 1\nUsage: hadoop fs [generic options] -setrep [-R] [-w] <rep> <path> ...\n');
    });

    it('-checksum prints MD5-of-MD5-of-CRC32 equal for equal content', async function () {
      const content = Buffer.from('checksum me\n'.repeat(100)); // 1200 bytes: three 512-byte chunks
      file('c1', content);
      file('c2', content);
      const crcs = Buffer.alloc(12);
      for (let i = 0; i < 3; i++) crcs.writeUInt32BE(zlib.crc32(content.subarray(i * 512, (i + 1) * 512)) >>> 0, i * 4);
      const md5 = createHash('md5').update(createHash('md5').update(crcs).digest()).digest('hex');
      const hex = '00000200' + '0000000000000000' + md5;
      const r = await hfs(['-checksum', 'c1', 'c2']);
      expectRun(r, 0, `c1\tMD5-of-0MD5-of-512CRC32\t${hex}\nc2\tMD5-of-0MD5-of-512CRC32\t${hex}\n`);
    });
  });

  describe('-find, -getmerge, -appendToFile', function () {
    it('-find matches names with -name and -iname', async function () {
      file('t/a.txt', '');
      file('t/B.TXT', '');
      file('t/s/c.txt', '');
      file('t/s/d.log', '');
      const [name, iname, all] = await Promise.all([
        hfs(['-find', 't', '-name', '*.txt']),
        hfs(['-find', 't', '-iname', '*.txt', '-print']),
        hfs(['-find', 't/s']),
      ]);
      expectRun(name, 0, 't/a.txt\nt/s/c.txt\n');
      expectRun(iname, 0, 't/B.TXT\nt/a.txt\nt/s/c.txt\n');
      expectRun(all, 0, 't/s\nt/s/c.txt\nt/s/d.log\n');
    });

    it('-getmerge concatenates the files of a directory, -nl adds newlines', async function () {
      file('parts/part-00000', 'one');
      file('parts/part-00001', 'two');
      file('parts/sub/ignored', 'no');
      const [plain, nl] = await Promise.all([
        hfs(['-getmerge', 'parts', 'merged']),
        hfs(['-getmerge', '-nl', 'parts', 'merged-nl']),
      ]);
      expectRun(plain, 0, '');
      expectRun(nl, 0, '');
      expect(read('merged')).to.equal('onetwo');
      expect(read('merged-nl')).to.equal('one\ntwo\n');
      expectRun(await hfs(['-getmerge', 'nothere', 'x']), 1, '', "getmerge: `nothere': No such file or directory\n");
      expect(exists('x')).to.equal(false);
    });

    it('-appendToFile appends local files or stdin, creating the target', async function () {
      file('l1', 'a\n');
      file('l2', 'b\n');
      expectRun(await hfs(['-appendToFile', 'l1', 'l2', 'target']), 0, '');
      expectRun(await hfs(['-appendToFile', '-', 'target'], 'c\n'), 0, '');
      expect(read('target')).to.equal('a\nb\nc\n');
    });
  });

  describe('the shell itself', function () {
    it('rejects unknown commands and bad options with usage, exit 1', async function () {
      const [unknown, none, noDash, option, args] = await Promise.all([
        hfs(['-foo']),
        hfs([]),
        hfs(['mkdir', 'x']),
        hfs(['-ls', '-x']),
        hfs(['-mkdir']),
      ]);
      expect(unknown.code).to.equal(1);
      expect(unknown.stderr.startsWith('-foo: Unknown command\n' + USAGE_HEAD)).to.equal(true);
      expect(unknown.stderr).to.include('\t[-ls [-d] [-h] [-R] [<path> ...]]\n');
      expect(none.code).to.equal(1);
      expect(none.stderr.startsWith(USAGE_HEAD)).to.equal(true);
      expect(noDash.code).to.equal(1);
      expect(noDash.stderr.startsWith('mkdir: Unknown command\nDid you mean -mkdir?  This command begins with a dash.\n')).to.equal(true);
      expectRun(option, 1, '', '-ls: Illegal option -x\nUsage: hadoop fs [generic options] -ls [-d] [-h] [-R] [<path> ...]\n');
      expectRun(args, 1, '', '-mkdir: Not enough arguments: expected 1 but got 0\nUsage: hadoop fs [generic options] -mkdir [-p] <path> ...\n');
      expect(unknown.stdout + none.stdout + option.stdout).to.equal('');
    });

    it('prints -usage and -help for a command', async function () {
      const [usage, help] = await Promise.all([hfs(['-usage', 'rm']), hfs(['-help', '-rmdir'])]);
      expectRun(usage, 0, 'Usage: hadoop fs [generic options] -rm [-f] [-r|-R] [-skipTrash] <src> ...\n');
      expect(help.code).to.equal(0);
      expect(help.stdout.split('\n')[0]).to.equal('-rmdir [--ignore-fail-on-non-empty] <dir> ... :');
    });

    it('takes generic options and fully qualified paths; an unknown scheme is one line', async function () {
      file('f', 'x');
      const [qualified, scheme] = await Promise.all([
        hfs(['-D', 'fs.default.name=file:///', '-cat', `file://${abs('f')}`, `file:${abs('f')}`]),
        hfs(['-ls', 'nosuch://host/x']),
      ]);
      expectRun(qualified, 0, 'xx');
      expectRun(scheme, 1, '', 'ls: No FileSystem for scheme: nosuch\n');
    });
  });
});
