import { validateConfig } from '@cadre/platform';
import { GatewayConfig } from '../config/gateway.config';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('takes presets, addresses and CIDR ranges in a comma list', () => {
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('loopback, 10.0.0.0/8 ,fd00::/8,192.0.2.7')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('refuses what Express would read as trusting everybody, and typos', () => {
    for (const bad of [
      'true',
      '1',
      '',
      'loopbak',
      '10.0.0.0/33',
      '10.0.0.0/8/1',
      'fd00::/129',
      'loopback,,uniquelocal',
      '10.0.0.300',
    ]) {
      expect(parseTrustProxy(bad)).toBeNull();
    }
  });
});

describe('TRUST_PROXY setting', () => {
  const env = (extra: Record<string, string>) => ({ NODE_ENV: 'test', ...extra });

  it('defaults to loopback and stops the start on a value Express would read as trusting everybody', () => {
    expect(validateConfig(GatewayConfig, env({})).TRUST_PROXY).toBe('loopback');
    expect(validateConfig(GatewayConfig, env({ TRUST_PROXY: 'loopback, 10.244.0.0/16' })).TRUST_PROXY).toBe(
      'loopback, 10.244.0.0/16',
    );
    expect(() => validateConfig(GatewayConfig, env({ TRUST_PROXY: 'true' }))).toThrow(/TRUST_PROXY/);
  });

  it('holds ADMIN_PASSWORD to the password policy', () => {
    expect(() => validateConfig(GatewayConfig, env({ ADMIN_PASSWORD: 'admin12345' }))).toThrow(/ADMIN_PASSWORD/);
    expect(validateConfig(GatewayConfig, env({ ADMIN_PASSWORD: 'system-pass-2026' })).ADMIN_PASSWORD).toBe(
      'system-pass-2026',
    );
  });
});
