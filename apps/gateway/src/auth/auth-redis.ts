import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * The Redis connection of sessions and login lockout (keys `<namespace>:auth:…`), shared by every
 * gateway replica. It fails fast (no offline queue, one retry, a short timeout): callers fall back to
 * the database or decide themselves what a missing Redis means, rather than stall a request.
 */
export const AUTH_REDIS = Symbol('AUTH_REDIS');

export function authRedis(url: string, namespace: string): Redis {
  return new Redis(url, {
    keyPrefix: `${namespace || 'cadre'}:auth:`,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1_000,
  });
}

@Injectable()
export class AuthRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(AUTH_REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
