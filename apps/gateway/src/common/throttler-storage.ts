import type { ThrottlerStorage as ThrottlerStorageContract } from '@nestjs/throttler';
import type Redis from 'ioredis';

type Counted = Awaited<ReturnType<ThrottlerStorageContract['increment']>>;

const COMMAND = 'cadreThrottleHit';

/**
 * One hit: counts it in a fixed window of `ttl` ms (the window starts at its first hit), and once the
 * count passes `limit` blocks the key for `blockDuration` ms. A block key found without an expiry
 * (PTTL -1: never written so by this script, but it must not block a client for ever) is dropped and
 * the window starts again. All of it in one script so replicas of the gateway sharing the Redis never
 * race between the INCR and the block. The same algorithm and keys as @nest-lab/throttler-storage-redis
 * 1.2, which has no release for Nest 12, so counts survive the switch (credit: wyattjoh/rate-limit-redis).
 */
export const THROTTLE_SCRIPT = `
local hitKey = KEYS[1]
local blockKey = KEYS[2]
local ttl = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local blockDuration = tonumber(ARGV[4])

local totalHits = redis.call('INCR', hitKey)
local timeToExpire = redis.call('PTTL', hitKey)
if timeToExpire <= 0 then
  redis.call('PEXPIRE', hitKey, ttl)
  timeToExpire = ttl
end

local isBlocked = redis.call('GET', blockKey)
local timeToBlockExpire = 0
if isBlocked then
  timeToBlockExpire = redis.call('PTTL', blockKey)
elseif totalHits > limit then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  isBlocked = '1'
  timeToBlockExpire = blockDuration
end

if isBlocked and timeToBlockExpire <= 0 then
  redis.call('DEL', blockKey)
  redis.call('SET', hitKey, 1, 'PX', ttl)
  totalHits = 1
  timeToExpire = ttl
  isBlocked = false
  timeToBlockExpire = 0
end

return { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }
`.trim();

/**
 * The rate-limit storage of @nestjs/throttler, counted in Redis so every gateway replica shares one
 * budget per client. The script is sent by its SHA (EVALSHA, ioredis falls back to EVAL once if Redis
 * lost it) instead of its whole source with every request: at thousands of requests a second Redis
 * would otherwise hash ≈ 700 bytes of Lua for each one. The Redis connection belongs to the caller
 * (GatewayModule closes it), so this class has no shutdown of its own.
 */
export class ThrottlerStorage implements ThrottlerStorageContract {
  constructor(private readonly redis: Redis) {
    redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: THROTTLE_SCRIPT });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<Counted> {
    // One hash tag for both keys: in a Redis Cluster a script may only touch keys of one slot.
    const hitKey = `{${key}:${throttlerName}}:hits`;
    const blockKey = `{${key}:${throttlerName}}:blocked`;
    const command = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[COMMAND];
    const results = await command.call(this.redis, hitKey, blockKey, throttlerName, ttl, limit, blockDuration);
    if (!Array.isArray(results) || results.length !== 4 || results.some((v) => typeof v !== 'number')) {
      throw new TypeError(`unexpected rate-limit answer from Redis: ${JSON.stringify(results)}`);
    }
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = results as number[];
    // @nestjs/throttler reads both times in seconds (Retry-After, X-RateLimit-Reset).
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
