import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localMinute } from '../dfs/shell/format';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { pseudoRandom, rmrf, tempDir } from './helpers';

/** `hadoop fs` through bin/hadoop on hdfs://: the same shell as on file://, on a real cluster. */
describe('hadoop fs on hdfs:// (minicluster of 3 DataNodes)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let local: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 3 });
    local = tempDir('dfs-shell-');
  });

  after(async function () {
    if (cluster) await cluster.stop();
    if (local) rmrf(local);
  });

  it('puts and gets a file of many blocks byte for byte, three replicas of each block', async function () {
    const data = pseudoRandom(5 * 1024 * 1024 + 12345, 42);
    fs.writeFileSync(path.join(local, 'big'), data);
    expect((await cluster.hadoop(['fs', '-mkdir', '/data'])).code).to.equal(0);
    const put = await cluster.hadoop(['fs', '-put', path.join(local, 'big'), '/data/big']);
    expect([put.code, put.stdout, put.stderr]).to.deep.equal([0, '', '']);
    const get = await cluster.hadoop(['fs', '-get', '/data/big', path.join(local, 'big.copy')]);
    expect([get.code, get.stdout, get.stderr]).to.deep.equal([0, '', '']);
    expect(fs.readFileSync(path.join(local, 'big.copy')).equals(data)).to.equal(true);
    const st = await cluster.fs.getFileStatus('/data/big');
    expect([st.length, st.blockSize, st.replication]).to.deep.equal([data.length, 1048576, 3]);
    const blocks = await cluster.fs.getFileBlockLocations(st, 0, st.length);
    expect(blocks.map((b) => [b.offset, b.length, new Set(b.names).size])).to.deep.equal([
      ...[0, 1, 2, 3, 4].map((i) => [i * 1048576, 1048576, 3]),
      [5 * 1048576, 12345, 3],
    ]);
  });

  it('lists with the replication column and expands globs', async function () {
    fs.writeFileSync(path.join(local, 'a.txt'), 'hello');
    fs.writeFileSync(path.join(local, 'b.txt'), 'abc');
    expect((await cluster.hadoop(['fs', '-mkdir', '-p', '/ls/d'])).code).to.equal(0);
    expect((await cluster.hadoop(['fs', '-put', path.join(local, 'a.txt'), '/ls/a.txt'])).code).to.equal(0);
    expect((await cluster.hadoop(['fs', '-D', 'dfs.replication=2', '-put', path.join(local, 'b.txt'), '/ls/b.txt'])).code).to.equal(0);
    const a = await cluster.fs.getFileStatus('/ls/a.txt');
    const b = await cluster.fs.getFileStatus('/ls/b.txt');
    const d = await cluster.fs.getFileStatus('/ls/d');
    const w = Math.max(a.owner.length, d.owner.length);
    const g = Math.max(a.group.length, d.group.length);
    const line = (perm: string, repl: string, size: number, mtime: number, p: string) =>
      `${perm}   ${repl} ${a.owner.padEnd(w)} ${a.group.padEnd(g)} ${String(size).padStart(10)} ${localMinute(mtime)} ${p}`;
    const ls = await cluster.hadoop(['fs', '-ls', '/ls']);
    expect(ls.stderr).to.equal('');
    expect(ls.stdout).to.equal(
      [
        'Found 3 items',
        line('-rw-r--r--', '3', 5, a.modificationTime, '/ls/a.txt'),
        line('-rw-r--r--', '2', 3, b.modificationTime, '/ls/b.txt'),
        line('drwxr-xr-x', '-', 0, d.modificationTime, '/ls/d'),
        '',
      ].join('\n'),
    );
    const glob = await cluster.hadoop(['fs', '-ls', '/ls/*.txt']);
    expect(glob.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').pop())).to.deep.equal(['/ls/a.txt', '/ls/b.txt']);
    const cat = await cluster.hadoop(['fs', '-cat', '/ls/{b,a}.txt']);
    expect([cat.code, cat.stdout]).to.deep.equal([0, 'helloabc']);
    const count = await cluster.hadoop(['fs', '-count', '/ls']);
    expect(count.stdout.trim().split(/\s+/)).to.deep.equal(['2', '2', '8', '/ls']);
  });

  it('answers each error case with one clear line and exit code 1', async function () {
    fs.writeFileSync(path.join(local, 'x'), 'x');
    await cluster.fs.mkdirs('/err/full/sub');
    await cluster.hadoop(['fs', '-put', path.join(local, 'x'), '/err/file']);
    const cases: Array<[string[], string]> = [
      [['fs', '-put', path.join(local, 'x'), '/err/file'], "put: `/err/file': File exists\n"],
      [['fs', '-cat', '/err/missing'], "cat: `/err/missing': No such file or directory\n"],
      [['fs', '-get', '/err/missing', path.join(local, 'm')], "get: `/err/missing': No such file or directory\n"],
      [['fs', '-mkdir', '/err/file/sub'], "mkdir: `/err/file/sub': Parent path is not a directory\n"],
      [['fs', '-rm', '/err/full'], "rm: `/err/full': Is a directory\n"],
      [['fs', '-rmdir', '/err/full'], "rmdir: `/err/full': Directory is not empty\n"],
    ];
    for (const [args, stderr] of cases) {
      const r = await cluster.hadoop(args);
      expect([r.code, r.stdout, r.stderr], args.join(' ')).to.deep.equal([1, '', stderr]);
    }
    const mv = await cluster.hadoop(['fs', '-mv', '/err/full', '/err/full/sub']);
    expect(mv.code).to.equal(1);
    expect(mv.stderr.split('\n')).to.have.length(2);
    expect(mv.stderr).to.match(/^mv: .*\/err\/full.*subdirectory/);
    expect(await cluster.fs.exists('/err/full/sub')).to.equal(true);
    expect(fs.readFileSync(path.join(local, 'x'), 'utf8')).to.equal('x');
  });
});
