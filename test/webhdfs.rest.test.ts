import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFully } from '../common/fs/filesystem';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';
import { pseudoRandom, tempDir } from './helpers';

const MB = 1048576;

interface Answer {
  status: number;
  location: string | null;
  json: unknown;
  body: Buffer;
}

/**
 * WebHDFS as curl would use it, on a real cluster with dfs.webhdfs.enabled: metadata operations
 * on the NameNode, the two-step CREATE/APPEND/OPEN through a 307 to a DataNode, Hadoop's JSON
 * shapes and RemoteException errors with their statuses.
 */
describe('WebHDFS REST API (minicluster of 2 DataNodes, dfs.webhdfs.enabled=true)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;
  let nn: string;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 2, conf: { 'dfs.replication': '1', 'dfs.webhdfs.enabled': 'true' } });
    nn = cluster.details.daemons.find((d) => d.role === 'namenode')!.httpAddress;
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  async function call(method: string, url: string, body?: Buffer): Promise<Answer> {
    const res = await fetch(url.startsWith('http') ? url : `http://${nn}/webhdfs/v1${url}`, { method, body, redirect: 'manual' });
    const buf = Buffer.from(await res.arrayBuffer());
    let json: unknown = null;
    if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(buf.toString());
    return { status: res.status, location: res.headers.get('location'), json, body: buf };
  }

  /** The two steps: the NameNode's 307 (checked), then the DataNode. */
  async function twoStep(method: string, url: string, body?: Buffer): Promise<Answer> {
    const first = await call(method, url);
    expect([first.status, first.body.length], `${method} ${url}`).to.deep.equal([307, 0]);
    const dn = new URL(first.location!).host;
    expect(cluster.details.daemons.filter((d) => d.role === 'datanode').map((d) => d.httpAddress)).to.include(dn);
    return call(method, first.location!, body);
  }

  const remote = (exception: string, message: string) => ({ RemoteException: { exception, javaClassName: JAVA[exception], message } });
  const JAVA: Record<string, string> = {
    FileNotFoundException: 'java.io.FileNotFoundException',
    IllegalArgumentException: 'java.lang.IllegalArgumentException',
    IOException: 'java.io.IOException',
    FileAlreadyExistsException: 'org.apache.hadoop.fs.FileAlreadyExistsException',
  };

  it('answers metadata operations on the NameNode in Hadoop JSON', async () => {
    expect((await call('PUT', '/w/d?op=MKDIRS&user.name=alice&permission=750')).json).to.deep.equal({ boolean: true });
    const st = (await call('GET', '/w/d?op=GETFILESTATUS')).json as { FileStatus: Record<string, unknown> };
    expect({ ...st.FileStatus, modificationTime: 0 }).to.deep.equal({
      accessTime: 0,
      blockSize: 0,
      group: 'supergroup',
      length: 0,
      modificationTime: 0,
      owner: 'alice',
      pathSuffix: '',
      permission: '750',
      replication: 0,
      type: 'DIRECTORY',
    });
    await call('PUT', '/w/e?op=MKDIRS');
    const list = (await call('GET', '/w?op=LISTSTATUS')).json as { FileStatuses: { FileStatus: Array<{ pathSuffix: string; owner: string; permission: string }> } };
    expect(list.FileStatuses.FileStatus.map((s) => [s.pathSuffix, s.owner, s.permission])).to.deep.equal([
      ['d', 'alice', '750'],
      ['e', 'webuser', '755'],
    ]);
    expect((await call('GET', '/w?op=GETHOMEDIRECTORY&user.name=bob')).json).to.deep.equal({ Path: '/user/bob' });
    expect((await call('PUT', '/w/e?op=RENAME&destination=/w/f')).json).to.deep.equal({ boolean: true });
    expect((await call('PUT', '/w/missing?op=RENAME&destination=/w/g')).json).to.deep.equal({ boolean: false });
    expect((await call('PUT', '/w/f?op=SETPERMISSION&permission=1777')).status).to.equal(200);
    expect((await call('PUT', '/w/f?op=SETOWNER&owner=carol&group=staff')).status).to.equal(200);
    expect((await call('PUT', '/w/f?op=SETTIMES&modificationtime=1000000000000')).status).to.equal(200);
    const f = (await call('GET', '/w/f?op=GETFILESTATUS')).json as { FileStatus: Record<string, unknown> };
    expect([f.FileStatus.permission, f.FileStatus.owner, f.FileStatus.group, f.FileStatus.modificationTime]).to.deep.equal(['1777', 'carol', 'staff', 1000000000000]);
    expect((await call('GET', '/w?op=GETCONTENTSUMMARY')).json).to.deep.equal({
      ContentSummary: { directoryCount: 3, fileCount: 0, length: 0, quota: -1, spaceConsumed: 0, spaceQuota: -1 },
    });
    expect(await call('DELETE', '/w?op=DELETE')).to.include({ status: 403 });
    expect((await call('DELETE', '/w?op=DELETE&recursive=true')).json).to.deep.equal({ boolean: true });
    expect((await call('DELETE', '/w?op=DELETE&recursive=true')).json).to.deep.equal({ boolean: false });
  });

  it('creates, appends to and opens files through a 307 to a DataNode, byte for byte', async () => {
    const data = pseudoRandom(2 * MB + 12345, 41);
    // the NameNode only redirects: nothing exists until the DataNode has the body
    const first = await call('PUT', '/data/f?op=CREATE&user.name=alice&replication=2&blocksize=1048576');
    expect(first.status).to.equal(307);
    expect(await cluster.fs.exists('/data/f')).to.equal(false);
    const created = await call('PUT', first.location!, data);
    expect([created.status, created.location]).to.deep.equal([201, `webhdfs://${cluster.nameNodeAddress}/data/f`]);
    const st = await cluster.fs.getFileStatus('/data/f');
    expect([st.length, st.replication, st.blockSize, st.owner, st.permission]).to.deep.equal([data.length, 2, MB, 'alice', 0o644]);
    expect((await readFully(cluster.fs, '/data/f')).equals(data)).to.equal(true);
    const more = pseudoRandom(5000, 42);
    expect((await twoStep('POST', '/data/f?op=APPEND', more)).status).to.equal(200);
    const all = Buffer.concat([data, more]);
    expect((await twoStep('GET', '/data/f?op=OPEN')).body.equals(all)).to.equal(true);
    expect((await twoStep('GET', `/data/f?op=OPEN&offset=${MB - 10}&length=100`)).body.equals(all.subarray(MB - 10, MB + 90))).to.equal(true);
    expect((await twoStep('GET', `/data/f?op=OPEN&offset=${all.length - 7}`)).body.equals(all.subarray(all.length - 7))).to.equal(true);
    const sum = (await twoStep('GET', '/data/f?op=GETFILECHECKSUM')).json as { FileChecksum: { algorithm: string; bytes: string; length: number } };
    const shell = await cluster.hadoop(['fs', '-checksum', '/data/f']);
    expect(shell.stdout).to.equal(`/data/f\t${sum.FileChecksum.algorithm}\t${sum.FileChecksum.bytes}\n`);
    expect(sum.FileChecksum.length).to.equal(28);
    // an existing file without overwrite=true is refused by the NameNode, before any data is sent
    const again = await call('PUT', '/data/f?op=CREATE');
    expect([again.status, (again.json as { RemoteException: { exception: string } }).RemoteException.exception]).to.deep.equal([403, 'FileAlreadyExistsException']);
    expect((await cluster.fs.getFileStatus('/data/f')).length).to.equal(all.length);
  });

  it('hadoop fs works on webhdfs:// paths: put, ls, cat, checksum and rm', async () => {
    const dir = `webhdfs://${nn}/shell`;
    expect((await cluster.hadoop(['fs', '-mkdir', dir])).code).to.equal(0);
    const put = await cluster.hadoop(['fs', '-put', '-', `${dir}/in.txt`], { input: 'over REST\n' });
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
    const ls = await cluster.hadoop(['fs', '-ls', dir]);
    expect(ls.stdout).to.match(new RegExp(`^Found 1 items\n-rw-r--r--   1 \\S+ supergroup +10 [-0-9]+ [0-9:]+ ${dir}/in.txt\n$`));
    expect((await cluster.hadoop(['fs', '-cat', `${dir}/in.txt`])).stdout).to.equal('over REST\n');
    const viaHdfs = await cluster.hadoop(['fs', '-checksum', '/shell/in.txt']);
    const viaWeb = await cluster.hadoop(['fs', '-checksum', `${dir}/in.txt`]);
    expect(viaWeb.stdout).to.equal(viaHdfs.stdout.replace('/shell/in.txt', `${dir}/in.txt`));
    expect((await cluster.hadoop(['fs', '-rm', '-r', dir])).stdout).to.equal(`Deleted ${dir}\n`);
    expect(await cluster.fs.exists('/shell')).to.equal(false);
  });

  it('stops a webhdfs:// write at once when the DataNode fails it midway (a space quota reached)', async () => {
    await cluster.fs.mkdirs('/small');
    expect((await cluster.hadoop(['dfsadmin', '-setSpaceQuota', '2m', '/small'])).code).to.equal(0);
    const local = path.join(tempDir('webhdfs-'), 'big');
    fs.writeFileSync(local, pseudoRandom(5 * MB, 43));
    const put = await cluster.hadoop(['fs', '-put', local, `webhdfs://${nn}/small/big`]);
    expect([put.code, put.stderr]).to.deep.equal([1, `put: \`webhdfs://${nn}/small/big': The DiskSpace quota of /small is exceeded: quota=2097152 diskspace consumed=3.0m\n`]);
    expect(await cluster.fs.exists('/small/big')).to.equal(false);
  });

  it('answers bad requests with a RemoteException and the right status, and keeps serving', async () => {
    expect(await call('GET', '/nope?op=GETFILESTATUS')).to.deep.include({ status: 404, json: remote('FileNotFoundException', 'File does not exist: /nope') });
    expect(await call('GET', '/nope?op=OPEN')).to.deep.include({ status: 404, json: remote('FileNotFoundException', 'File does not exist: /nope') });
    expect(await call('GET', '/?op=FROB')).to.deep.include({
      status: 400,
      json: remote('IllegalArgumentException', 'Invalid value for webhdfs parameter "op": FROB is not a WebHDFS operation'),
    });
    expect(await call('GET', '/x?op=MKDIRS')).to.deep.include({
      status: 400,
      json: remote('IllegalArgumentException', 'Invalid value for webhdfs parameter "op": MKDIRS is not a GET operation'),
    });
    expect(await call('PUT', '/x?op=MKDIRS&permission=999')).to.deep.include({
      status: 400,
      json: remote('IllegalArgumentException', 'Invalid value for webhdfs parameter "permission": 999 is not an octal permission in 0-1777'),
    });
    expect(await call('DELETE', '/x?op=DELETE&recursive=maybe')).to.deep.include({
      status: 400,
      json: remote('IllegalArgumentException', 'Invalid value for webhdfs parameter "recursive": maybe is not true or false'),
    });
    expect(await call('GET', '/?op=GETFILESTATUS&op=LISTSTATUS')).to.deep.include({ status: 400 });
    expect(await call('GET', '/%E0%A4%A?op=GETFILESTATUS')).to.deep.include({ status: 400 });
    await cluster.fs.mkdirs('/o');
    const offset = await call('GET', '/data/f?op=OPEN&offset=99999999');
    expect(offset).to.deep.include({ status: 403 });
    expect((offset.json as { RemoteException: { message: string } }).RemoteException.message).to.match(/^Offset=99999999 out of the range \[0, \d+\); OPEN, path=\/data\/f$/);
    const dn = cluster.details.daemons.find((d) => d.role === 'datanode')!.httpAddress;
    expect(await call('GET', `http://${dn}/webhdfs/v1/o?op=LISTSTATUS`)).to.deep.include({ status: 400 });
    expect((await call('GET', '/?op=GETFILESTATUS')).status).to.equal(200);
  });
});

describe('WebHDFS is off unless dfs.webhdfs.enabled (as in Hadoop 1)', function () {
  this.timeout(60000);
  let cluster: MiniCluster;

  before(async function () {
    if (!daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 1 });
  });

  after(async function () {
    if (cluster) await cluster.stop();
  });

  it('answers 404 on the NameNode and the DataNodes', async () => {
    for (const d of cluster.details.daemons) {
      const res = await fetch(`http://${d.httpAddress}/webhdfs/v1/?op=GETFILESTATUS`, { redirect: 'manual' });
      expect([d.role, res.status]).to.deep.equal([d.role, 404]);
    }
  });
});
