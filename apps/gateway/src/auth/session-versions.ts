import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { UsersRepository } from '../users/users.repository';
import { AUTH_REDIS } from './auth-redis';

/**
 * How long a replica trusts the version it last saw for a user. Revocation reaches every replica
 * within this plus one Redis round trip, well inside the 5 s the platform promises; in between,
 * the hot path costs no Redis call at all.
 */
export const LOCAL_TTL_MS = 1_000;

/**
 * How long Redis keeps a version. Redis keeps nothing on disk here, so the database is the truth and
 * Redis only a shared cache of it; the expiry bounds how long a version could stay stale if the
 * write after a change failed (Redis up for reads, a write lost), after which it is read again.
 */
const REDIS_TTL_SECONDS = 60;

/** Bounds the local cache: beyond it, the oldest entries go (they are re-read on next use). */
const LOCAL_MAX = 50_000;

/**
 * Raises a stored version, never lowers it: a refill racing with a change (read v0 from the database,
 * the change commits v1 and writes it, the refill then writes v0) keeps v1. Versions only go up.
 */
const RAISE = `
local current = tonumber(redis.call('GET', KEYS[1]))
local v = tonumber(ARGV[1])
if current == nil or current < v then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return v
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return current`;

const RAISE_COMMAND = 'cadreRaiseTokenVersion';

/**
 * The per-user token version (users.token_version, claim `ver`): a token is current while its version
 * is the user's. Read through a short local cache, then Redis, then the database (on a Redis miss or
 * outage), so a revoked token is never accepted and the usual request costs nothing extra.
 */
@Injectable()
export class SessionVersions {
  private readonly logger = new Logger('SessionVersions');
  private readonly local = new Map<string, { version: number | null; until: number }>();

  constructor(
    @Inject(AUTH_REDIS) private readonly redis: Redis,
    private readonly users: UsersRepository,
  ) {
    redis.defineCommand(RAISE_COMMAND, { numberOfKeys: 1, lua: RAISE });
  }

  /** Whether a token of this version is still current for the user (an unknown user has none). */
  async isCurrent(userId: string, version: number): Promise<boolean> {
    const seen = await this.current(userId);
    if (seen === version) return true;
    // A token newer than what this replica saw (issued after a change another replica made): the
    // local copy is behind, not the token — versions only go up, and only we sign tokens.
    if (seen !== null && version > seen) return (await this.current(userId, true)) === version;
    return false;
  }

  /** The user's version now (null: no such user); `fresh` skips the local cache. */
  async current(userId: string, fresh = false): Promise<number | null> {
    const cached = this.local.get(userId);
    if (!fresh && cached && cached.until > Date.now()) return cached.version;
    let stored: string | null;
    try {
      stored = await this.redis.get(key(userId));
    } catch (err) {
      // Redis away: the database answers (every request then reads it, at most once a second per user and replica).
      this.logger.warn(`token version of ${userId} from the database, Redis failed: ${(err as Error).message}`);
      return this.remember(userId, await this.users.tokenVersion(userId));
    }
    if (stored !== null) return this.remember(userId, Number(stored));
    const version = await this.users.tokenVersion(userId);
    if (version !== null) await this.raise(userId, version);
    return this.remember(userId, version);
  }

  /**
   * Tells every replica a user's new version, once its change has committed. This replica knows at
   * once; the others within LOCAL_TTL_MS. A failed write is logged, not thrown: the change is
   * committed, and the Redis key's expiry bounds how long a replica could read the old version.
   */
  async publish(userId: string, version: number): Promise<void> {
    // Two changes of one user committing close together may publish out of order: keep the higher.
    const known = this.local.get(userId)?.version;
    this.remember(userId, typeof known === 'number' && known > version ? known : version);
    await this.raise(userId, version);
  }

  private async raise(userId: string, version: number): Promise<void> {
    const command = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[RAISE_COMMAND];
    try {
      await command.call(this.redis, key(userId), version, REDIS_TTL_SECONDS);
    } catch (err) {
      this.logger.error(`token version ${version} of ${userId} not written to Redis: ${(err as Error).message}`);
    }
  }

  private remember(userId: string, version: number | null): number | null {
    if (this.local.size >= LOCAL_MAX) {
      const now = Date.now();
      for (const [id, entry] of this.local) if (entry.until <= now) this.local.delete(id);
      if (this.local.size >= LOCAL_MAX) this.local.delete(this.local.keys().next().value as string);
    }
    this.local.set(userId, { version, until: Date.now() + LOCAL_TTL_MS });
    return version;
  }
}

function key(userId: string): string {
  return `ver:${userId}`;
}
