import { expect } from 'chai';
import { formatAddress, parseBindAddress } from '../../common/http/address';

describe('Bind addresses (common/http/address.ts)', () => {
  it('reads host:port, [v6]:port and :port, port 0 for a free port', () => {
    expect(parseBindAddress('0.0.0.0:50010', 'k')).to.deep.equal({ host: '0.0.0.0', port: 50010 });
    expect(parseBindAddress(' 127.0.0.1:0 ', 'k')).to.deep.equal({ host: '127.0.0.1', port: 0 });
    expect(parseBindAddress('[::1]:8020', 'k')).to.deep.equal({ host: '::1', port: 8020 });
    expect(parseBindAddress(':50060', 'k')).to.deep.equal({ host: '0.0.0.0', port: 50060 });
    expect(parseBindAddress('node7.example.com:65535', 'k')).to.deep.equal({ host: 'node7.example.com', port: 65535 });
  });

  it('refuses anything else with one line naming the key', () => {
    for (const bad of ['50010', 'host:', 'host:65536', 'host:-1', 'host:1e3', 'host:12345678', '']) {
      expect(() => parseBindAddress(bad, 'dfs.datanode.address'), bad).to.throw(`Invalid value for dfs.datanode.address: '${bad}' is not host:port (port 0 for a free port)`);
    }
  });

  it('writes IPv6 hosts in brackets', () => {
    expect(formatAddress('::1', 50070)).to.equal('[::1]:50070');
    expect(formatAddress('127.0.0.1', 50070)).to.equal('127.0.0.1:50070');
  });
});
