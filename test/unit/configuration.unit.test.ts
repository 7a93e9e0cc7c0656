import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Configuration } from '../../common/conf/configuration';
import { parseGenericOptions } from '../../common/conf/generic-options';
import { rmrf, tempDir } from '../helpers';

describe('Configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('conf-');
  });
  afterEach(() => rmrf(dir));

  const write = (name: string, props: string) =>
    fs.writeFileSync(path.join(dir, name), `<?xml version="1.0"?>\n<configuration>${props}</configuration>\n`);

  it('has Hadoop 1 defaults', () => {
    const conf = new Configuration({ confDir: dir });
    expect(conf.get('fs.default.name')).to.equal('file:///');
    expect(conf.get('mapred.job.tracker')).to.equal('local');
    expect(conf.getInt('io.sort.mb')).to.equal(100);
    expect(conf.getInt('io.sort.factor')).to.equal(10);
    expect(conf.getInt('mapred.reduce.tasks')).to.equal(1);
    expect(conf.getLong('dfs.block.size')).to.equal(67108864);
    expect(conf.getFloat('io.sort.spill.percent')).to.equal(0.8);
  });

  it('reads the three site files in order, the later one overriding', () => {
    write('core-site.xml', '<property><name>a.b</name><value>core</value></property>');
    write('mapred-site.xml', '<property><name>a.b</name><value>mapred</value></property>');
    expect(new Configuration({ confDir: dir }).get('a.b')).to.equal('mapred');
  });

  it('keeps a final property from being overridden by a later file', () => {
    write('core-site.xml', '<property><name>a.b</name><value>core</value><final>true</final></property>');
    write('mapred-site.xml', '<property><name>a.b</name><value>mapred</value></property>');
    expect(new Configuration({ confDir: dir }).get('a.b')).to.equal('core');
  });

  it('expands ${var} from other keys and system properties', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('base', '/data');
    conf.set('x', '${base}/x/${user.name}/${unknown.var}');
    expect(conf.get('x')).to.match(/^\/data\/x\/[^$]+\/\$\{unknown\.var\}$/);
    expect(conf.get('mapred.local.dir')).to.not.include('${');
  });

  it('treats Hadoop 2 names as aliases of the Hadoop 1 names', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('mapreduce.job.reduces', 3);
    expect(conf.getInt('mapred.reduce.tasks')).to.equal(3);
    conf.set('fs.default.name', 'hdfs://nn:9000');
    expect(conf.get('fs.defaultFS')).to.equal('hdfs://nn:9000');
    expect(conf.getInt('mapreduce.task.io.sort.mb')).to.equal(100);
  });

  it('names the key of a bad value', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('io.sort.mb', 'abc');
    expect(() => conf.getInt('io.sort.mb')).to.throw("Invalid value for io.sort.mb: 'abc' is not an integer");
    expect(() => conf.validate()).to.throw(/io\.sort\.mb/);
    conf.set('io.sort.mb', '10').set('mapred.map.tasks.speculative.execution', 'maybe');
    expect(() => conf.validate()).to.throw("Invalid value for mapred.map.tasks.speculative.execution: 'maybe' is not true or false");
  });

  it('names the file of malformed XML', () => {
    fs.writeFileSync(path.join(dir, 'core-site.xml'), '<configuration><property><name>x</name></configuration>');
    expect(() => new Configuration({ confDir: dir })).to.throw(`Malformed configuration file ${path.join(dir, 'core-site.xml')}`);
  });

  it('round-trips through JSON and XML', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    conf.set('a', 'x & <y>');
    expect(Configuration.fromJSON(conf.toJSON()).get('a')).to.equal('x & <y>');
    const file = path.join(dir, 'out.xml');
    fs.writeFileSync(file, conf.toXml());
    expect(new Configuration({ loadSiteFiles: false }).addResource(file).get('a')).to.equal('x & <y>');
  });
});

describe('GenericOptionsParser', () => {
  it('reads -D, -fs, -jt, -conf up to the first other argument', () => {
    const dir = tempDir('conf-');
    try {
      const extra = path.join(dir, 'extra.xml');
      fs.writeFileSync(extra, '<configuration><property><name>from.file</name><value>yes</value></property></configuration>');
      const conf = new Configuration({ loadSiteFiles: false });
      const rest = parseGenericOptions(conf, ['-D', 'mapred.reduce.tasks=3', '-Dk=v=w', '-fs', 'hdfs://h:1', '-jt', 'h:2', '-conf', extra, 'in', '-D', 'x=y', 'out']);
      expect(rest).to.deep.equal(['in', '-D', 'x=y', 'out']);
      expect(conf.getInt('mapred.reduce.tasks')).to.equal(3);
      expect(conf.get('k')).to.equal('v=w');
      expect(conf.get('fs.defaultFS')).to.equal('hdfs://h:1');
      expect(conf.get('mapred.job.tracker')).to.equal('h:2');
      expect(conf.get('from.file')).to.equal('yes');
      expect(conf.get('x')).to.equal(undefined);
    } finally {
      rmrf(dir);
    }
  });

  it('rejects a bad value given with -D', () => {
    const conf = new Configuration({ loadSiteFiles: false });
    expect(() => parseGenericOptions(conf, ['-D', 'io.sort.mb=abc'])).to.throw(/io\.sort\.mb/);
    expect(() => parseGenericOptions(conf, ['-D', 'novalue'])).to.throw(/Bad -D option/);
  });
});
