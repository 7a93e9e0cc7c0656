import { expect } from 'chai';
import { Path } from '../common/fs/path';

describe('Path', function () {
  it('parses scheme, authority and path', function () {
    const p = new Path('hdfs://nn.example:8020/user/alice/f.txt');
    expect([p.scheme, p.authority, p.path]).to.deep.equal(['hdfs', 'nn.example:8020', '/user/alice/f.txt']);
    const l = new Path('file:///tmp/x');
    expect([l.scheme, l.authority, l.path]).to.deep.equal(['file', '', '/tmp/x']);
    const s = new Path('file:/tmp/x');
    expect([s.scheme, s.authority, s.path]).to.deep.equal(['file', null, '/tmp/x']);
    const bare = new Path('/a/b');
    expect([bare.scheme, bare.authority, bare.path]).to.deep.equal([null, null, '/a/b']);
  });

  it('lower-cases the scheme and gives an authority-only URI the root path', function () {
    const p = new Path('HDFS://nn:8020');
    expect([p.scheme, p.path, p.toString()]).to.deep.equal(['hdfs', '/', 'hdfs://nn:8020/']);
  });

  it('keeps a colon that is not a scheme in a relative path', function () {
    const p = new Path('a:b');
    expect([p.scheme, p.path, p.isAbsolute()]).to.deep.equal([null, 'a:b', false]);
  });

  it('normalizes duplicate and trailing slashes and dot segments', function () {
    expect(new Path('/a//b/').path).to.equal('/a/b');
    expect(new Path('/a/./b/../c').path).to.equal('/a/c');
    expect(new Path('//a').path).to.equal('/a');
    expect(new Path('./x').path).to.equal('x');
    expect(new Path('.').path).to.equal('.');
    expect(new Path('../x').path).to.equal('../x');
    expect(new Path('/..').path).to.equal('/');
    expect(new Path('hdfs://nn/a//b/').toString()).to.equal('hdfs://nn/a/b');
  });

  it('refuses an empty string', function () {
    expect(() => new Path('')).to.throw(/empty string/);
  });

  it('resolves a child against a parent; an absolute or qualified child wins', function () {
    expect(new Path('/a', 'b').toString()).to.equal('/a/b');
    expect(new Path('/', 'b').toString()).to.equal('/b');
    expect(new Path('hdfs://nn:8020/a/', 'b/c').toString()).to.equal('hdfs://nn:8020/a/b/c');
    expect(new Path('rel', 'x').toString()).to.equal('rel/x');
    expect(new Path('.', 'x').toString()).to.equal('x');
    expect(new Path('/a', '../b').toString()).to.equal('/b');
    expect(new Path('/a', '/b').toString()).to.equal('/b');
    expect(new Path('hdfs://nn/a', 'file:///b').toString()).to.equal('file:///b');
    expect(new Path(new Path('/a'), new Path('b')).toString()).to.equal('/a/b');
  });

  it('names the last component and the parent', function () {
    const p = new Path('hdfs://nn/a/b/c.txt');
    expect(p.getName()).to.equal('c.txt');
    expect(p.getParent()!.toString()).to.equal('hdfs://nn/a/b');
    expect(new Path('/a').getParent()!.toString()).to.equal('/');
    expect(new Path('/').getParent()).to.equal(null);
    expect(new Path('/').getName()).to.equal('');
    expect(new Path('rel').getParent()).to.equal(null);
    expect(new Path('a/b').getParent()!.toString()).to.equal('a');
  });

  it('counts depth and tells absolute from relative and the root', function () {
    expect(new Path('/').depth()).to.equal(0);
    expect(new Path('/a/b').depth()).to.equal(2);
    expect(new Path('a/b').depth()).to.equal(2);
    expect(new Path('/a').isAbsolute()).to.equal(true);
    expect(new Path('a').isAbsolute()).to.equal(false);
    expect(new Path('hdfs://nn/').isRoot()).to.equal(true);
    expect(new Path('/a').isRoot()).to.equal(false);
  });

  it('adds a suffix to the name, keeping scheme and authority', function () {
    expect(new Path('hdfs://nn/a/f').suffix('._COPYING_').toString()).to.equal('hdfs://nn/a/f._COPYING_');
  });

  it('qualifies with a scheme, authority and working directory', function () {
    expect(new Path('x/y').makeQualified('hdfs', 'nn:8020', '/user/a').toString()).to.equal('hdfs://nn:8020/user/a/x/y');
    expect(new Path('/x').makeQualified('file', '', '/cwd').toString()).to.equal('file:///x');
    expect(new Path('hdfs://other/x').makeQualified('hdfs', 'nn', '/').toString()).to.equal('hdfs://other/x');
  });

  it('tells whether a path contains another, on component boundaries', function () {
    expect(new Path('/a').contains(new Path('/a/b'))).to.equal(true);
    expect(new Path('/a').contains(new Path('/a'))).to.equal(true);
    expect(new Path('/a').contains(new Path('/ab'))).to.equal(false);
    expect(new Path('/').contains(new Path('/x'))).to.equal(true);
  });

  it('compares by string form', function () {
    expect(new Path('hdfs://nn/a').equals(new Path('hdfs://nn/a/'))).to.equal(true);
    expect(new Path('hdfs://nn/a').equals(new Path('/a'))).to.equal(false);
    expect(Path.of('/a')).to.be.instanceOf(Path);
    const p = new Path('/q');
    expect(Path.of(p)).to.equal(p);
  });
});
