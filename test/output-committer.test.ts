import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../common/conf/configuration';
import { isHadoopError } from '../common/errors';
import { Text } from '../common/io/writables';
import type { JobContext } from '../mapreduce/api/context';
import { JobKeys } from '../mapreduce/api/job-keys';
import { FileOutputCommitter } from '../mapreduce/lib/output/file-output-committer';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';
import { NullOutputFormat } from '../mapreduce/lib/output/null-output-format';
import { TextOutputFormat } from '../mapreduce/lib/output/text-output-format';
import { TaskAttemptContextImpl } from '../mapreduce/task/task-context';
import { rmrf, tempDir } from './helpers';

/** Every file and directory under dir, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      out.push(path.relative(dir, p) + (fs.statSync(p).isDirectory() ? '/' : ''));
      if (fs.statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

describe('FileOutputFormat', () => {
  let dir: string;
  let conf: Configuration;
  let job: JobContext;

  beforeEach(() => {
    dir = tempDir('output-format-');
    conf = new Configuration({ loadSiteFiles: false });
    job = { getConfiguration: () => conf, getJobID: () => 'job_local_0001' };
  });
  afterEach(() => rmrf(dir));

  it('stores the qualified output path in mapred.output.dir', () => {
    FileOutputFormat.setOutputPath(job, '/data/out');
    expect(conf.get(JobKeys.OUTPUT_DIR)).to.equal('file:/data/out');
    expect(String(FileOutputFormat.getOutputPath(job))).to.equal('file:/data/out');
  });

  it('refuses an existing output directory, naming it', async () => {
    FileOutputFormat.setOutputPath(job, dir);
    try {
      await new TextOutputFormat().checkOutputSpecs(job);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'MR_OUTPUT_EXISTS')).to.equal(true);
      expect((e as Error).message).to.equal(`Output directory file:${dir} already exists`);
    }
  });

  it('refuses a job without an output directory', async () => {
    try {
      await new TextOutputFormat().checkOutputSpecs(job);
      expect.fail('expected an error');
    } catch (e) {
      expect(isHadoopError(e, 'MR_OUTPUT_NOT_SET')).to.equal(true);
      expect((e as Error).message).to.equal('Output directory not set.');
    }
  });

  it('accepts an output directory that does not exist', async () => {
    FileOutputFormat.setOutputPath(job, path.join(dir, 'new'));
    await new TextOutputFormat().checkOutputSpecs(job);
  });

  it('names work files <out>/_temporary/_<attempt>/<basename>-<m|r>-<5-digit partition><ext>', () => {
    FileOutputFormat.setOutputPath(job, '/out');
    const format = new TextOutputFormat();
    const reduce = new TaskAttemptContextImpl(conf, 'attempt_201311201234_0001_r_000003_1');
    expect(String(format.getDefaultWorkFile(reduce, ''))).to.equal(
      'file:/out/_temporary/_attempt_201311201234_0001_r_000003_1/part-r-00003',
    );
    const map = new TaskAttemptContextImpl(conf, 'attempt_201311201234_0001_m_000012_0');
    expect(String(format.getDefaultWorkFile(map, '.gz'))).to.equal(
      'file:/out/_temporary/_attempt_201311201234_0001_m_000012_0/part-m-00012.gz',
    );
    conf.set('mapreduce.output.basename', 'data');
    expect(FileOutputFormat.getUniqueFile(map, FileOutputFormat.getOutputName(map), '')).to.equal('data-m-00012');
    expect(String(FileOutputFormat.getWorkOutputPath(reduce))).to.equal('file:/out/_temporary/_attempt_201311201234_0001_r_000003_1');
  });
});

describe('FileOutputCommitter', () => {
  let dir: string;
  let out: string;
  let conf: Configuration;
  let job: JobContext;

  beforeEach(() => {
    dir = tempDir('committer-');
    out = path.join(dir, 'out');
    conf = new Configuration({ loadSiteFiles: false });
    job = { getConfiguration: () => conf, getJobID: () => 'job_local_0001' };
    FileOutputFormat.setOutputPath(job, out);
  });
  afterEach(() => rmrf(dir));

  const attempt = (task: number, n = 0) =>
    new TaskAttemptContextImpl(conf, `attempt_local_0001_r_${String(task).padStart(6, '0')}_${n}`);

  /** Runs one attempt through TextOutputFormat, writing the given lines. */
  async function runAttempt(context: TaskAttemptContextImpl, lines: string[]): Promise<FileOutputCommitter> {
    const format = new TextOutputFormat<Text, Text>();
    const committer = format.getOutputCommitter(context);
    await committer.setupTask(context);
    const writer = await format.getRecordWriter(context);
    for (const l of lines) await writer.write(new Text(l), null as unknown as Text);
    await writer.close(context);
    return committer;
  }

  it('keeps an attempt out of sight until it commits, and _SUCCESS until the job commits', async () => {
    const format = new TextOutputFormat();
    const committer = format.getOutputCommitter(job);
    await committer.setupJob(job);
    expect(tree(out)).to.deep.equal(['_temporary/']);

    const a = attempt(0);
    expect(await committer.needsTaskCommit(a)).to.equal(false);
    await runAttempt(a, ['x', 'y']);
    expect(await committer.needsTaskCommit(a)).to.equal(true);
    expect(tree(out)).to.deep.equal([
      '_temporary/',
      '_temporary/_attempt_local_0001_r_000000_0/',
      '_temporary/_attempt_local_0001_r_000000_0/part-r-00000',
    ]);

    await committer.commitTask(a);
    expect(tree(out)).to.deep.equal(['_temporary/', 'part-r-00000']);
    expect(fs.readFileSync(path.join(out, 'part-r-00000'), 'utf8')).to.equal('x\ny\n');

    await committer.commitJob(job);
    expect(tree(out)).to.deep.equal(['_SUCCESS', 'part-r-00000']);
    expect(fs.statSync(path.join(out, '_SUCCESS')).size).to.equal(0);
  });

  it('shows nothing from an aborted attempt', async () => {
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    const failed = attempt(0, 0);
    await runAttempt(failed, ['bad']);
    await committer.abortTask(failed);
    const retry = attempt(0, 1);
    await runAttempt(retry, ['good']);
    await committer.commitTask(retry);
    await committer.commitJob(job);
    expect(tree(out)).to.deep.equal(['_SUCCESS', 'part-r-00000']);
    expect(fs.readFileSync(path.join(out, 'part-r-00000'), 'utf8')).to.equal('good\n');
  });

  it('abortJob removes _temporary only: no _SUCCESS, earlier files untouched', async () => {
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    fs.writeFileSync(path.join(out, 'already-there'), 'keep me');
    const done = attempt(0);
    await runAttempt(done, ['committed']);
    await committer.commitTask(done);
    await runAttempt(attempt(1), ['never committed']);
    await committer.abortJob(job, 'FAILED');
    expect(tree(out)).to.deep.equal(['already-there', 'part-r-00000']);
    expect(fs.readFileSync(path.join(out, 'already-there'), 'utf8')).to.equal('keep me');
  });

  it('writes no _SUCCESS when mapreduce.fileoutputcommitter.marksuccessfuljobs is false', async () => {
    conf.set('mapreduce.fileoutputcommitter.marksuccessfuljobs', false);
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    await committer.commitJob(job);
    expect(tree(out)).to.deep.equal([]);
  });

  it('replaces the output of an earlier committed attempt of the same task', async () => {
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    const first = attempt(4, 0);
    await runAttempt(first, ['first']);
    await committer.commitTask(first);
    const second = attempt(4, 1);
    await runAttempt(second, ['second']);
    await committer.commitTask(second);
    expect(tree(out)).to.deep.equal(['_temporary/', 'part-r-00004']);
    expect(fs.readFileSync(path.join(out, 'part-r-00004'), 'utf8')).to.equal('second\n');
  });

  it('moves subdirectories an attempt wrote, merging them into the output', async () => {
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    const a = attempt(0);
    const work = committer.getWorkPath(a).path;
    fs.mkdirSync(path.join(work, 'side', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(work, 'side', 'deeper', 'f'), 'f');
    await committer.commitTask(a);
    expect(tree(out)).to.deep.equal(['_temporary/', 'side/', 'side/deeper/', 'side/deeper/f']);
  });

  it('commits nothing for an attempt that wrote nothing', async () => {
    const committer = new TextOutputFormat().getOutputCommitter(job);
    await committer.setupJob(job);
    expect(await committer.needsTaskCommit(attempt(0))).to.equal(false);
    await committer.commitTask(attempt(0));
    await committer.abortTask(attempt(0));
    expect(tree(out)).to.deep.equal(['_temporary/']);
  });
});

describe('NullOutputFormat', () => {
  it('accepts any job, writes nothing and needs no commit', async () => {
    const conf = new Configuration({ loadSiteFiles: false });
    const context = new TaskAttemptContextImpl(conf, 'attempt_local_0001_m_000000_0');
    const format = new NullOutputFormat();
    await format.checkOutputSpecs(context);
    const writer = await format.getRecordWriter(context);
    expect(writer.write('k', 'v')).to.equal(undefined);
    await writer.close(context);
    expect(await format.getOutputCommitter(context).needsTaskCommit(context)).to.equal(false);
  });
});
