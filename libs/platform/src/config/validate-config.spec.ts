import { IsInt } from 'class-validator';
import { PlatformConfig } from './platform.config';
import { ConfigError, validateConfig } from './validate-config';

describe('config validation', () => {
  it('fills the contract’s defaults', () => {
    const config = validateConfig(PlatformConfig, {});
    expect(config).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cadre',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NATS_URL: 'nats://127.0.0.1:4222',
      ROLE: 'all',
      CADRE_NAMESPACE: '',
      NATS_STREAM_REPLICAS: 1,
    });
  });

  it('converts numbers and accepts a NATS cluster list', () => {
    const config = validateConfig(PlatformConfig, {
      NATS_STREAM_REPLICAS: '3',
      NATS_URL: 'nats://a:4222,nats://b:4222',
    });
    expect(config.NATS_STREAM_REPLICAS).toBe(3);
  });

  it.each([
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL is malformed \("mysql:\/\/x\/y"\): must be a postgres:\/\/ URL/],
    ['ROLE', 'boss', /ROLE is malformed .*must be one of api, worker, all/],
    ['NATS_STREAM_REPLICAS', 'three', /NATS_STREAM_REPLICAS is malformed/],
    ['CADRE_NAMESPACE', 'Has Spaces', /CADRE_NAMESPACE is malformed/],
  ])('names a malformed %s in one line', (name, value, message) => {
    expect(() => validateConfig(PlatformConfig, { [name]: value })).toThrow(ConfigError);
    expect(() => validateConfig(PlatformConfig, { [name]: value })).toThrow(message);
  });

  it('never prints a secret’s value', () => {
    class WithSecret extends PlatformConfig {
      JWT_SECRET: number = 0;
    }
    IsInt()(WithSecret.prototype, 'JWT_SECRET');
    expect(() => validateConfig(WithSecret, { JWT_SECRET: 'super-secret-value' })).toThrow(
      /JWT_SECRET is malformed \("\*\*\*"\)/,
    );
  });
});
