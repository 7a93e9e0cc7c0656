import { expect } from 'chai';
import { writeConfigurationXml } from '../common/conf/xml';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { daemonsAvailable, waitFor } from './dfs-harness';
import { HADOOP_HOME, rmrf, runHadoop, tempDir } from './helpers';

const run = promisify(execFile);
const ROLES = ['namenode', 'datanode', 'jobtracker', 'tasktracker'];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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

function siteXml(props: Record<string, string>): string {
  return writeConfigurationXml(Object.entries(props));
}

describe('bin/start-all.sh and bin/stop-all.sh (DFS and MapReduce from the conf dir and its slaves file)', function () {
  this.timeout(120000);
  let dir: string;
  let pidFiles: string[] = [];

  beforeEach(() => {
    dir = tempDir('mr-scripts-');
    pidFiles = ROLES.map((r) => path.join(dir, 'pids', `hadoop-test-${r}.pid`));
  });

  afterEach(() => {
    for (const f of pidFiles) {
      try {
        const pid = Number(fs.readFileSync(f, 'utf8'));
        if (alive(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // not started, or stopped
      }
    }
    rmrf(dir);
  });

  it('starts a NameNode, a DataNode, a JobTracker and a TaskTracker; a job runs through the conf dir; stop-all.sh stops them by pid', async function () {
    if (!daemonsAvailable()) this.skip();
    const conf = path.join(dir, 'conf');
    fs.mkdirSync(conf);
    const [nn, jt] = [await freePort(), await freePort()];
    fs.writeFileSync(
      path.join(conf, 'core-site.xml'),
      siteXml({ 'fs.default.name': `hdfs://127.0.0.1:${nn}`, 'hadoop.tmp.dir': path.join(dir, 'tmp') }),
    );
    fs.writeFileSync(
      path.join(conf, 'hdfs-site.xml'),
      siteXml({
        'dfs.name.dir': path.join(dir, 'name'),
        'dfs.data.dir': path.join(dir, 'data'),
        'dfs.http.address': '127.0.0.1:0',
        'dfs.datanode.address': '127.0.0.1:0',
        'dfs.datanode.http.address': '127.0.0.1:0',
        'dfs.heartbeat.interval': '0.2',
        'dfs.safemode.extension': '0',
        'dfs.replication': '1',
      }),
    );
    fs.writeFileSync(
      path.join(conf, 'mapred-site.xml'),
      siteXml({
        'mapred.job.tracker': `127.0.0.1:${jt}`,
        'mapred.job.tracker.http.address': '127.0.0.1:0',
        'mapred.task.tracker.http.address': '127.0.0.1:0',
        'mapred.local.dir': path.join(dir, 'mapred-local'),
        'mapred.heartbeat.interval.ms': '200',
        'mapreduce.client.progress.interval.ms': '100',
      }),
    );
    fs.writeFileSync(path.join(conf, 'masters'), 'localhost\n');
    fs.writeFileSync(path.join(conf, 'slaves'), 'localhost\n');
    const env = { ...process.env, HADOOP_CONF_DIR: conf, HADOOP_PID_DIR: path.join(dir, 'pids'), HADOOP_LOG_DIR: path.join(dir, 'logs'), HADOOP_IDENT_STRING: 'test' };
    const format = await runHadoop(['namenode', '-format'], { env });
    expect(format.code, format.stderr).to.equal(0);

    const start = await run(path.join(HADOOP_HOME, 'bin', 'start-all.sh'), [], { env });
    expect(start.stdout).to.match(/^starting namenode, logging to .*\nstarting datanode, logging to .*\nstarting jobtracker, logging to .*\nstarting tasktracker, logging to .*\n$/);
    const pids = pidFiles.map((f) => Number(fs.readFileSync(f, 'utf8')));
    for (const pid of pids) expect(alive(pid)).to.equal(true);
    await waitFor(async () => (await runHadoop(['job', '-list-active-trackers'], { env })).stdout.startsWith('tracker_'), 30000, 'the TaskTracker to register');
    await waitFor(async () => (await runHadoop(['dfsadmin', '-report'], { env })).stdout.includes('Datanodes available: 1 (1 total, 0 dead)'), 30000, 'the DataNode');

    const put = await runHadoop(['fs', '-put', '-', '/words.txt'], { env, input: 'b a\nc a b a\n' });
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
    const job = await runHadoop(['jar', 'examples', 'wordcount', '/words.txt', '/out'], { env });
    expect(job.code, job.stderr).to.equal(0);
    expect(job.stderr).to.match(/Running job: job_\d{12}_0001\n/);
    const cat = await runHadoop(['fs', '-cat', '/out/part-r-00000'], { env });
    expect(cat.stdout).to.equal('a\t3\nb\t2\nc\t1\n');
    const list = await runHadoop(['job', '-list', 'all'], { env });
    expect(list.stdout.split('\n')[0]).to.equal('1 jobs submitted');

    const stop = await run(path.join(HADOOP_HOME, 'bin', 'stop-all.sh'), [], { env });
    expect(stop.stdout).to.equal('stopping jobtracker\nstopping tasktracker\nstopping namenode\nstopping datanode\n');
    for (const pid of pids) expect(alive(pid)).to.equal(false);
    for (const f of pidFiles) expect(fs.existsSync(f)).to.equal(false);
    const again = await run(path.join(HADOOP_HOME, 'bin', 'stop-all.sh'), [], { env });
    expect(again.stdout).to.equal('no jobtracker to stop\nno tasktracker to stop\nno namenode to stop\nno datanode to stop\n');
  });
});
