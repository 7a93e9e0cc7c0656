import { expect } from 'chai';
import {
  blockHref,
  breadcrumbs,
  datanodeHref,
  displayText,
  explorerHref,
  fileHref,
  fractionOf,
  nodeListHref,
  nonDfsUsed,
  permissionString,
  secondsAgo,
} from '../dfs/namenode/web/format';

/** The NameNode pages' pure helpers: links, permissions, breadcrumbs, and bytes shown as text. */
describe('NameNode web UI: formatting helpers', function () {
  it('builds links with every query value encoded, markup and all', function () {
    expect(explorerHref('/a b/<script>alert(1)</script>')).to.equal('/explorer?path=%2Fa%20b%2F%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    expect(fileHref('/x&y=z')).to.equal('/file?path=%2Fx%26y%3Dz');
    expect(blockHref(1073741825)).to.equal('/block?id=1073741825');
    expect(datanodeHref('127.0.0.1:50010')).to.equal('/datanode?name=127.0.0.1%3A50010');
    expect(nodeListHref('DEAD')).to.equal('/dfsnodelist?whatNodes=DEAD');
  });

  it('prints permissions as hadoop fs -ls does', function () {
    expect(permissionString(0o755, true)).to.equal('drwxr-xr-x');
    expect(permissionString(0o644, false)).to.equal('-rw-r--r--');
    expect(permissionString(0o000, false)).to.equal('----------');
    expect(permissionString(0o777, false)).to.equal('-rwxrwxrwx');
    expect(permissionString(0o1750, true)).to.equal('drwxr-x--T');
    expect(permissionString(0o1777, true)).to.equal('drwxrwxrwt');
  });

  it('gives the root and every ancestor of a path as breadcrumbs', function () {
    expect(breadcrumbs('/')).to.deep.equal([['/', '/']]);
    expect(breadcrumbs('/user/web/<b>')).to.deep.equal([
      ['/', '/'],
      ['user', '/user'],
      ['web', '/user/web'],
      ['<b>', '/user/web/<b>'],
    ]);
  });

  it('shows text as it is (line ends as LF) and binary bytes as replacement characters', function () {
    expect(displayText(Buffer.from('line 1\n\ttab\n<b>html</b> & "q"\n'))).to.equal('line 1\n\ttab\n<b>html</b> & "q"\n');
    expect(displayText(Buffer.from('dos\r\nmac\rend\r'))).to.equal('dos\nmac\nend\n');
    expect(displayText(Buffer.from('héllo ✓'))).to.equal('héllo ✓');
    expect(displayText(Buffer.from([0x00, 0x41, 0x07, 0x1b, 0x7f, 0x42]))).to.equal('\ufffdA\ufffd\ufffd\ufffdB');
    expect(displayText(Buffer.from([0xff, 0xfe, 0x43]))).to.equal('\ufffd\ufffdC');
    // a multi-byte character cut by the 1 KB limit
    expect(displayText(Buffer.from('ab✓').subarray(0, 4))).to.equal('ab\ufffd');
    expect(displayText(Buffer.from('\u0085x'))).to.equal('\ufffdx');
  });

  it('computes seconds ago, fractions and non-DFS used without going negative or dividing by zero', function () {
    expect(secondsAgo(10000, 12999)).to.equal(2);
    expect(secondsAgo(13000, 12000)).to.equal(0);
    expect(fractionOf(5, 0)).to.equal(0);
    expect(fractionOf(1, 4)).to.equal(0.25);
    expect(nonDfsUsed(100, 10, 60)).to.equal(30);
    expect(nonDfsUsed(100, 50, 60)).to.equal(0);
  });
});
