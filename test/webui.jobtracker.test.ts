import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CountersJSON } from '../mapreduce/api/counters';
import type { ClusterStatusJSON, JobStatusJSON, TaskReport, TrackerInfo } from '../mapreduce/protocol/types';
import { launchBrowser, skipBrowserTests, TestBrowser } from './browser';
import { daemonsAvailable } from './dfs-harness';
import { rmrf, RunResult, tempDir } from './helpers';
import { FIXTURES, jarArgs, MrCluster, startMrCluster, waitForJob } from './mr-harness';

const XSS = '<script>alert(1)</script>';
const GATED = [path.join(FIXTURES, 'gated-jobs.js'), 'GatedWordCount'];

type ClusterJSON = ClusterStatusJSON & { identifier: string; startTime: number; address: string };

/** The percentage text progressBar prints for a fraction. */
function pct(f: number): string {
  return `${(Math.round(Math.max(0, Math.min(1, f)) * 1000) / 10).toFixed(1)}%`;
}

/** Per-kind sums of the successful attempts' counters, computed here from the JSON on its own. */
function kindCounters(tasks: TaskReport[], isMap: boolean): CountersJSON {
  const out: CountersJSON = {};
  for (const t of tasks.filter((x) => x.isMap === isMap)) {
    const won = t.attempts.find((a) => a.attemptId === t.successfulAttempt);
    for (const [g, names] of Object.entries(won?.counters ?? {})) {
      for (const [n, v] of Object.entries(names)) {
        out[g] ??= {};
        out[g][n] = (out[g][n] ?? 0) + v;
      }
    }
  }
  return out;
}

describe('JobTracker web UI in Chromium: a minicluster (2 TaskTrackers) running a job named <script>alert(1)</script>', function () {
  this.timeout(300000);
  let c: MrCluster | undefined;
  let browser: TestBrowser | undefined;
  let dir = '';
  let gate = '';
  let web = '';
  let jobId = '';
  let client: Promise<RunResult> | undefined;

  const json = async <T>(p: string): Promise<T> => {
    const r = await fetch(`${web}${p}`);
    expect(r.status, p).to.equal(200);
    return (await r.json()) as T;
  };
  const jobJson = () => json<{ status: JobStatusJSON; tasks: TaskReport[] }>(`/status/jobs/${jobId}`);

  async function open(p: string): Promise<{ page: Page; errors: string[] }> {
    const tab = await browser!.newPage();
    const res = await tab.page.goto(`${web}${p}`);
    expect(res?.status(), p).to.equal(200);
    return tab;
  }

  before(async function () {
    if (!daemonsAvailable() || skipBrowserTests()) this.skip();
    dir = tempDir('webui-jt-');
    gate = path.join(dir, 'gate');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    // three files: three maps
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(input, `f${i}.txt`), `the quick brown fox ${i}\njumps over the lazy dog\n`.repeat(i + 1));
    c = await startMrCluster({ datanodes: 1, tasktrackers: 2, conf: { 'dfs.replication': '1' } });
    const put = await c.hadoop(['fs', '-put', input, '/in']);
    expect([put.code, put.stderr]).to.deep.equal([0, '']);
    web = `http://${c.details.daemons.find((d) => d.role === 'jobtracker')!.httpAddress}`;
    browser = await launchBrowser();
    // the maps wait for the gate file: the job stays running, unchanged, until the test opens it
    client = c.hadoop(jarArgs(GATED, ['/in', '/out'], ['-D', `mapred.job.name=${XSS}`, '-D', 'mapred.reduce.tasks=2', '-D', `test.gate.file=${gate}`]), { timeoutMs: 280000 });
    jobId = await waitForJob(c);
    await c.waitFor(async () => (await json<ClusterJSON>('/status/cluster')).runningMaps === 3, 60000, 'the three maps to run');
  });

  after(async () => {
    if (gate) fs.writeFileSync(gate, '');
    await browser?.close();
    await c?.stop();
    await client?.catch(() => undefined);
    if (dir) rmrf(dir);
  });

  it('the summary while the job runs: every figure equals /status/cluster, the job is in the running table as /status/jobs has it', async () => {
    const before = await json<ClusterJSON>('/status/cluster');
    const { page, errors } = await open('/jobtracker');
    const after = await json<ClusterJSON>('/status/cluster');
    // the gated job holds everything still: what the page was built from is what the JSON says
    expect(after).to.deep.equal(before);
    const s = before;
    const figures: Record<string, string> = {};
    for (const cell of await page.locator('[data-figure]').all()) figures[(await cell.getAttribute('data-figure'))!] = (await cell.textContent())!.trim();
    expect(figures).to.deep.equal({
      live: String(s.trackers - s.blacklisted),
      blacklisted: String(s.blacklisted),
      lost: String(s.lost),
      mapSlots: String(s.mapSlots),
      mapSlotsInUse: String(s.runningMaps),
      reduceSlots: String(s.reduceSlots),
      reduceSlotsInUse: String(s.runningReduces),
      runningMaps: String(s.runningMaps),
      runningReduces: String(s.runningReduces),
      'jobs.running': String(s.jobs.running),
      'jobs.succeeded': String(s.jobs.succeeded),
      'jobs.failed': String(s.jobs.failed),
      'jobs.killed': String(s.jobs.killed),
    });
    expect([s.trackers, s.mapSlots, s.runningMaps, s.jobs.running]).to.deep.equal([2, 4, 3, 1]);
    expect(await page.locator('#jt-identifier').textContent()).to.equal(s.identifier);
    const { jobs } = await json<{ jobs: JobStatusJSON[] }>('/status/jobs');
    const j = jobs.find((x) => x.jobId === jobId)!;
    const row = page.locator('#running-jobs tbody tr');
    expect(await row.count()).to.equal(jobs.filter((x) => x.state === 'RUNNING' || x.state === 'PREP').length);
    const cells = await row.first().locator('td').allTextContents();
    expect(cells.slice(0, 6).map((x) => x.trim())).to.deep.equal([jobId, XSS, j.user, pct(j.mapProgress), pct(j.reduceProgress), 'RUNNING']);
    expect(await page.locator('body').getAttribute('data-live')).to.equal('true');
    // the live trackers' count links to their list, which names the same trackers as /status/trackers
    await page.click('[data-figure="live"] a');
    await page.waitForURL(/\/machines\?type=active$/);
    const { trackers } = await json<{ trackers: TrackerInfo[] }>('/status/trackers');
    const names = (await page.locator('#trackers [data-tracker]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tracker')))).sort();
    expect(names).to.deep.equal(trackers.filter((t) => t.state === 'live').map((t) => t.trackerName).sort());
    expect(errors).to.deep.equal([]);
  });

  it('the job page follows the job on its own from RUNNING to SUCCEEDED (no reload), then shows the bars, task counts and counters of /status/jobs/<id> exactly', async () => {
    const { page, errors } = await open(`/jobdetails?jobid=${jobId}`);
    expect(await page.locator('#job-state').getAttribute('data-state')).to.equal('RUNNING');
    expect(await page.locator('#job-name').textContent()).to.equal(XSS);
    const running = await jobJson();
    const count = async (kind: string, what: string) => (await page.locator(`#kinds tr[data-kind="${kind}"] [data-count="${what}"]`).textContent())!.trim();
    // the maps wait at the gate, the reduces wait for a finished map
    expect(await count('map', 'running')).to.equal(String(running.tasks.filter((t) => t.isMap && t.state === 'RUNNING').length));
    expect([await count('map', 'running'), await count('map', 'pending'), await count('reduce', 'pending')]).to.deep.equal(['3', '0', '2']);
    // a mark in this document: gone if the page were loaded again
    await page.evaluate(() => ((globalThis as unknown as { mark: number }).mark = 42));
    fs.writeFileSync(gate, '');
    await page.waitForSelector('#job-state[data-state="SUCCEEDED"]', { timeout: 120000 });
    expect(await page.evaluate(() => (globalThis as unknown as { mark?: number }).mark)).to.equal(42);
    await page.waitForSelector('body[data-live="false"]', { timeout: 30000 });
    const r = await client!;
    expect(r.code, r.stderr).to.equal(0);

    await page.reload();
    const { status, tasks } = await jobJson();
    expect(status.state).to.equal('SUCCEEDED');
    for (const [kind, progress] of [['map', status.mapProgress], ['reduce', status.reduceProgress]] as const) {
      const cell = page.locator(`#kinds tr[data-kind="${kind}"] [data-progress]`);
      expect(await cell.getAttribute('data-progress')).to.equal(String(progress));
      expect(await cell.locator('.pct').textContent()).to.equal(pct(progress));
      const mine = tasks.filter((t) => t.isMap === (kind === 'map'));
      expect([await count(kind, 'all'), await count(kind, 'completed'), await count(kind, 'running'), await count(kind, 'failed')]).to.deep.equal([
        String(mine.length),
        String(mine.filter((t) => t.state === 'SUCCEEDED').length),
        '0',
        '0',
      ]);
    }
    expect([status.numMaps, status.numReduces]).to.deep.equal([3, 2]);
    const shown: Record<string, [number, number, number]> = {};
    for (const row of await page.locator('#counters tbody tr').all()) {
      const key = `${await row.getAttribute('data-group')}/${await row.getAttribute('data-counter')}`;
      const v = async (kind: string) => Number(await row.locator(`[data-kind="${kind}"]`).getAttribute('data-value'));
      shown[key] = [await v('map'), await v('reduce'), await v('total')];
    }
    const map = kindCounters(tasks, true);
    const reduce = kindCounters(tasks, false);
    const expected: Record<string, [number, number, number]> = {};
    for (const set of [status.counters, map, reduce]) {
      for (const [g, names] of Object.entries(set)) {
        for (const n of Object.keys(names)) expected[`${g}/${n}`] = [map[g]?.[n] ?? 0, reduce[g]?.[n] ?? 0, status.counters[g]?.[n] ?? 0];
      }
    }
    expect(shown).to.deep.equal(expected);
    expect(shown['org.apache.hadoop.mapreduce.TaskCounter/MAP_INPUT_RECORDS']).to.deep.equal([12, 0, 12]);
    expect(shown['org.apache.hadoop.mapreduce.JobCounter/TOTAL_LAUNCHED_REDUCES']).to.deep.equal([0, 0, 2]);
    expect(errors).to.deep.equal([]);
  });

  it('the job page draws the timeline: one bar per attempt of the task reports (screenshot in the temp dir)', async () => {
    const { page, errors } = await open(`/jobdetails?jobid=${jobId}`);
    const { tasks } = await jobJson();
    const attempts = tasks.flatMap((t) => t.attempts.map((a) => a.attemptId)).sort();
    const bars = await page.locator('#timeline svg [data-attempt]').evaluateAll((els) => els.map((e) => e.getAttribute('data-attempt')));
    expect(bars.sort()).to.deep.equal(attempts);
    // kept for a person to look at (each run overwrites it)
    const shot = path.join(os.tmpdir(), 'webui-jobtracker-timeline.png');
    await page.locator('#timeline svg').screenshot({ path: shot });
    expect(fs.statSync(shot).size).to.be.greaterThan(1000);
    await page.screenshot({ path: path.join(os.tmpdir(), 'webui-jobtracker-job.png'), fullPage: true });
    // the picture on its own
    const svg = await fetch(`${web}/jobtimeline.svg?jobid=${jobId}`);
    expect([svg.status, svg.headers.get('content-type')]).to.deep.equal([200, 'image/svg+xml; charset=utf-8']);
    expect((await svg.text()).match(/<g class="attempt" data-attempt="/g)?.length).to.equal(attempts.length);
    expect(errors).to.deep.equal([]);
  });

  it('links lead from the job to a map task list, a task, its attempt and its tracker, each page showing what /status/jobs/<id> says', async () => {
    const { tasks } = await jobJson();
    const { page, errors } = await open(`/jobdetails?jobid=${jobId}`);
    await page.click('#kinds tr[data-kind="map"] [data-count="all"] a');
    await page.waitForURL(/\/jobtasks\?/);
    expect(await page.locator('h1').textContent()).to.equal(`Map tasks of ${jobId}`);
    const listed = await page.locator('#tasks [data-task]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')));
    expect(listed).to.deep.equal(tasks.filter((t) => t.isMap).map((t) => t.taskId));

    const task = tasks.find((t) => t.isMap)!;
    await page.click(`#tasks [data-task="${task.taskId}"] a`);
    await page.waitForURL(/\/taskdetails\?/);
    expect(await page.locator('h1').textContent()).to.equal(`Task ${task.taskId}`);
    expect(await page.locator('#task-state').getAttribute('data-state')).to.equal(task.state);
    const rows = await page.locator('#attempts [data-attempt]').evaluateAll((els) => els.map((e) => e.getAttribute('data-attempt')));
    expect(rows).to.deep.equal(task.attempts.map((a) => a.attemptId));

    const attempt = task.attempts.find((a) => a.attemptId === task.successfulAttempt)!;
    await page.click(`#attempts [data-attempt="${attempt.attemptId}"] a`);
    await page.waitForURL(/\/attempt\?/);
    expect(await page.locator('h1').textContent()).to.equal(`Attempt ${attempt.attemptId}`);
    expect(await page.locator('#attempt-state').getAttribute('data-state')).to.equal('SUCCEEDED');
    const counters: CountersJSON = {};
    for (const row of await page.locator('#counters tbody tr').all()) {
      const g = (await row.getAttribute('data-group'))!;
      counters[g] ??= {};
      counters[g][(await row.getAttribute('data-counter'))!] = Number(await row.locator('[data-value]').getAttribute('data-value'));
    }
    expect(counters).to.deep.equal(attempt.counters);

    await page.click('#attempt-tracker a');
    await page.waitForURL(/\/tracker\?/);
    expect(await page.locator('h1').textContent()).to.equal(`TaskTracker ${attempt.tracker}`);
    const onTracker = await page.locator('#tracker-attempts [data-attempt]').evaluateAll((els) => els.map((e) => e.getAttribute('data-attempt')));
    const expected = tasks.flatMap((t) => t.attempts.filter((a) => a.tracker === attempt.tracker).map((a) => a.attemptId));
    expect(onTracker).to.deep.equal(expected);
    expect(onTracker).to.include(attempt.attemptId);
    expect(errors).to.deep.equal([]);
  });

  it('the job named <script>alert(1)</script> shows as that text everywhere, and no script of it runs', async () => {
    for (const p of ['/jobtracker', `/jobdetails?jobid=${jobId}`, `/jobtasks?jobid=${jobId}&type=reduce`, '/jobhistory']) {
      const { page, errors } = await open(p);
      const text = (await page.locator('main').textContent())!;
      expect(text, p).to.include(XSS);
      const scripts = await page.locator('script').allTextContents();
      expect(scripts.filter((s) => s.includes('alert')), p).to.deep.equal([]);
      expect(errors, p).to.deep.equal([]);
    }
    const { page } = await open(`/jobconf?jobid=${jobId}`);
    expect(await page.locator('#jobconf tr', { has: page.locator('[data-key="mapred.job.name"]') }).locator('td').nth(1).textContent()).to.equal(XSS);
  });

  it('the history page lists the finished job from its history file, and its page shows the job and its timeline', async () => {
    const { tasks } = await jobJson();
    const { page, errors } = await open('/jobhistory');
    await page.click(`#history [data-job="${jobId}"] a`);
    await page.waitForURL(/\/jobhistory\/job\?file=/);
    expect(await page.locator('#job-name').textContent()).to.equal(XSS);
    expect(await page.locator('#job-state').getAttribute('data-state')).to.equal('SUCCEEDED');
    const bars = await page.locator('#timeline svg [data-attempt]').evaluateAll((els) => els.map((e) => e.getAttribute('data-attempt')));
    expect(bars.sort()).to.deep.equal(tasks.flatMap((t) => t.attempts.map((a) => a.attemptId)).sort());
    expect(await page.locator('#kinds tr[data-kind="map"] [data-count="succeeded"]').textContent()).to.equal('3');
    expect(await page.locator('#kinds tr[data-kind="reduce"] [data-count="succeeded"]').textContent()).to.equal('2');
    expect(errors).to.deep.equal([]);
  });

  it('the history is read from the files: one copied in under a job id this JobTracker never ran is listed and shown', async () => {
    const historyDir = path.join(c!.baseDir, 'logs', 'history');
    const file = fs.readdirSync(historyDir).find((f) => f.startsWith(`${jobId}_`) && !f.endsWith('_conf.xml'))!;
    const other = 'job_197001010000_0042';
    const text = fs.readFileSync(path.join(historyDir, file), 'utf8').split(jobId.slice('job_'.length)).join(other.slice('job_'.length));
    const copied = `${other}_1000_someone_copied`;
    fs.writeFileSync(path.join(historyDir, copied), text);
    const { page, errors } = await open('/jobhistory');
    await page.click(`#history [data-job="${other}"] a`);
    await page.waitForURL(/\/jobhistory\/job\?file=/);
    expect(await page.locator('h1').textContent()).to.equal(`Job history of ${other}`);
    expect(await page.locator('#timeline svg [data-attempt]').count()).to.equal(5);
    // the JobTracker itself knows nothing of it
    expect((await fetch(`${web}/jobdetails?jobid=${other}`)).status).to.equal(404);
    expect(errors).to.deep.equal([]);
  });

  it('after the JobTracker restarts, the history still lists the job and its configuration comes from the history', async () => {
    await c!.stopJobTracker('SIGTERM');
    const now = await c!.startJobTracker();
    web = `http://${now.httpAddress}`;
    const { page, errors } = await open('/jobhistory');
    expect(await page.locator(`#history [data-job="${jobId}"]`).count()).to.equal(1);
    // the new JobTracker never held the job
    expect((await fetch(`${web}/jobdetails?jobid=${jobId}`)).status).to.equal(404);
    await page.goto(`${web}/jobconf?jobid=${jobId}`);
    expect(await page.locator('#jobconf tr', { has: page.locator('[data-key="mapred.job.name"]') }).locator('td').nth(1).textContent()).to.equal(XSS);
    expect(errors).to.deep.equal([]);
  });

  it('a bad or unknown query answers a 4xx page with one line, and the JobTracker keeps serving', async () => {
    const cases: Array<[string, number, string]> = [
      ['/jobdetails', 400, "Missing query parameter 'jobid'"],
      ['/jobdetails?jobid=../../etc/passwd', 400, "Bad value for query parameter 'jobid': ../../etc/passwd"],
      ['/jobdetails?jobid=job_1_0001', 404, 'No job job_1_0001 on this JobTracker (a finished job may be in the job history)'],
      ['/jobtasks?jobid=job_1_0001&type=neither', 400, "Query parameter 'type' must be one of map, reduce"],
      ['/taskdetails?tipid=task_1_0001_m_000000', 404, 'No job job_1_0001 on this JobTracker (a finished job may be in the job history)'],
      ['/attempt?attemptid=nonsense', 400, "Bad value for query parameter 'attemptid': nonsense"],
      ['/tracker?name=tracker_nowhere:1', 404, 'No TaskTracker tracker_nowhere:1 known to this JobTracker'],
      ['/machines?type=all', 400, "Query parameter 'type' must be one of active, blacklisted, lost"],
      ['/jobhistory/job?file=../../conf/core-site.xml', 400, 'Not a job history file name: ../../conf/core-site.xml'],
      ['/jobhistory/job?file=job_1_0001_1_u_nothing', 404, 'No job history file job_1_0001_1_u_nothing in '],
      ['/jobconf?jobid=job_1_0001', 404, 'No configuration for job job_1_0001: the JobTracker does not hold it and its history has none'],
      [`/jobtimeline.svg?jobid=job_1_0001`, 404, 'No job job_1_0001 on this JobTracker (a finished job may be in the job history)'],
    ];
    const { page, errors } = await open('/jobtracker');
    for (const [p, code, line] of cases) {
      const res = await page.goto(`${web}${p}`);
      expect(res?.status(), p).to.equal(code);
      expect(await page.locator('p.error').count(), p).to.equal(1);
      expect(await page.locator('p.error').textContent(), p).to.include(line);
    }
    const s = await json<ClusterJSON>('/status/cluster');
    expect(s.address).to.equal(c!.details.daemons.find((d) => d.role === 'jobtracker')!.rpcAddress);
    // console errors for the 4xx loads are the browser reporting them; nothing else went wrong
    expect(errors.filter((e) => !/status of 40[04]/.test(e))).to.deep.equal([]);
  });
});
