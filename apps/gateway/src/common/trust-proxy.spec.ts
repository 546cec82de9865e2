import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('takes presets, addresses and CIDR ranges in a comma list', () => {
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('loopback, 10.0.0.0/8 ,fd00::/8,192.0.2.7')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
  });

  it('refuses what Express would read as trusting everybody, and typos', () => {
    for (const bad of ['true', '1', '', 'loopbak', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', 'loopback,,uniquelocal', '10.0.0.300']) {
      expect(parseTrustProxy(bad)).toBeNull();
    }
  });
});
