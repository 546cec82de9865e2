import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';

type Counted = Awaited<ReturnType<ThrottlerStorageRedisService['increment']>>;

const COMMAND = 'cadreThrottleHit';

/**
 * The Redis rate-limit storage with the same script, sent by its SHA (EVALSHA, ioredis falls back to
 * EVAL once if Redis lost it) instead of its whole source with every request: at thousands of
 * requests a second Redis would otherwise hash ≈ 700 bytes of Lua for each one.
 */
export class ThrottlerStorage extends ThrottlerStorageRedisService {
  constructor(redis: Redis) {
    super(redis);
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<Counted> {
    const hitKey = `{${key}:${throttlerName}}:hits`;
    const blockKey = `{${key}:${throttlerName}}:blocked`;
    const command = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[COMMAND];
    const results = await command.call(this.redis, hitKey, blockKey, throttlerName, ttl, limit, blockDuration);
    if (!Array.isArray(results) || results.length !== 4 || results.some((v) => typeof v !== 'number')) {
      throw new TypeError(`unexpected rate-limit answer from Redis: ${JSON.stringify(results)}`);
    }
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = results as number[];
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
