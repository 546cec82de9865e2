import { DossierExportsController } from './analytics/dossier-exports.controller';
import { DossierExportsRepository } from './analytics/dossier-exports.repository';
import { DossierExportsService } from './analytics/dossier-exports.service';
import {
  DynamicModule,
  Inject,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { MessagingModule, NatsReadinessCheck } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditMiddleware } from './audit/audit.middleware';
import { AuditReadInterceptor } from './audit/audit-read.interceptor';
import { AUTH_REDIS, authRedis, AuthRedisCloser } from './auth/auth-redis';
import { AuthController } from './auth/auth.controller';
import { JwtAuthGuard, RolesGuard } from './auth/auth.guards';
import { AuthService } from './auth/auth.service';
import { LoginLockout } from './auth/login-lockout';
import { SessionVersions } from './auth/session-versions';
import { AnalyticsController } from './analytics/analytics.controller';
import { CalibrationController } from './analytics/calibration.controller';
import { TeamRankingsController } from './analytics/team-rankings.controller';
import { AnnualController } from './analytics/annual.controller';
import { CyclesController } from './appraisal/cycles.controller';
import { TeamAppraisalsController } from './appraisal/team-appraisals.controller';
import { NotificationsController } from './appraisal/notifications.controller';
import { ChecklistsController } from './checklists/checklists.controller';
import { loginThrottleLimit } from './auth/login-throttle';
import { RequestContextMiddleware } from './common/request-context.middleware';
import { GatewayThrottlerGuard } from './common/throttler.guard';
import { ThrottlerStorage } from './common/throttler-storage';
import { GatewayConfig } from './config/gateway.config';
import { AsyncApiController } from './docs/asyncapi.controller';
import { IdempotencyPurge } from './idempotency/idempotency-purge';
import { TenantDatesInterceptor } from './common/calendar-date';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { GATEWAY_MIGRATIONS } from './migrations';
import { JsonBodyMiddleware } from './problems/json-body.middleware';
import { ProblemFilter } from './problems/problem.filter';
import { BallotsController } from './review/ballots.controller';
import { RecommendationBallotsController } from './review/recommendation-ballots.controller';
import { HonoursController } from './honours/honours.controller';
import { RectificationsController } from './review/rectifications.controller';
import { ReviewController } from './review/review.controller';
import { CadresController } from './roster/cadres.controller';
import { FieldsController } from './roster/fields.controller';
import { RosterFilesController } from './roster/roster-files.controller';
import { TeamsController } from './roster/teams.controller';
import { UnitsController } from './roster/units.controller';
import { SystemSeeder } from './tenants/system-seeder';
import { Tenant } from './tenants/tenant.entity';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsRepository } from './tenants/tenants.repository';
import { TenantsService } from './tenants/tenants.service';
import { User } from './users/user.entity';
import { MeController } from './users/me.controller';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

const ENTITIES = [Tenant, User, AuditEntry];

/** The rate limiter's own Redis connection: its storage takes a client, made in forRoot, closed with the app. */
const THROTTLER_REDIS = Symbol('THROTTLER_REDIS');

@Injectable()
class ThrottlerRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(THROTTLER_REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The one public HTTP surface: auth, roles, validation, OpenAPI, rate limits, idempotency, audit. */
@Module({})
export class GatewayModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    loginThrottleLimit.perMinute = config.LOGIN_RATE_LIMIT_PER_MINUTE;
    const jwtSecret = config.JWT_SECRET ?? randomBytes(32).toString('hex');
    const throttlerRedis = new Redis(config.REDIS_URL, {
      keyPrefix: `${config.CADRE_NAMESPACE || 'cadre'}:throttle:`,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      // Every request counts a hit: the hits of one event-loop turn go to Redis in one write (the
      // ballot cast's peak is thousands a second; one write per hit cost the gateway a syscall each).
      enableAutoPipelining: true,
    });
    return {
      module: GatewayModule,
      imports: [
        // The ballot cast is not in the request log (the form, GET, still is): see LoggingModule.
        // /metrics is not on the public port: main.ts serves it on GATEWAY_METRICS_PORT (serveMetrics).
        PlatformModule.forRoot({
          service: 'gateway',
          config,
          unlogged: [{ path: 'ballots/:token', method: RequestMethod.POST }],
          metricsRoute: false,
        }),
        PersistenceModule.forRoot({
          service: 'gateway',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: ENTITIES,
          migrations: GATEWAY_MIGRATIONS,
        }),
        TypeOrmModule.forFeature(ENTITIES),
        MessagingModule.forGateway(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
        JwtModule.register({ secret: jwtSecret, signOptions: { algorithm: 'HS256' } }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
          // Counted in Redis so every gateway replica shares one budget per client.
          storage: new ThrottlerStorage(throttlerRedis),
        }),
      ],
      controllers: [
        AuthController,
        TenantsController,
        UsersController,
        MeController,
        FieldsController,
        UnitsController,
        TeamsController,
        CadresController,
        RosterFilesController,
        ChecklistsController,
        CyclesController,
        TeamAppraisalsController,
        NotificationsController,
        ReviewController,
        RectificationsController,
        BallotsController,
        RecommendationBallotsController,
        HonoursController,
        AnalyticsController,
        CalibrationController,
        TeamRankingsController,
        AnnualController,
        DossierExportsController,
        AsyncApiController,
      ],
      providers: [
        AuthService,
        SessionVersions,
        LoginLockout,
        { provide: AUTH_REDIS, useFactory: () => authRedis(config.REDIS_URL, config.CADRE_NAMESPACE) },
        AuthRedisCloser,
        TenantsRepository,
        TenantsService,
        UsersRepository,
        UsersService,
        SystemSeeder,
        IdempotencyRepository,
        IdempotencyPurge,
        AuditReadInterceptor,
        DossierExportsRepository,
        DossierExportsService,
        { provide: THROTTLER_REDIS, useValue: throttlerRedis },
        ThrottlerRedisCloser,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: GatewayThrottlerGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        // After the idempotency check, before validation: a timestamp sent for a date becomes the tenant's day.
        { provide: APP_INTERCEPTOR, useClass: TenantDatesInterceptor },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware, AuditMiddleware, JsonBodyMiddleware).forRoutes('*path');
  }
}
