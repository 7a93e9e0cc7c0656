import { expect } from 'chai';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { writeConfigurationXml } from '../common/conf/xml';
import type { ClusterDetails } from '../dfs/tools/cluster-processes';
import { daemonsAvailable } from './dfs-harness';
import { HADOOP_BIN, HADOOP_HOME, rmrf, runHadoop, tempDir } from './helpers';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('hadoop minicluster', function () {
  this.timeout(60000);
  let dir: string;
  let child: ChildProcess | null = null;
  let pids: number[] = [];

  beforeEach(function () {
    dir = tempDir('minicluster-cli-');
    pids = [];
  });

  afterEach(async function () {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmrf(dir);
  });

  it('refuses a bad command line with its usage and exit 255', async function () {
    const r = await runHadoop(['minicluster', '-datanodes', 'many']);
    expect(r.code).to.equal(255);
    expect(r.stderr).to.equal(
      "minicluster: -datanodes needs a number >= 1, not 'many'\n" +
        'Usage: hadoop minicluster -datanodes N [-tasktrackers M] -writeConfig DIR -writeDetails FILE [-dir BASE] [-D key=value ...]\n',
    );
  });

  it('starts a NameNode, DataNodes, a JobTracker and a TaskTracker as processes, writes the client conf and details, and stops them on SIGTERM', async function () {
    if (!daemonsAvailable()) this.skip();
    const confDir = path.join(dir, 'conf');
    const details = path.join(dir, 'details.json');
    child = spawn(
      process.execPath,
      [HADOOP_BIN, 'minicluster', '-datanodes', '2', '-tasktrackers', '1', '-writeConfig', confDir, '-writeDetails', details,
        '-dir', path.join(dir, 'base'), '-D', 'dfs.replication=2', '-D', 'dfs.block.size=2097152', '-D', 'dfs.heartbeat.interval=0.2'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    await until(() => fs.existsSync(details) || child!.exitCode !== null, 30000, 'the details file');
    const d = JSON.parse(fs.readFileSync(details, 'utf8')) as ClusterDetails;
    pids = d.daemons.map((x) => x.pid);
    expect(d.daemons.map((x) => x.role)).to.deep.equal(['namenode', 'datanode', 'datanode', 'jobtracker', 'tasktracker']);
    expect([d.confDir, d.baseDir]).to.deep.equal([confDir, path.join(dir, 'base')]);
    for (const x of d.daemons) {
      expect(alive(x.pid), `${x.role} ${x.pid}`).to.equal(true);
      expect(x.rpcAddress).to.match(/^127\.0\.0\.1:\d+$/);
      expect(x.httpAddress).to.match(/^[\d.]+:\d+$/);
      expect(x.webAddress).to.equal(`http://${x.httpAddress}/`);
      expect(fs.existsSync(x.logFile), x.logFile).to.equal(true);
    }
    // every daemon's web address answers with its page
    for (const x of d.daemons) {
      const page = await fetch(x.webAddress);
      expect([x.role, page.status, page.headers.get('content-type')]).to.deep.equal([x.role, 200, 'text/html; charset=utf-8']);
      expect(await page.text()).to.match(/^<!DOCTYPE html>/);
    }
    expect(d.daemons[3].httpAddress).to.not.equal(d.daemons[3].rpcAddress);
    expect(d.daemons[1].storageDirs).to.have.length(1);
    expect(d.daemons[1].storageDirs[0]).to.not.equal(d.daemons[2].storageDirs[0]);
    const [jt, tt] = d.daemons.slice(3);
    expect(jt.localDirs).to.deep.equal([path.join(dir, 'base', 'mapred', 'jobtracker')]);
    expect(tt.localDirs).to.deep.equal([path.join(dir, 'base', 'mapred', 'tasktracker1')]);
    expect(tt.trackerName).to.equal(`tracker_${tt.httpAddress}`);
    await until(() => stdout.includes('Cluster configuration in'), 5000, 'the summary');
    expect(stdout.split('\n').filter((l) => / pid \d+ rpc /.test(l))).to.have.length(5);
    expect(stderr).to.equal('');
    const core = fs.readFileSync(path.join(confDir, 'core-site.xml'), 'utf8');
    expect(core).to.include(`<name>fs.default.name</name><value>hdfs://${d.daemons[0].rpcAddress}</value>`);
    expect(fs.readFileSync(path.join(confDir, 'mapred-site.xml'), 'utf8')).to.include(`<name>mapred.job.tracker</name><value>${jt.rpcAddress}</value>`);
    expect(fs.readFileSync(path.join(confDir, 'hdfs-site.xml'), 'utf8')).to.include('<name>dfs.replication</name><value>2</value>');
    for (const f of ['core-site.xml', 'hdfs-site.xml', 'mapred-site.xml']) expect(fs.existsSync(path.join(confDir, f))).to.equal(true);
    // a client through the written conf dir: the file gets the cluster's replication and block size
    const env = { HADOOP_CONF_DIR: confDir };
    const put = await runHadoop(['fs', '-put', '-', '/x'], { env, input: 'hello' });
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
    const stat = await runHadoop(['fs', '-stat', '%r %o', '/x'], { env });
    expect(stat.stdout).to.equal('2 2097152\n');
    await until(async () => (await runHadoop(['dfsadmin', '-report'], { env })).stdout.includes('Datanodes available: 2 (2 total, 0 dead)'), 10000, '2 live DataNodes');
    const jobs = await runHadoop(['job', '-list'], { env });
    expect([jobs.code, jobs.stdout.split('\n')[0]]).to.deep.equal([0, '0 jobs currently running']);
    await until(async () => (await runHadoop(['job', '-list-active-trackers'], { env })).stdout === `${tt.trackerName}\n`, 10000, 'the TaskTracker to register');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    expect(code).to.equal(0);
    for (const x of d.daemons) expect(alive(x.pid), `${x.role} still alive`).to.equal(false);
  });

  it('bin/start-dfs.sh starts the NameNode and a DataNode per slave; bin/stop-dfs.sh stops them by pid', async function () {
    if (!daemonsAvailable()) this.skip();
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(conf);
    const port = await freePort();
    const props: Record<string, string> = {
      'fs.default.name': `hdfs://127.0.0.1:${port}`,
      'dfs.name.dir': path.join(dir, 'name'),
      'dfs.data.dir': path.join(dir, 'data'),
      'dfs.http.address': '127.0.0.1:0',
      'dfs.datanode.address': '127.0.0.1:0',
      'dfs.datanode.http.address': '127.0.0.1:0',
      'dfs.heartbeat.interval': '0.2',
      'dfs.safemode.extension': '0',
      'dfs.replication': '1',
    };
    fs.writeFileSync(path.join(conf, 'core-site.xml'), writeConfigurationXml(Object.entries(props)));
    fs.writeFileSync(path.join(conf, 'slaves'), 'localhost\n');
    const env = { ...process.env, HADOOP_CONF_DIR: conf, HADOOP_PID_DIR: path.join(dir, 'pids'), HADOOP_LOG_DIR: path.join(dir, 'logs'), HADOOP_IDENT_STRING: 'test' };
    const format = await runHadoop(['namenode', '-format'], { env });
    expect(format.code, format.stderr).to.equal(0);
    const start = await run(path.join(HADOOP_HOME, 'bin', 'start-dfs.sh'), [], { env });
    const pidFiles = ['namenode', 'datanode'].map((r) => path.join(dir, 'pids', `hadoop-test-${r}.pid`));
    pids = pidFiles.map((f) => Number(fs.readFileSync(f, 'utf8')));
    expect(start.stdout).to.match(/^starting namenode, logging to .*\nstarting datanode, logging to .*\n$/);
    await until(
      async () => (await runHadoop(['dfsadmin', '-report'], { env })).stdout.includes('Datanodes available: 1 (1 total, 0 dead)'),
      20000,
      'the DataNode to register',
    );
    const stop = await run(path.join(HADOOP_HOME, 'bin', 'stop-dfs.sh'), [], { env });
    expect(stop.stdout).to.equal('stopping namenode\nstopping datanode\n');
    for (const pid of pids) expect(alive(pid)).to.equal(false);
    for (const f of pidFiles) expect(fs.existsSync(f)).to.equal(false);
    const again = await run(path.join(HADOOP_HOME, 'bin', 'stop-dfs.sh'), [], { env });
    expect(again.stdout).to.equal('no namenode to stop\nno datanode to stop\n');
  });
});
