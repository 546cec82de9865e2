import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { PLATFORM_CONFIG } from './tokens';
import type { PlatformConfig } from './config/platform.config';
import type { ReadinessCheck } from './health/readiness-check';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** The shared Redis client for commands (rate limits, readiness). BullMQ opens its own connections. */
@Injectable()
export class RedisReadinessCheck implements ReadinessCheck {
  readonly name = 'redis';
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async check(): Promise<void> {
    await this.redis.ping();
  }
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [PLATFORM_CONFIG],
      // Commands fail fast while Redis is away instead of queueing forever; callers answer 503.
      useFactory: (config: PlatformConfig) =>
        new Redis(config.REDIS_URL, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          lazyConnect: false,
          connectionName: 'cadre',
        }),
    },
    RedisReadinessCheck,
    RedisCloser,
  ],
  exports: [REDIS_CLIENT, RedisReadinessCheck],
})
export class RedisModule {}
