// The gateway's rate-limit storage (apps/gateway/src/common/throttler-storage.ts) against the real
// Redis: it replaced @nest-lab/throttler-storage-redis (no release for Nest 12), so what the throttler
// guard reads from it — counts, the block, seconds not milliseconds, one budget per replica — is pinned here.
import Redis from 'ioredis';
import { dropNamespace, eventually, TEST_REDIS_URL, testNamespace } from '@cadre/testing';
import { ThrottlerStorage } from '../../apps/gateway/src/common/throttler-storage';

describe('ThrottlerStorage (Redis)', () => {
  const namespace = testNamespace();
  const clients: Redis[] = [];
  const client = () => {
    // As GatewayModule configures it: the namespace's prefix, auto-pipelining.
    const redis = new Redis(TEST_REDIS_URL, {
      keyPrefix: `${namespace}:throttle:`,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
    });
    clients.push(redis);
    return redis;
  };

  afterAll(async () => {
    for (const redis of clients) await redis.quit();
    await dropNamespace(namespace);
  });

  it('counts hits in the window and blocks past the limit, with times in seconds', async () => {
    const storage = new ThrottlerStorage(client());
    const first = await storage.increment('ip-a', 60_000, 2, 30_000, 'default');
    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(await storage.increment('ip-a', 60_000, 2, 30_000, 'default')).toMatchObject({
      totalHits: 2,
      isBlocked: false,
    });
    const third = await storage.increment('ip-a', 60_000, 2, 30_000, 'default');
    expect(third).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(third.timeToBlockExpire).toBeGreaterThan(0);
    expect(third.timeToBlockExpire).toBeLessThanOrEqual(30);
    expect(third.timeToExpire).toBeLessThanOrEqual(60);
    // Still blocked on the next hit, which still counts.
    expect(await storage.increment('ip-a', 60_000, 2, 30_000, 'default')).toMatchObject({
      totalHits: 4,
      isBlocked: true,
    });
  });

  it('keeps one budget per key and per throttler name', async () => {
    const storage = new ThrottlerStorage(client());
    await storage.increment('ip-b', 60_000, 1, 30_000, 'default');
    expect(await storage.increment('ip-b', 60_000, 1, 30_000, 'default')).toMatchObject({
      totalHits: 2,
      isBlocked: true,
    });
    expect(await storage.increment('ip-c', 60_000, 1, 30_000, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await storage.increment('ip-b', 60_000, 1, 30_000, 'login')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('shares the budget between replicas (two connections, two storages)', async () => {
    const one = new ThrottlerStorage(client());
    const two = new ThrottlerStorage(client());
    await one.increment('ip-d', 60_000, 2, 30_000, 'default');
    await two.increment('ip-d', 60_000, 2, 30_000, 'default');
    expect(await one.increment('ip-d', 60_000, 2, 30_000, 'default')).toMatchObject({ totalHits: 3, isBlocked: true });
  });

  it('lets the client in again once the window and the block have run out', async () => {
    const storage = new ThrottlerStorage(client());
    await storage.increment('ip-e', 300, 1, 300, 'default');
    expect(await storage.increment('ip-e', 300, 1, 300, 'default')).toMatchObject({ isBlocked: true });
    await eventually(
      async () => !(await storage.increment('ip-e', 300, 1, 300, 'default')).isBlocked,
      10_000,
      'unblocked',
    );
  });

  it('drops a block key that has no expiry instead of blocking for ever', async () => {
    const redis = client();
    const storage = new ThrottlerStorage(redis);
    await redis.set('{ip-f:default}:blocked', '1');
    expect(await storage.increment('ip-f', 60_000, 5, 30_000, 'default')).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(await redis.exists('{ip-f:default}:blocked')).toBe(0);
  });

  it('sends the script by its SHA, not its source, once Redis knows it', async () => {
    const redis = client();
    const storage = new ThrottlerStorage(redis);
    await storage.increment('ip-g', 60_000, 5, 30_000, 'default');
    const sent: string[] = [];
    const monitor = await new Redis(TEST_REDIS_URL, { lazyConnect: true }).monitor();
    try {
      const seen = new Promise<void>((resolve) =>
        monitor.on('monitor', (_time: string, args: string[]) => {
          // The script's own INCR, PTTL… show up too (from "lua"): only the client's command matters.
          if (args.some((a) => a.includes('ip-h'))) {
            sent.push(String(args[0]).toLowerCase());
            if (sent.length === 1) resolve();
          }
        }),
      );
      await storage.increment('ip-h', 60_000, 5, 30_000, 'default');
      await seen;
    } finally {
      monitor.disconnect();
    }
    expect(sent[0]).toBe('evalsha');
    expect(sent).not.toContain('eval');
  });
});
