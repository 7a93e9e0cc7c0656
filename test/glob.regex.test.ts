import { expect } from 'chai';
import { componentRegExp, expandBraces, hasGlob } from '../common/fs/glob';

const matches = (glob: string, names: string[]) => names.filter((n) => componentRegExp(glob).test(n));

describe('glob: translating a path component to a regular expression', function () {
  const names = ['a', 'b', 'c', 'ab', 'a.txt', 'b.txt', 'axtxt', '-', ']', '\\', '^', 'A', 'a\nb', '.hidden'];

  it('* matches any run of characters, dots and newlines included, and ? exactly one', function () {
    expect(matches('*', names)).to.deep.equal(names);
    expect(matches('a*', names)).to.deep.equal(['a', 'ab', 'a.txt', 'axtxt', 'a\nb']);
    expect(matches('?', names)).to.deep.equal(['a', 'b', 'c', '-', ']', '\\', '^', 'A']);
    expect(matches('a?b', names)).to.deep.equal(['a\nb']);
  });

  it('treats regular-expression characters literally', function () {
    expect(matches('a.txt', names)).to.deep.equal(['a.txt']);
    expect(componentRegExp('a+(b)|$').test('a+(b)|$')).to.equal(true);
    expect(componentRegExp('a+(b)|$').test('aa(b)')).to.equal(false);
    expect(matches('^', names)).to.deep.equal(['^']);
  });

  it('matches classes, ranges and negations with ! or ^', function () {
    expect(matches('[ab]', names)).to.deep.equal(['a', 'b']);
    expect(matches('[a-c]', names)).to.deep.equal(['a', 'b', 'c']);
    expect(matches('[!a-b]', names)).to.deep.equal(['c', '-', ']', '\\', '^', 'A']);
    expect(matches('[^ab]', names)).to.deep.equal(['c', '-', ']', '\\', '^', 'A']);
    expect(matches('[ab].txt', names)).to.deep.equal(['a.txt', 'b.txt']);
  });

  it('takes ] first in a class, and - first or last, literally', function () {
    expect(matches('[]a]', names)).to.deep.equal(['a', ']']);
    expect(matches('[^]a]', names)).to.deep.equal(['b', 'c', '-', '\\', '^', 'A']);
    expect(matches('[-a]', names)).to.deep.equal(['a', '-']);
    expect(matches('[a-]', names)).to.deep.equal(['a', '-']);
  });

  it('escapes with a backslash outside and inside classes', function () {
    expect(componentRegExp('\\*').test('*')).to.equal(true);
    expect(componentRegExp('\\*').test('x')).to.equal(false);
    expect(componentRegExp('\\d').test('d')).to.equal(true);
    expect(componentRegExp('\\d').test('1')).to.equal(false);
    expect(matches('[\\-a]', names)).to.deep.equal(['a', '-']);
    expect(matches('[\\]]', names)).to.deep.equal([']']);
    expect(matches('[\\\\]', names)).to.deep.equal(['\\']);
    expect(matches('\\[ab\\]', ['[ab]', 'a'])).to.deep.equal(['[ab]']);
  });

  it('rejects an unclosed class or a trailing backslash with FS_INVALID_ARGUMENT', function () {
    expect(() => componentRegExp('[ab')).to.throw(/Unclosed character class/).with.property('code', 'FS_INVALID_ARGUMENT');
    expect(() => componentRegExp('[]')).to.throw(/Unclosed character class/);
    expect(() => componentRegExp('ab\\')).to.throw(/Missing escaped character/);
  });
});

describe('glob: braces and detection', function () {
  it('expands alternatives, nested and spanning slashes, left to right', function () {
    expect(expandBraces('/d/{a,b}')).to.deep.equal(['/d/a', '/d/b']);
    expect(expandBraces('/{a/x,b/y}/z')).to.deep.equal(['/a/x/z', '/b/y/z']);
    expect(expandBraces('{a,b{c,d}}')).to.deep.equal(['a', 'bc', 'bd']);
    expect(expandBraces('{a,b}{1,2}')).to.deep.equal(['a1', 'a2', 'b1', 'b2']);
    expect(expandBraces('x{,y}')).to.deep.equal(['x', 'xy']);
    expect(expandBraces('plain')).to.deep.equal(['plain']);
  });

  it('keeps escaped braces and commas', function () {
    expect(expandBraces('\\{a,b\\}')).to.deep.equal(['\\{a,b\\}']);
    expect(expandBraces('{a\\,b,c}')).to.deep.equal(['a\\,b', 'c']);
  });

  it('rejects an unclosed group', function () {
    expect(() => expandBraces('/x/{a,b')).to.throw(/Unclosed group/).with.property('code', 'FS_INVALID_ARGUMENT');
  });

  it('detects glob characters that are not escaped', function () {
    expect(hasGlob('/a/b')).to.equal(false);
    expect(hasGlob('/a/\\*')).to.equal(false);
    expect(hasGlob('/a/*')).to.equal(true);
    expect(hasGlob('a?')).to.equal(true);
    expect(hasGlob('[a]')).to.equal(true);
    expect(hasGlob('{a}')).to.equal(true);
  });
});
