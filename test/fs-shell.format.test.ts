import { expect } from 'chai';
import { parseMode } from '../dfs/shell/chmod-parser';
import { long2String, permissionString, table } from '../dfs/shell/format';

describe('hadoop fs: output formatting', function () {
  it('renders sizes like TraditionalBinaryPrefix.long2String(n, "", 1)', function () {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [1023, '1023'],
      [1024, '1 K'],
      [1025, '1.0 K'],
      [1536, '1.5 K'],
      [1371, '1.3 K'],
      [1048575, '1.0 M'],
      [67108864, '64 M'],
      [100 * 1024 * 1024 + 1, '100.0 M'],
      [3 * 2 ** 30 + 2 ** 29, '3.5 G'],
      [10 * 2 ** 40, '10 T'],
      [2 ** 50, '1 P'],
      [-1536, '-1.5 K'],
    ];
    for (const [n, s] of cases) expect(long2String(n), String(n)).to.equal(s);
  });

  it('renders permissions as rwx triples with the sticky bit as t or T', function () {
    expect(permissionString(0o755)).to.equal('rwxr-xr-x');
    expect(permissionString(0o640)).to.equal('rw-r-----');
    expect(permissionString(0o1777)).to.equal('rwxrwxrwt');
    expect(permissionString(0o1776)).to.equal('rwxrwxrwT');
    expect(permissionString(0)).to.equal('---------');
  });

  it('lays out tables like FsUsage.TableBuilder', function () {
    expect(table([['10', 'a'], ['2000', 'bb']])).to.equal('10    a\n2000  bb\n');
    expect(table([['H', 'Size'], ['x', '12345']], [1])).to.equal('H   Size\nx  12345\n');
    expect(table([])).to.equal('');
  });
});

describe('hadoop fs: chmod modes', function () {
  const apply = (mode: string, existing: number, isDir = false) => parseMode(mode)!(existing, isDir);

  it('takes three or four octal digits, the first of four being the sticky bit', function () {
    expect(apply('755', 0o600)).to.equal(0o755);
    expect(apply('0640', 0o777)).to.equal(0o640);
    expect(apply('1777', 0)).to.equal(0o1777);
    expect(apply(' 644 ', 0)).to.equal(0o644);
    expect(parseMode('2755')).to.equal(null);
    expect(parseMode('75')).to.equal(null);
    expect(parseMode('788')).to.equal(null);
  });

  it('applies symbolic clauses left to right, no class meaning all', function () {
    expect(apply('u+x', 0o644)).to.equal(0o744);
    expect(apply('a-w', 0o664)).to.equal(0o444);
    expect(apply('go-w', 0o666)).to.equal(0o644);
    expect(apply('=r', 0o777)).to.equal(0o444);
    expect(apply('u=rwx,go=rx', 0)).to.equal(0o755);
    expect(apply('u+x,u+w', 0o400)).to.equal(0o700);
    expect(apply('ug+rw,o-rwx', 0o007)).to.equal(0o660);
  });

  it('adds X only to directories and already-executable files, t as the sticky bit', function () {
    expect(apply('a+X', 0o644)).to.equal(0o644);
    expect(apply('a+X', 0o644, true)).to.equal(0o755);
    expect(apply('a+X', 0o744)).to.equal(0o755);
    expect(apply('+t', 0o755, true)).to.equal(0o1755);
    expect(apply('o-t', 0o1777, true)).to.equal(0o777);
    expect(apply('u+t', 0o755, true)).to.equal(0o755);
  });

  it('rejects anything else', function () {
    for (const bad of ['', 'u+q', 'x+r', 'u+', 'u=', 'u+x,', 'rwx']) expect(parseMode(bad), bad).to.equal(null);
  });
});
