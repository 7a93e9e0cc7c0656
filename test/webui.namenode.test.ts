import { expect } from 'chai';
import { isDeepStrictEqual } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { writeFully } from '../common/fs/filesystem';
import { formatBytes, formatTime } from '../common/web/html';
import type { NameNode } from '../dfs/namenode/namenode';
import { displayText } from '../dfs/namenode/web/format';
import type { HdfsFileStatus, LocatedBlocks } from '../dfs/protocol/types';
import { launchBrowser, skipBrowserTests, TestBrowser } from './browser';
import { daemonsAvailable, MiniCluster, startMiniCluster } from './dfs-harness';

type NameNodeStatus = ReturnType<NameNode['status']>;

/**
 * The NameNode's web UI in headless Chromium against a real minicluster (a NameNode and three
 * DataNodes as processes): every figure on the summary and DataNode pages equals GET /status,
 * the browser walks / -> directory -> file -> block -> DataNode, a file's blocks equal its block
 * locations and its first KB its first 1024 bytes, names and contents full of markup show as
 * text, bad queries get a 4xx page, and a killed DataNode turns up in the dead list.
 */
describe('NameNode web UI in Chromium', function () {
  this.timeout(180000);
  let cluster: MiniCluster | null = null;
  let browser: TestBrowser | null = null;
  let base = '';
  const killed = new Set<number>();

  const BIG = '/user/web/data/big.txt';
  // 3 blocks at the harness's 1 MB block size; markup in the first KB must show as text
  const bigContent = Buffer.from(
    Array.from({ length: 70000 }, (_, i) => `line ${String(i).padStart(6, '0')} <b>html</b> & "quoted" 'text'\n`).join(''),
  );
  const XSS_FILE = '/web/<script>alert(1)</script>';
  const IMG_FILE = '/web/<img src=x onerror=alert(1)>.txt';
  const xssContent = '<script>alert(2)</script><b>html</b>\n';
  const BINARY = '/user/web/data/binary.bin';
  const binaryContent = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

  before(async function () {
    if (skipBrowserTests() || !daemonsAvailable()) this.skip();
    cluster = await startMiniCluster({ datanodes: 3 });
    base = `http://${cluster.details.daemons[0].httpAddress}`;
    await writeFully(cluster.fs, BIG, bigContent);
    await writeFully(cluster.fs, XSS_FILE, xssContent);
    await writeFully(cluster.fs, IMG_FILE, 'img\n');
    await writeFully(cluster.fs, BINARY, binaryContent);
    await cluster.fs.mkdirs('/user/web/empty');
    // every block on all three DataNodes, so the pages and the client agree on where blocks are
    await cluster.waitFor(
      async () => {
        for (const p of [BIG, XSS_FILE, IMG_FILE, BINARY]) {
          if ((await locations(p)).blocks.some((b) => b.locations.length !== 3)) return false;
        }
        return (await nameNodeStatus()).underReplicatedBlocks === 0;
      },
      60000,
      'every block to have 3 replicas',
    );
    browser = await launchBrowser();
  });

  after(async function () {
    await browser?.close();
    await cluster?.stop();
  });

  async function nameNodeStatus(): Promise<NameNodeStatus> {
    const res = await fetch(`${base}/status`);
    expect(res.status).to.equal(200);
    return (await res.json()) as NameNodeStatus;
  }

  async function locations(p: string): Promise<LocatedBlocks> {
    return (await cluster!.fs.client.call('getBlockLocations', { path: p, offset: 0, length: 1 << 30 })).located;
  }

  const liveDataNodePids = () => [0, 1, 2].map((i) => cluster!.datanode(i).pid).filter((pid) => !killed.has(pid));

  /**
   * Reads a page while the cluster holds still: the DataNodes are paused (SIGSTOP) so no
   * heartbeat moves a figure (free space changes with every byte anyone writes to this disk),
   * and the reading counts only when GET /status is the same before and after it. The pause
   * is far shorter than the heartbeat expiry; a heartbeat already in flight just means another try.
   */
  async function whileStill<T>(read: () => Promise<T>): Promise<{ status: NameNodeStatus; shown: T }> {
    for (let attempt = 1; ; attempt++) {
      const pids = liveDataNodePids();
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      let before: NameNodeStatus;
      let after: NameNodeStatus;
      let shown: T;
      try {
        before = await nameNodeStatus();
        shown = await read();
        after = await nameNodeStatus();
      } finally {
        for (const pid of pids) process.kill(pid, 'SIGCONT');
      }
      if (isDeepStrictEqual(before, after) && before.liveDatanodes === pids.length) return { status: before, shown };
      if (attempt === 20) throw new Error('GET /status never held still for the length of a page load');
    }
  }

  /** A fresh tab; afterwards no page error, console error or dialog (an alert is an XSS) may have happened. */
  async function withPage(fn: (page: Page) => Promise<void>, opts: { errorStatusesExpected?: boolean } = {}): Promise<void> {
    const { page, errors } = await browser!.newPage();
    try {
      await fn(page);
      // Chromium logs every 4xx document as a console error; the bad-query test asks for them
      const unexpected = opts.errorStatusesExpected ? errors.filter((e) => !/^console: Failed to load resource: the server responded with a status of 4\d\d /.test(e)) : errors;
      expect(unexpected, 'page errors, console errors and dialogs').to.deep.equal([]);
    } finally {
      await page.close();
    }
  }

  /** Every element with an id and a data-value: id -> [data-value, text]. */
  const figures = (page: Page) =>
    page.$$eval('main [id][data-value]', (els) => Object.fromEntries(els.map((e) => [e.id, [e.getAttribute('data-value'), e.textContent!.trim()]])));

  it('shows every figure of the cluster summary as GET /status has it, and refreshes itself', async function () {
    await withPage(async (page) => {
      const { status: s, shown } = await whileStill(async () => {
        await page.goto(`${base}/`);
        return figures(page);
      });
      expect([s.files, s.directories, s.blocks, s.liveDatanodes]).to.deep.equal([4, 7, 6, 3]);
      const pct = (n: number) => ((n / s.capacity) * 100).toFixed(2);
      const bytes = (n: number) => [String(n), formatBytes(n)];
      const count = (n: number) => [String(n), String(n)];
      expect(shown).to.deep.equal({
        safemode: ['off', s.safeMode.tip],
        started: [String(s.startTime), formatTime(s.startTime)],
        'namespace-id': count(s.namespaceId),
        'files-and-directories': [String(s.files + s.directories), `${s.files + s.directories} (${s.files} files, ${s.directories} directories)`],
        files: count(s.files),
        directories: count(s.directories),
        blocks: count(s.blocks),
        capacity: bytes(s.capacity),
        used: bytes(s.used),
        'non-dfs-used': bytes(s.capacity - s.used - s.remaining),
        remaining: bytes(s.remaining),
        'used-percent': [pct(s.used), `${(Math.round((s.used / s.capacity) * 1000) / 10).toFixed(1)}%`],
        'remaining-percent': [pct(s.remaining), `${pct(s.remaining)}%`],
        'live-nodes': count(s.liveDatanodes),
        'dead-nodes': count(s.deadDatanodes),
        'decommissioning-nodes': count(s.decommissioningDatanodes),
        'decommissioned-nodes': count(s.decommissionedDatanodes),
        'under-replicated-blocks': count(s.underReplicatedBlocks),
        'pending-replications': count(s.pendingReplications),
        'corrupt-blocks': count(s.corruptBlocks),
        'missing-blocks': count(s.missingBlocks),
      });
      expect(await page.getAttribute('#live-nodes a', 'href')).to.equal('/dfsnodelist?whatNodes=LIVE');
      expect(await page.$$eval('nav a', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).to.deep.equal([
        ['Overview', '/dfshealth'],
        ['DataNodes', '/dfsnodelist?whatNodes=LIVE'],
        ['Browse the filesystem', '/explorer?path=%2F'],
        ['JSON status', '/status'],
      ]);
      const shot = path.join(os.tmpdir(), 'namenode-dfshealth.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).to.be.greaterThan(0);
      // a live page swaps in a fresh <main> (its "Generated" stamp moves) without a reload
      expect(await page.getAttribute('body', 'data-live')).to.equal('true');
      const stamp = await page.textContent('.stamp');
      await page.waitForFunction(`document.querySelector('.stamp').textContent !== ${JSON.stringify(stamp)}`, undefined, { timeout: 30000 });
      expect(await page.textContent('h1')).to.equal(`NameNode '${s.rpcAddress}'`);
    });
  });

  it('lists the live DataNodes with the figures GET /status reports for each', async function () {
    await withPage(async (page) => {
      const { status: s, shown } = await whileStill(async () => {
        await page.goto(`${base}/dfsnodelist?whatNodes=LIVE`);
        return page.$$eval('#datanodes tbody tr', (trs) =>
          trs.map((tr) => ({
            name: tr.getAttribute('data-name'),
            link: tr.querySelector('td.name a')!.getAttribute('href'),
            text: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()),
            lastContact: Number(tr.getAttribute('data-last-contact')),
          })),
        );
      });
      const live = s.datanodes.filter((n) => n.live);
      expect(live.map((n) => n.name)).to.deep.equal([0, 1, 2].map((i) => cluster!.datanode(i).rpcAddress).sort());
      expect(await page.getAttribute('#node-count', 'data-value')).to.equal('3');
      expect(shown.map((r) => ({ ...r, text: r.text.filter((_, i) => i !== 1) }))).to.deep.equal(
        live.map((n) => ({
          name: n.name,
          link: `/datanode?name=${encodeURIComponent(n.name)}`,
          text: [n.name, 'Normal', formatBytes(n.capacity), formatBytes(n.dfsUsed), formatBytes(n.remaining), `${(Math.round((n.dfsUsed / n.capacity) * 1000) / 10).toFixed(1)}%`, String(n.numBlocks)],
          lastContact: n.lastContact,
        })),
      );
      // last contact is shown in whole seconds before the page was made
      for (const r of shown) expect(Number(r.text[1])).to.be.within(0, Math.floor((Date.now() - r.lastContact) / 1000));
    });
  });

  it('browses / -> directories -> a file whose blocks and first KB match the client API', async function () {
    await withPage(async (page) => {
      await page.goto(`${base}/explorer?path=%2F`);
      for (const [name, next] of [
        ['user', '/explorer?path=%2Fuser'],
        ['web', '/explorer?path=%2Fuser%2Fweb'],
        ['data', '/explorer?path=%2Fuser%2Fweb%2Fdata'],
      ]) {
        await page.locator('#listing').getByRole('link', { name, exact: true }).click();
        await page.waitForURL(`${base}${next}`);
      }
      const { statuses } = await cluster!.fs.client.call('getListing', { path: '/user/web/data' });
      const rows = await page.$$eval('#listing tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      expect(rows).to.deep.equal(
        statuses.map((st: HdfsFileStatus) => [path.posix.basename(st.path), 'file', formatBytes(st.length), String(st.replication), formatBytes(st.blockSize), formatTime(st.modificationTime), '-rw-r--r--', st.owner, st.group]),
      );
      expect(await page.$$eval('#breadcrumbs [data-path]', (els) => els.map((e) => [e.tagName, e.getAttribute('data-path')]))).to.deep.equal([
        ['A', '/'],
        ['A', '/user'],
        ['A', '/user/web'],
        ['B', '/user/web/data'],
      ]);

      await page.locator('#listing').getByRole('link', { name: 'big.txt', exact: true }).click();
      await page.waitForURL(`${base}/file?path=${encodeURIComponent(BIG)}`);
      const located = await locations(BIG);
      const blocks = await page.$$eval('#blocks tbody tr', (trs) =>
        trs.map((tr) => ({
          id: Number(tr.getAttribute('data-block-id')),
          genStamp: Number(tr.querySelector('td.genstamp')!.textContent),
          offset: Number(tr.querySelector('td.offset')!.textContent),
          length: Number(tr.querySelector('td.length')!.textContent),
          locations: [...tr.querySelectorAll('td.locations a')].map((a) => a.textContent),
        })),
      );
      expect(blocks).to.have.length(3);
      expect(blocks).to.deep.equal(
        located.blocks.map((b) => ({
          id: b.block.blockId,
          genStamp: b.block.genStamp,
          offset: b.offset,
          length: b.block.numBytes,
          locations: b.locations.map((l) => l.name).sort(),
        })),
      );
      expect(blocks.reduce((n, b) => n + b.length, 0)).to.equal(bigContent.length);
      expect(await page.getAttribute('#length', 'data-value')).to.equal(String(bigContent.length));
      expect(await page.textContent('#first-kb')).to.equal(bigContent.subarray(0, 1024).toString('utf8'));
      expect(await page.locator('#first-kb b').count()).to.equal(0);

      // binary bytes show as text too: control and invalid bytes as U+FFFD, never as markup
      await page.goto(`${base}/explorer?path=${encodeURIComponent('/user/web/data')}`);
      await page.locator('#listing').getByRole('link', { name: 'binary.bin', exact: true }).click();
      await page.waitForURL(`${base}/file?path=${encodeURIComponent(BINARY)}`);
      expect(await page.getAttribute('#first-kb', 'data-bytes')).to.equal('1024');
      expect(await page.textContent('#first-kb')).to.equal(displayText(binaryContent.subarray(0, 1024)));
      expect(await page.locator('#first-kb *').count()).to.equal(0);
    });
  });

  it('follows a file to its block and the block to a DataNode page', async function () {
    await withPage(async (page) => {
      await page.goto(`${base}/file?path=${encodeURIComponent(BIG)}`);
      const first = (await locations(BIG)).blocks[0];
      const id = first.block.blockId;
      await page.locator('#blocks').getByRole('link', { name: `blk_${id}`, exact: true }).click();
      await page.waitForURL(`${base}/block?id=${id}`);
      expect(await page.textContent('h1')).to.equal(`Block blk_${id}`);
      expect(await page.textContent('#file a')).to.equal(BIG);
      const replicas = await page.$$eval('#replicas tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-datanode'), tr.getAttribute('data-state')]));
      const holders = first.locations.map((l) => l.name).sort();
      expect(replicas).to.deep.equal(holders.map((h) => [h, 'good']));
      expect(await page.getAttribute('#length', 'data-value')).to.equal(String(first.block.numBytes));
      expect(await page.getAttribute('#genstamp', 'data-value')).to.equal(String(first.block.genStamp));

      const target = holders[1];
      await page.locator('#replicas').getByRole('link', { name: target, exact: true }).click();
      await page.waitForURL(`${base}/datanode?name=${encodeURIComponent(target)}`);
      expect(await page.textContent('h1')).to.equal(`DataNode ${target}`);
      expect(await page.locator(`#blocks tr[data-block-id="${id}"]`).count()).to.equal(1);
      expect(await page.getAttribute('a:has(#datanode-web-link)', 'href')).to.equal(`http://${target}/`);
      const own = (await (await fetch(`http://${target}/status`)).json()) as { name: string; storageId: string };
      expect(await page.getAttribute('a:has(#datanode-status-link)', 'href')).to.equal(`http://${target}/status`);
      expect([own.name, own.storageId]).to.deep.equal([target, await page.getAttribute('#storage-id', 'data-value')]);
      const node = (await nameNodeStatus()).datanodes.find((n) => n.name === target)!;
      expect(await page.getAttribute('#capacity', 'data-value')).to.equal(String(node.capacity));
      expect(await page.getAttribute('#state', 'data-value')).to.equal('live');
      // and on to the DataNode's own page, served by the DataNode itself
      await page.click('a:has(#datanode-web-link)');
      await page.waitForURL(`http://${target}/`);
    });
  });

  it('shows names and contents full of markup as text, with no script run', async function () {
    await withPage(async (page) => {
      await page.goto(`${base}/explorer?path=%2Fweb`);
      expect(await page.$$eval('#listing td.name', (tds) => tds.map((td) => td.textContent))).to.deep.equal(['<img src=x onerror=alert(1)>.txt', '<script>alert(1)<']);
      expect(await page.locator('main img, main script').count()).to.equal(0);
      await page.locator('#listing').getByRole('link', { name: '<script>alert(1)<', exact: true }).click();
      await page.waitForURL(`${base}/explorer?path=${encodeURIComponent('/web/<script>alert(1)<')}`);
      expect(await page.$$eval('#listing td.name', (tds) => tds.map((td) => td.textContent))).to.deep.equal(['script>']);
      await page.locator('#listing').getByRole('link', { name: 'script>', exact: true }).click();
      await page.waitForURL(`${base}/file?path=${encodeURIComponent(XSS_FILE)}`);
      expect(await page.textContent('h1')).to.equal(`File ${XSS_FILE}`);
      expect(await page.title()).to.equal(`File ${XSS_FILE}`);
      expect(await page.textContent('#first-kb')).to.equal(xssContent);
      expect(await page.locator('main script, #first-kb *').count()).to.equal(0);
      await page.goto(`${base}/file?path=${encodeURIComponent(IMG_FILE)}`);
      expect(await page.textContent('h1')).to.equal(`File ${IMG_FILE}`);
      expect(await page.locator('main img').count()).to.equal(0);
    });
  });

  it('answers a bad or unknown query with a 4xx page of one line, and keeps serving', async function () {
    await withPage(async (page) => {
      const cases: Array<[string, number, string]> = [
        ['/explorer?path=../../etc/passwd', 400, 'Invalid path name "../../etc/passwd": must be an absolute path'],
        ['/file?path=/user/../etc/passwd', 400, 'Invalid path name /user/../etc/passwd'],
        ['/file?path=/no/such/file', 404, 'No such file: /no/such/file'],
        ['/explorer?path=/no/such/dir', 404, 'No such file or directory: /no/such/dir'],
        ['/file', 400, "Missing query parameter 'path'"],
        ['/file?path=/a&path=/b', 400, "Query parameter 'path' must be given once, as a string"],
        [`/explorer?path=${'/x'.repeat(4500)}`, 400, `Invalid path name ${JSON.stringify('/x'.repeat(100))}: must be an absolute path`],
        ['/block?id=abc', 400, "Bad block id 'abc': a block id is a positive integer"],
        ['/block?id=99999999', 404, 'No block blk_99999999 in this namespace'],
        ['/block', 400, "Missing query parameter 'id'"],
        ['/datanode?name=%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404, 'No DataNode named <script>alert(1)</script> is known to this NameNode'],
        ['/dfsnodelist?whatNodes=ALL', 400, "Unknown whatNodes 'ALL': use LIVE, DEAD or DECOMMISSIONING"],
      ];
      for (const [url, status, message] of cases) {
        const res = await page.goto(`${base}${url}`);
        expect([url, res!.status()]).to.deep.equal([url, status]);
        expect(await page.$$eval('main p.error', (ps) => ps.map((p) => p.textContent))).to.deep.equal([message]);
        expect(await page.textContent('h1')).to.equal(status === 404 ? 'Not found' : 'Bad request');
      }
      expect((await page.goto(`${base}/dfshealth`))!.status()).to.equal(200);
      expect((await nameNodeStatus()).liveDatanodes).to.equal(3);
    }, { errorStatusesExpected: true });
  });

  it('moves a killed DataNode to the dead list once its heartbeats expire', async function () {
    await withPage(async (page) => {
      const victim = cluster!.datanode(2);
      killed.add(victim.pid);
      await cluster!.killDatanode(2);
      await page.goto(`${base}/dfsnodelist?whatNodes=DEAD`);
      // the list is a live page: it shows the node once the NameNode declares it dead
      await page.waitForSelector(`#datanodes tr[data-name="${victim.rpcAddress}"]`, { timeout: 60000 });
      const s = await nameNodeStatus();
      expect([s.liveDatanodes, s.deadDatanodes]).to.deep.equal([2, 1]);
      expect(await page.$$eval('#datanodes tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-name'), tr.getAttribute('data-state')]))).to.deep.equal([[victim.rpcAddress, 'dead']]);
      await page.goto(`${base}/dfsnodelist?whatNodes=LIVE`);
      expect(await page.$$eval('#datanodes tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-name')))).to.deep.equal(
        s.datanodes.filter((n) => n.live).map((n) => n.name),
      );
      await page.goto(`${base}/dfshealth`);
      expect(await page.getAttribute('#dead-nodes', 'data-value')).to.equal('1');
      await page.click('#dead-nodes a');
      await page.waitForURL(`${base}/dfsnodelist?whatNodes=DEAD`);
      await page.locator('#datanodes').getByRole('link', { name: victim.rpcAddress, exact: true }).click();
      await page.waitForURL(`${base}/datanode?name=${encodeURIComponent(victim.rpcAddress)}`);
      expect(await page.getAttribute('#state', 'data-value')).to.equal('dead');
    });
  });
});
