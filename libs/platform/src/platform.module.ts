import { DynamicModule, Global, Module } from '@nestjs/common';
// Nest 12's exports map has no '@nestjs/common/interfaces' folder entry, and the root does not re-export RouteInfo.
import type { RouteInfo } from '@nestjs/common/interfaces/index.js';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics';
import { RedisModule } from './redis.module';
import { PLATFORM_CONFIG, SERVICE_NAME } from './tokens';
import type { PlatformConfig } from './config/platform.config';

/** What every app imports first: its validated config, JSON logs, metrics and the Redis client. */
@Global()
@Module({})
export class PlatformModule {
  /**
   * `unlogged`: HTTP routes left out of the request log (see LoggingModule). `metricsRoute: false`: no
   * GET /metrics on the app's own HTTP port (the gateway, whose port is public, serves it apart: serveMetrics).
   */
  static forRoot(options: {
    service: string;
    config: PlatformConfig;
    unlogged?: RouteInfo[];
    metricsRoute?: boolean;
  }): DynamicModule {
    const logging = LoggingModule.forRoot({
      service: options.service,
      level: options.config.LOG_LEVEL,
      unlogged: options.unlogged,
    });
    return {
      module: PlatformModule,
      imports: options.metricsRoute === false ? [logging, RedisModule] : [logging, MetricsModule, RedisModule],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: options.config },
        { provide: SERVICE_NAME, useValue: options.service },
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, RedisModule],
    };
  }
}
