import { expect } from 'chai';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HADOOP_BIN, rmrf, runHadoop, tempDir } from './helpers';
import { AutoRunner, FakeTracker, until } from './jobtracker.fakes';

describe('hadoop jobtracker (a real daemon process)', function () {
  this.timeout(120000);
  let dir: string;
  let proc: ChildProcess | null = null;
  let exited: Promise<number | null>;

  beforeEach(() => {
    dir = tempDir('jtdaemon-');
  });
  afterEach(async () => {
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGKILL');
      await exited;
    }
    proc = null;
    rmrf(dir);
  });

  function start(extra: string[] = []): void {
    const args = [
      'jobtracker',
      '-D', 'mapred.job.tracker=127.0.0.1:0',
      '-D', 'mapred.job.tracker.http.address=127.0.0.1:0',
      '-D', `daemon.ready.file=${path.join(dir, 'ready.json')}`,
      '-D', `hadoop.log.dir=${path.join(dir, 'logs')}`,
      '-D', `mapreduce.jobtracker.staging.root.dir=${path.join(dir, 'staging')}`,
      '-D', `hadoop.job.history.location=${path.join(dir, 'history')}`,
      '-D', `mapred.local.dir=${path.join(dir, 'local')}`,
      '-D', 'mapred.heartbeat.interval.ms=100',
      ...extra,
    ];
    proc = spawn(process.execPath, [HADOOP_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const p = proc;
    exited = new Promise((resolve) => p.once('exit', (code) => resolve(code)));
  }

  it('starts on a free port, writes its ready file, runs a job for hadoop jar, survives a hostile request, stops on SIGTERM', async () => {
    start();
    const readyFile = path.join(dir, 'ready.json');
    await until('the ready file', () => fs.existsSync(readyFile), 30000);
    const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { role: string; pid: number; rpcAddress: string; httpAddress: string; localDirs: string[] };
    expect(ready.role).to.equal('jobtracker');
    expect(ready.pid).to.equal(proc!.pid);
    expect(ready.rpcAddress).to.match(/^127\.0\.0\.1:\d+$/);
    // the web UI listens on its own port (mapred.job.tracker.http.address)
    expect(ready.httpAddress).to.match(/^127\.0\.0\.1:\d+$/);
    expect(ready.httpAddress).not.to.equal(ready.rpcAddress);
    expect(ready.localDirs).to.deep.equal([path.join(dir, 'local')]);

    const hostile = await fetch(`http://${ready.rpcAddress}/rpc/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status": {"trackerName": 7}}' });
    expect(hostile.status).to.equal(400);

    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.writeFileSync(path.join(input, 'a.txt'), 'x y\n');
    const auto = new AutoRunner([new FakeTracker(ready.rpcAddress, 'tracker_a:1')]).start();
    try {
      const out = path.join(dir, 'out');
      const r = await runHadoop(['jar', 'examples', 'wordcount', '-D', `mapred.job.tracker=${ready.rpcAddress}`, input, out]);
      expect(r.code, r.stderr).to.equal(0);
      expect(fs.readdirSync(out).sort()).to.deep.equal(['_SUCCESS', '_logs']);
      const list = await runHadoop(['job', '-D', `mapred.job.tracker=${ready.rpcAddress}`, '-list', 'all']);
      expect(list.stdout.split('\n')[0]).to.equal('1 jobs submitted');
      expect(fs.readdirSync(path.join(dir, 'history')).filter((f) => f.endsWith('_conf.xml'))).to.have.length(1);
    } finally {
      await auto.stop();
    }
    proc!.kill('SIGTERM');
    expect(await exited).to.equal(0);
    const logs = fs.readdirSync(path.join(dir, 'logs'));
    expect(logs).to.have.length(1);
    const text = fs.readFileSync(path.join(dir, 'logs', logs[0]), 'utf8');
    expect(text).to.match(/INFO mapred\.JobTracker: JobTracker up at 127\.0\.0\.1:\d+/);
    expect(text).to.match(/INFO mapred\.JobInProgress: Job job_\d{12}_0001 completed successfully/);
    expect(text).to.include('INFO mapred.JobTracker: Stopped');
  });

  it('refuses to start with mapred.job.tracker=local, in one line', async () => {
    const r = await runHadoop(['jobtracker', '-D', 'mapred.job.tracker=local', '-D', `hadoop.log.dir=${path.join(dir, 'logs')}`]);
    expect(r.code).to.equal(1);
    expect(r.stderr.trim()).to.equal("hadoop: Invalid value for mapred.job.tracker: 'local' is not host:port (a JobTracker needs an address; 'local' runs jobs in the client)");
  });
});
