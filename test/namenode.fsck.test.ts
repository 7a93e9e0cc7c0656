import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { javaDate, javaFloat } from '../dfs/namenode/fsck';
import type { Block } from '../dfs/protocol/types';
import { FakeDataNode, NameNodeHarness, quietLogs, startDataNodes } from './namenode.fixtures';

const user = process.env.HADOOP_USER_NAME || os.userInfo().username;

/** The report with its two dates and the elapsed time replaced. */
function normalize(report: string): string {
  return report
    .replace(/ at [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \S+ \d{4}\n/, ' at DATE\n')
    .replace(/FSCK ended at .* in \d+ milliseconds\n/, 'FSCK ended at DATE in N milliseconds\n');
}

describe('NameNode fsck report', function () {
  this.timeout(20000);
  let h: NameNodeHarness;
  let dns: FakeDataNode[] = [];
  let dir = '';

  before(() => quietLogs.before());
  after(() => quietLogs.after());

  afterEach(async function () {
    for (const d of dns) await d.stop();
    dns = [];
    await h?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function write(p: string, replication: number, numBytes: number, on: FakeDataNode[]): Promise<Block> {
    const clientName = 'DFSClient_f';
    await h.call('create', { path: p, clientName, overwrite: false, replication, blockSize: 1048576, permission: 0o644 });
    const { block } = await h.call('addBlock', { path: p, clientName, previous: null, excludeNodes: on.length > 0 ? dns.filter((d) => !on.includes(d)).map((d) => d.name) : [] });
    const last = { ...block.block, numBytes };
    for (const d of on) await d.receive(last);
    if (on.length === 0) await dns[0].receive(last);
    await h.call('complete', { path: p, clientName, last });
    if (on.length === 0) await dns[0].delete(last);
    return last;
  }

  it('lists files, blocks and locations, and counts under-replicated, missing and open files', async function () {
    h = await NameNodeHarness.start({ 'dfs.replication.interval': '100' });
    dns = await startDataNodes(h, 2);
    for (const d of dns) await d.run(dns);
    const [a, b] = [...dns].sort((x, y) => (x.name < y.name ? -1 : 1));
    await write('/a', 2, 1000, [a, b]);
    await write('/b', 3, 2000, [a, b]);
    await write('/d/c', 1, 300, []);
    await h.call('create', { path: '/open', clientName: 'DFSClient_o', overwrite: false, replication: 1, blockSize: 1048576, permission: 0o644 });
    const { report, healthy } = await h.call('fsck', { path: '/', files: true, blocks: true, locations: true, racks: false });
    expect(healthy).to.equal(false);
    expect(normalize(report)).to.equal(
      `FSCK started by ${user} from /127.0.0.1 for path / at DATE\n` +
        '/ <dir>\n' +
        '/a 1000 bytes, 1 block(s):  OK\n' +
        `0. blk_1_1000 len=1000 repl=2 [${a.name}, ${b.name}]\n\n` +
        '/b 2000 bytes, 1 block(s):  Under replicated blk_2_1000. Target Replicas is 3 but found 2 replica(s).\n' +
        `0. blk_2_1000 len=2000 repl=2 [${a.name}, ${b.name}]\n\n` +
        '/d <dir>\n' +
        '/d/c 300 bytes, 1 block(s):  MISSING 1 blocks of total size 300 B\n' +
        '0. blk_3_1000 len=300 MISSING!\n\n' +
        'Status: CORRUPT\n' +
        ' Total size:\t3300 B\n' +
        ' Total dirs:\t2\n' +
        ' Total files:\t3 (Files currently being written: 1)\n' +
        ' Total blocks (validated):\t3 (avg. block size 1100 B)\n' +
        '  ********************************\n' +
        '  CORRUPT FILES:\t1\n' +
        '  MISSING BLOCKS:\t1\n' +
        '  MISSING SIZE:\t\t300 B\n' +
        '  ********************************\n' +
        ' Minimally replicated blocks:\t2 (66.666664 %)\n' +
        ' Over-replicated blocks:\t0 (0.0 %)\n' +
        ' Under-replicated blocks:\t1 (33.333332 %)\n' +
        ' Mis-replicated blocks:\t\t0 (0.0 %)\n' +
        ' Default replication factor:\t3\n' +
        ' Average block replication:\t1.3333334\n' +
        ' Corrupt blocks:\t\t0\n' +
        ' Missing replicas:\t\t1 (25.0 %)\n' +
        ' Number of data-nodes:\t\t2\n' +
        ' Number of racks:\t\t1\n' +
        'FSCK ended at DATE in N milliseconds\n' +
        '\n\n' +
        "The filesystem under path '/' is CORRUPT",
    );
  });

  it('prints dots without -files, flags mis-replicated blocks across racks, and says HEALTHY', async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-fsck-'));
    h = await NameNodeHarness.start({ 'dfs.replication.interval': '100' });
    dns = await startDataNodes(h, 3);
    const table = path.join(dir, 'topology');
    fs.writeFileSync(table, `${dns[0].name} /r1\n${dns[1].name} /r1\n${dns[2].name} /r2\n`);
    await h.restart({ 'net.topology.table.file.name': table });
    for (const d of dns) await d.run(dns);
    await write('/ok', 2, 10, [dns[0], dns[2]]);
    await write('/m', 2, 20, [dns[0], dns[1]]);
    const { report, healthy } = await h.call('fsck', { path: '/m', files: false, blocks: false, locations: false, racks: false });
    expect(healthy).to.equal(true);
    expect(normalize(report)).to.equal(
      `FSCK started by ${user} from /127.0.0.1 for path /m at DATE\n` +
        '.\n/m:  Replica placement policy is violated for blk_2_1000. Block should be additionally replicated on 1 more rack(s).\n' +
        'Status: HEALTHY\n' +
        ' Total size:\t20 B\n' +
        ' Total dirs:\t0\n' +
        ' Total files:\t1\n' +
        ' Total blocks (validated):\t1 (avg. block size 20 B)\n' +
        ' Minimally replicated blocks:\t1 (100.0 %)\n' +
        ' Over-replicated blocks:\t0 (0.0 %)\n' +
        ' Under-replicated blocks:\t0 (0.0 %)\n' +
        ' Mis-replicated blocks:\t\t1 (100.0 %)\n' +
        ' Default replication factor:\t3\n' +
        ' Average block replication:\t2.0\n' +
        ' Corrupt blocks:\t\t0\n' +
        ' Missing replicas:\t\t0 (0.0 %)\n' +
        ' Number of data-nodes:\t\t3\n' +
        ' Number of racks:\t\t2\n' +
        'FSCK ended at DATE in N milliseconds\n' +
        '\n\n' +
        "The filesystem under path '/m' is HEALTHY",
    );
    const racks = await h.call('fsck', { path: '/ok', files: true, blocks: true, locations: false, racks: true });
    expect(normalize(racks.report).split('\n').slice(1, 3)).to.deep.equal([
      '/ok 10 bytes, 1 block(s):  OK',
      `0. blk_1_1000 len=10 repl=2 [${[`/r1/${dns[0].name}`, `/r2/${dns[2].name}`].sort((x, y) => (x.split('/')[2] < y.split('/')[2] ? -1 : 1)).join(', ')}]`,
    ]);
  });

  it("says a missing path does not exist", async function () {
    h = await NameNodeHarness.start();
    const { report, healthy } = await h.call('fsck', { path: '/nope', files: false, blocks: false, locations: false, racks: false });
    expect([normalize(report), healthy]).to.deep.equal([`FSCK started by ${user} from /127.0.0.1 for path /nope at DATE\n\n\nPath '/nope' does not exist`, false]);
  });

  it("formats floats and dates as Java does", function () {
    expect([100, 0, 200 / 3, 100 / 3, 4 / 3, 2.5, 1e-4, 12345678].map((x) => javaFloat(Math.fround(x)))).to.deep.equal([
      '100.0',
      '0.0',
      '66.666664',
      '33.333332',
      '1.3333334',
      '2.5',
      '1.0E-4',
      '1.2345678E7',
    ]);
    expect(javaDate(new Date(2026, 0, 5, 7, 8, 9))).to.match(/^Mon Jan 05 07:08:09 \S+ 2026$/);
  });
});
