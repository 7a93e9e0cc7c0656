import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { isHadoopError } from '../common/errors';
import { BlockLocation, FileStatus, FileSystem, LocalFileSystem, Path } from '../common/fs';
import type { JobContext } from '../mapreduce/api/context';
import { JobKeys } from '../mapreduce/api/job-keys';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { FileSplit } from '../mapreduce/lib/input/file-split';
import { SequenceFileInputFormat } from '../mapreduce/lib/input/sequence-file-input-format';
import { TextInputFormat } from '../mapreduce/lib/input/text-input-format';
import { rmrf, tempDir } from './helpers';

/** The local filesystem under another scheme, with one distinct host per block. */
class BlockHostsFs extends LocalFileSystem {
  constructor(conf: Configuration) {
    super(conf);
    (this as { scheme: string }).scheme = 'blockhosts';
  }
  protected override async _getFileBlockLocations(status: FileStatus, start: number, len: number): Promise<BlockLocation[]> {
    const out: BlockLocation[] = [];
    const bs = status.blockSize;
    for (let off = Math.floor(start / bs) * bs; off < Math.min(status.length, start + len); off += bs) {
      const h = `host${off / bs}`;
      out.push({ offset: off, length: Math.min(bs, status.length - off), hosts: [h], names: [`${h}:50010`], topologyPaths: [] });
    }
    return out;
  }
}
FileSystem.register('blockhosts', (_uri, conf) => new BlockHostsFs(conf));

function jobOf(conf: Configuration): JobContext {
  return { getConfiguration: () => conf, getJobID: () => 'job_local_0001' };
}

async function splitsOf(format: FileInputFormat, conf: Configuration): Promise<Array<[string, number, number]>> {
  const splits = (await format.getSplits(jobOf(conf))) as FileSplit[];
  return splits.map((s) => [s.getPath().getName(), s.getStart(), s.getLength()]);
}

describe('FileInputFormat', () => {
  let dir: string;
  let conf: Configuration;

  beforeEach(() => {
    dir = tempDir('input-splits-');
    conf = new Configuration({ loadSiteFiles: false });
  });

  afterEach(() => rmrf(dir));

  const write = (name: string, size: number | string) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, typeof size === 'string' ? size : Buffer.alloc(size, 'x'));
    return p;
  };

  describe('input paths', () => {
    it('stores qualified, comma-separated paths in mapred.input.dir', () => {
      const job = jobOf(conf);
      FileInputFormat.addInputPath(job, '/data/in');
      FileInputFormat.addInputPath(job, 'file:/data/b,c');
      expect(conf.get(JobKeys.INPUT_DIR)).to.equal('file:/data/in,file:/data/b\\,c');
      expect(FileInputFormat.getInputPaths(job).map(String)).to.deep.equal(['file:/data/in', 'file:/data/b,c']);
    });

    it('qualifies relative paths against the working directory', () => {
      FileInputFormat.addInputPath(jobOf(conf), 'rel/in');
      expect(conf.get(JobKeys.INPUT_DIR)).to.equal(`file:${process.cwd()}/rel/in`);
    });

    it('setInputPaths replaces the list and splits strings on commas outside {a,b}', () => {
      const job = jobOf(conf);
      FileInputFormat.addInputPath(job, '/old');
      FileInputFormat.setInputPaths(job, '/a,/b/{x,y}');
      expect(FileInputFormat.getInputPaths(job).map(String)).to.deep.equal(['file:/a', 'file:/b/{x,y}']);
    });
  });

  describe('listStatus', () => {
    it('expands globs and directories (not recursively) and skips _ and . names', async () => {
      write('in/a.txt', 1);
      write('in/b.txt', 1);
      write('in/_SUCCESS', 0);
      write('in/.a.txt.crc', 1);
      write('in/sub/deep.txt', 1);
      write('other/c.log', 1);
      write('other/_hidden.log', 1);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/in`, `${dir}/other/*.log`);
      const files = await new TextInputFormat().listStatus(jobOf(conf));
      expect(files.map((f) => path.relative(dir, f.path.path))).to.deep.equal(['in/a.txt', 'in/b.txt', 'other/c.log']);
    });

    it('reports a missing path and an empty glob together, with Hadoop messages', async () => {
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/missing`, `${dir}/nothing*`);
      try {
        await new TextInputFormat().getSplits(jobOf(conf));
        expect.fail('expected an error');
      } catch (e) {
        expect(isHadoopError(e, 'MR_INPUT_NOT_FOUND')).to.equal(true);
        expect((e as Error).message).to.equal(
          `Input path does not exist: file:${dir}/missing\nInput Pattern file:${dir}/nothing* matches 0 files`,
        );
      }
    });
  });

  describe('getSplits', () => {
    const split = async (size: number, settings: Record<string, number>) => {
      write('f', size);
      for (const [k, v] of Object.entries(settings)) conf.set(k, v);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/f`);
      return splitsOf(new TextInputFormat(), conf);
    };

    it('cuts at the block size', async () => {
      expect(await split(250, { 'fs.local.block.size': 100 })).to.deep.equal([
        ['f', 0, 100],
        ['f', 100, 100],
        ['f', 200, 50],
      ]);
    });

    it('lets the last split be up to 1.1 times the split size', async () => {
      expect(await split(1100, { 'fs.local.block.size': 1000 })).to.deep.equal([['f', 0, 1100]]);
    });

    it('splits a file of 1.11 times the split size in two', async () => {
      expect(await split(1110, { 'fs.local.block.size': 1000 })).to.deep.equal([
        ['f', 0, 1000],
        ['f', 1000, 110],
      ]);
    });

    it('uses max(minSize, min(maxSize, blockSize))', async () => {
      expect(await split(630, { 'fs.local.block.size': 100, 'mapred.min.split.size': 300 })).to.deep.equal([
        ['f', 0, 300],
        ['f', 300, 330],
      ]);
    });

    it('caps splits at mapred.max.split.size', async () => {
      expect(await split(100, { 'fs.local.block.size': 1000, 'mapred.max.split.size': 40 })).to.deep.equal([
        ['f', 0, 40],
        ['f', 40, 40],
        ['f', 80, 20],
      ]);
    });

    it('gives an empty file one zero-length split without hosts', async () => {
      write('empty', 0);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/empty`);
      const splits = (await new TextInputFormat().getSplits(jobOf(conf))) as FileSplit[];
      expect(splits.map((s) => [s.getStart(), s.getLength(), s.getLocations()])).to.deep.equal([[0, 0, []]]);
    });

    it('keeps a gzip file in one split whatever the split size', async () => {
      write('f.gz', 500);
      conf.set('fs.local.block.size', 100);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/f.gz`);
      expect(await splitsOf(new TextInputFormat(), conf)).to.deep.equal([['f.gz', 0, 500]]);
    });

    it('splits SequenceFiles by name-independent rules, at least 2000 bytes each', async () => {
      write('s.gz', 5000);
      conf.set('fs.local.block.size', 100);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/s.gz`);
      expect(await splitsOf(new SequenceFileInputFormat(), conf)).to.deep.equal([
        ['s.gz', 0, 2000],
        ['s.gz', 2000, 2000],
        ['s.gz', 4000, 1000],
      ]);
    });

    it('names the hosts of the block holding each split start', async () => {
      write('f', 350);
      conf.set('fs.local.block.size', 100);
      conf.set('mapred.min.split.size', 150);
      FileInputFormat.setInputPaths(jobOf(conf), `blockhosts:${dir}/f`);
      const splits = (await new TextInputFormat().getSplits(jobOf(conf))) as FileSplit[];
      expect(splits.map((s) => [s.getStart(), s.getLength(), s.getLocations()])).to.deep.equal([
        [0, 150, ['host0']],
        [150, 150, ['host1']],
        [300, 50, ['host3']],
      ]);
      expect(String(splits[0].getPath())).to.equal(`blockhosts:${dir}/f`);
    });

    it('lists files in input order and counts them in mapreduce.input.num.files', async () => {
      write('b', 10);
      write('a', 10);
      FileInputFormat.setInputPaths(jobOf(conf), `${dir}/b,${dir}/a`);
      expect(await splitsOf(new TextInputFormat(), conf)).to.deep.equal([
        ['b', 0, 10],
        ['a', 0, 10],
      ]);
      expect(conf.getInt('mapreduce.input.num.files')).to.equal(2);
    });
  });

  describe('FileSplit', () => {
    it('round-trips through JSON and prints as path:start+length', () => {
      const s = new FileSplit(new Path('file:/x/y'), 10, 20, ['h1', 'h2']);
      const json = JSON.parse(JSON.stringify(s));
      expect(json).to.deep.equal({ path: 'file:/x/y', start: 10, length: 20, hosts: ['h1', 'h2'] });
      const back = new TextInputFormat().splitFromJSON(json) as FileSplit;
      expect([String(back.getPath()), back.getStart(), back.getLength(), back.getLocations()]).to.deep.equal(['file:/x/y', 10, 20, ['h1', 'h2']]);
      expect(String(back)).to.equal('file:/x/y:10+20');
    });
  });
});
