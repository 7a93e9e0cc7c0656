import { expect } from 'chai';
import { Configuration } from '../common/conf/configuration';
import { Text } from '../common/io/writables';
import { KEY_FIELD_SEPARATOR, KeyFieldBasedPartitioner, PARTITIONER_OPTIONS } from '../mapreduce/streaming/key-field-based-partitioner';
import { parseReporterLine } from '../mapreduce/streaming/stderr-reporter';
import { checkRequired, parseStreamArgs } from '../mapreduce/streaming/stream-args';
import { decodeCommand, encodeCommand, formatEnvironment, parseEnvironment, StreamConf, StreamKeys } from '../mapreduce/streaming/stream-conf';
import { commandEnvironment, envName } from '../mapreduce/streaming/task-env';
import { resolveCommand } from '../mapreduce/streaming/task-workdir';
import { formatRecord, LineSplitter } from '../mapreduce/streaming/text-io';

describe('streaming: text io', () => {
  const split = (line: string, sep = '\t', fields = 1) => {
    const s = new LineSplitter(sep, fields);
    s.split(line);
    return [s.key.toString(), s.value.toString()];
  };

  it('splits a line at the first tab; a line without one is all key with an empty value', () => {
    expect(split('a\tb\tc')).to.deep.equal(['a', 'b\tc']);
    expect(split('alone')).to.deep.equal(['alone', '']);
    expect(split('\tv')).to.deep.equal(['', 'v']);
    expect(split('k\t')).to.deep.equal(['k', '']);
    expect(split('')).to.deep.equal(['', '']);
  });

  it('splits after the N-th separator (stream.num.*.output.key.fields), multi-character separators included', () => {
    expect(split('a\tb\tc\td', '\t', 2)).to.deep.equal(['a\tb', 'c\td']);
    expect(split('a\tb', '\t', 2)).to.deep.equal(['a\tb', '']);
    expect(split('x::y::z', '::', 1)).to.deep.equal(['x', 'y::z']);
    expect(split('x::y::z', '::', 2)).to.deep.equal(['x::y', 'z']);
  });

  it('writes key SEP value, or the value alone when the key is ignored (TextInputFormat)', () => {
    expect(formatRecord(12, 'line', '\t', true)).to.equal('line\n');
    expect(formatRecord('k', 'v', '\t', false)).to.equal('k\tv\n');
    expect(formatRecord('k', 'v', ',', false)).to.equal('k,v\n');
  });
});

describe('streaming: stderr reporter lines', () => {
  it('reads counters and status with the default and a custom prefix', () => {
    expect(parseReporterLine('reporter:counter:My Group,Lines,12', 'reporter:')).to.deep.equal({ kind: 'counter', group: 'My Group', name: 'Lines', amount: 12 });
    expect(parseReporterLine('reporter:counter:G,N,-3 ', 'reporter:')).to.deep.equal({ kind: 'counter', group: 'G', name: 'N', amount: -3 });
    expect(parseReporterLine('reporter:status: half way ', 'reporter:')).to.deep.equal({ kind: 'status', message: 'half way' });
    expect(parseReporterLine('rep>counter:G,N,1', 'rep>')).to.deep.equal({ kind: 'counter', group: 'G', name: 'N', amount: 1 });
    expect(parseReporterLine('reporter:counter:G,N,1', 'rep>')).to.deep.equal({ kind: 'stderr' });
  });

  it('leaves other lines to stderr and flags malformed reporter lines', () => {
    expect(parseReporterLine('Traceback (most recent call last):', 'reporter:')).to.deep.equal({ kind: 'stderr' });
    expect(parseReporterLine('reporter:counter:G,N', 'reporter:')).to.deep.equal({ kind: 'invalid', warning: 'Cannot parse counter line: reporter:counter:G,N' });
    expect(parseReporterLine('reporter:counter:G,N,x', 'reporter:')).to.deep.equal({
      kind: 'invalid',
      warning: "Cannot parse counter increment 'x' from line: reporter:counter:G,N,x",
    });
    expect(parseReporterLine('reporter:progress:1', 'reporter:')).to.deep.equal({ kind: 'invalid', warning: 'Cannot parse reporter line: reporter:progress:1' });
  });
});

describe('streaming: configuration', () => {
  it('URL-encodes commands as Java does and reads them back, or takes a plain command as it is', () => {
    const cmd = `awk -F'\\t' '{s+=$2} END {print "x" s}' | sort -k1,1 ~ 100%`;
    expect(encodeCommand('wc -l')).to.equal('wc+-l');
    expect(encodeCommand("a'b(c)!~*")).to.equal('a%27b%28c%29%21%7E*');
    expect(decodeCommand(encodeCommand(cmd))).to.equal(cmd);
    expect(decodeCommand('cat')).to.equal('cat');
    expect(decodeCommand('echo 100%')).to.equal('echo 100%');
    expect(decodeCommand(undefined)).to.equal(null);
  });

  it('keeps -cmdenv values with spaces and percent signs', () => {
    const pairs: Array<[string, string]> = [
      ['A', 'hello world'],
      ['B', '50% off'],
      ['C', 'x=y'],
    ];
    expect(parseEnvironment(formatEnvironment(pairs))).to.deep.equal(pairs);
    expect(parseEnvironment('X=1 Y=two')).to.deep.equal([
      ['X', '1'],
      ['Y', 'two'],
    ]);
  });

  it('exports every job-conf entry under its safe name, then -cmdenv, then TMPDIR', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('mapred.task.id', 'attempt_x_0001_m_000000_0');
    conf.set('my-key.with:odd*chars', 'v');
    conf.set('a.dir', '${hadoop.tmp.dir}/a');
    conf.set(StreamKeys.ADD_ENVIRONMENT, formatEnvironment([['mapred_task_id', 'overridden'], ['EXTRA', 'e f']]));
    const env = commandEnvironment(conf, '/work/tmp', { PATH: '/bin', TMPDIR: '/elsewhere' });
    expect(envName('map.input.file')).to.equal('map_input_file');
    expect(env.PATH).to.equal('/bin');
    expect(env.my_key_with_odd_chars).to.equal('v');
    expect(env.a_dir).to.equal(`${conf.get('hadoop.tmp.dir')}/a`);
    expect(env.io_sort_mb).to.equal('100');
    expect(env.mapred_task_id).to.equal('overridden');
    expect(env.EXTRA).to.equal('e f');
    expect(env.TMPDIR).to.equal('/work/tmp');
  });

  it('truncates exported values at stream.jobconf.truncate.limit', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('long.value', 'abcdefgh');
    conf.set(StreamKeys.JOBCONF_TRUNCATE_LIMIT, 3);
    expect(commandEnvironment(conf, '/t', {}).long_value).to.equal('abc');
    expect(StreamConf.keyFields(conf, StreamKeys.MAP_OUTPUT_KEY_FIELDS)).to.equal(1);
  });

  it('runs a shipped file named by the first word from the working directory', () => {
    const work = { dir: '/w', tmp: '/w/tmp', files: new Set(['mapper.py', 'cat']) };
    expect(resolveCommand('mapper.py -v', work)).to.equal('./mapper.py -v');
    expect(resolveCommand('mapper.py', work)).to.equal('./mapper.py');
    expect(resolveCommand('python3 mapper.py', work)).to.equal('python3 mapper.py');
    expect(resolveCommand('/usr/bin/mapper.py', work)).to.equal('/usr/bin/mapper.py');
    expect(resolveCommand('mapper.pyx', work)).to.equal('mapper.pyx');
  });
});

describe('streaming: arguments', () => {
  it('reads every option, repeatable ones in order', () => {
    const o = parseStreamArgs([
      '-input', 'a', '-input', 'b/*', '-output', 'out', '-mapper', 'cat', '-combiner', 'uniq', '-reducer', 'wc -l',
      '-file', 'x.py', '-file', 'y.txt', '-numReduceTasks', '3', '-inputformat', 'KeyValueTextInputFormat',
      '-outputformat', 'SequenceFileOutputFormat', '-partitioner', 'HashPartitioner', '-cmdenv', 'A=1', '-cmdenv', 'B=x=y',
      '-jobconf', 'k=v', '-verbose',
    ]);
    expect(o).to.deep.equal({
      inputs: ['a', 'b/*'],
      output: 'out',
      mapper: 'cat',
      combiner: 'uniq',
      reducer: 'wc -l',
      files: ['x.py', 'y.txt'],
      numReduceTasks: 3,
      inputFormat: 'KeyValueTextInputFormat',
      outputFormat: 'SequenceFileOutputFormat',
      partitioner: 'HashPartitioner',
      cmdenv: [
        ['A', '1'],
        ['B', 'x=y'],
      ],
      jobconf: [['k', 'v']],
      verbose: true,
      help: false,
    });
  });

  it('refuses what Hadoop refuses, with its messages', () => {
    const err = (args: string[]) => {
      try {
        const o = parseStreamArgs(args);
        checkRequired(o);
      } catch (e) {
        return (e as Error).message;
      }
      return null;
    };
    expect(err(['-output', 'o'])).to.equal('Required argument: -input <name>');
    expect(err(['-input', 'i'])).to.equal('Required argument: -output <name>');
    expect(err(['-input', 'i', '-output', 'o', '-output', 'p'])).to.equal('Can only have one -output option');
    expect(err(['-input', 'i', '-output', 'o', '-cmdenv', 'novalue'])).to.equal('Invalid name=value spec: novalue');
    expect(err(['-input', 'i', '-output', 'o', '-numReduceTasks', '-1'])).to.equal("-numReduceTasks: '-1' is not a non-negative integer");
    expect(err(['-input', 'i', '-output'])).to.equal('Missing argument for option: output');
    expect(err(['-input', 'i', '-output', 'o', '-bogus'])).to.equal('Unrecognized option: -bogus');
    expect(err(['-input', 'i', '-output', 'o', 'stray'])).to.equal('Unexpected argument: stray');
    expect(err(['-input', 'i', '-output', 'o', '-D', 'a=b'])).to.equal('Generic option -D must come before the streaming options');
    expect(err(['-input', 'i', '-output', 'o', '-io', 'typedbytes'])).to.equal('Option -io is not supported by this streaming');
    expect(err(['-help'])).to.equal('Required argument: -input <name>');
    expect(parseStreamArgs(['-info']).help).to.equal(true);
  });
});

describe('streaming: KeyFieldBasedPartitioner', () => {
  const partitioner = (options: Record<string, string>) => {
    const conf = new Configuration({ loadSiteFiles: false });
    for (const [k, v] of Object.entries(options)) conf.set(k, v);
    const p = new KeyFieldBasedPartitioner();
    p.configure(conf);
    return (key: string, n: number) => p.getPartition(new Text(key), null, n);
  };

  it("hashes the chosen fields' UTF-8 bytes as Hadoop does (31*h + signed byte)", () => {
    const k11 = partitioner({ [PARTITIONER_OPTIONS]: '-k1,1' });
    expect(k11('a\tzzz', 3)).to.equal(97 % 3);
    expect(k11('a\tother', 3)).to.equal(97 % 3);
    expect(k11('b\tq', 3)).to.equal(98 % 3);
    // bytes C3 A9: 31 * -61 - 87 = -1978, & 0x7fffffff = 2147481670
    expect(k11('é\tx', 3)).to.equal(2147481670 % 3);
    expect(k11('\tx', 3)).to.equal(0);
    expect(k11('', 3)).to.equal(0);
    expect(partitioner({ [PARTITIONER_OPTIONS]: '-k2' })('a\tbc', 7)).to.equal((98 * 31 + 99) % 7);
    expect(partitioner({ [PARTITIONER_OPTIONS]: '-k1.2,1.3' })('abcd\tx', 7)).to.equal((98 * 31 + 99) % 7);
    expect(partitioner({ [PARTITIONER_OPTIONS]: '-k2,2 -k1,1' })('a\tb', 7)).to.equal((98 * 31 + 97) % 7);
    expect(partitioner({ [PARTITIONER_OPTIONS]: '-k2,2nr', [KEY_FIELD_SEPARATOR]: ':' })('x:y:z', 7)).to.equal(121 % 7);
    expect(partitioner({ 'num.key.fields.for.partition': '2' })('a\tb\tc', 7)).to.equal(((97 * 31 + 9) * 31 + 98) % 7);
  });

  it("without options hashes the whole key like Java's String.hashCode, and refuses a bad -k", () => {
    expect(partitioner({})('ab', 7)).to.equal((97 * 31 + 98) % 7);
    expect(() => partitioner({ [PARTITIONER_OPTIONS]: '-k1,x' })).to.throw("Invalid -k argument '1,x'");
  });
});
