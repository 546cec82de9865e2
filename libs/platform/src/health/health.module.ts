import { Controller, DynamicModule, Get, Inject, Module, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../public';
import { READINESS_CHECKS, ReadinessCheck, withTimeout } from './readiness-check';
import { ShutdownState } from './shutdown-state';

const CHECK_TIMEOUT_MS = 2_000;

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** The process is alive and its event loop turns; dependencies do not matter here. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      async () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /** Ready to take work: every dependency answers and the process is not draining. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const session = this.indicators.check('shutdown');
        return this.shutdown.isDraining ? session.down('draining') : session.up();
      },
      ...this.checks.map((dependency) => async () => {
        const session = this.indicators.check(dependency.name);
        try {
          await withTimeout(dependency.check(), CHECK_TIMEOUT_MS, dependency.name);
          return session.up();
        } catch (err) {
          return session.down({ message: (err as Error).message });
        }
      }),
    ]);
  }
}

@Module({})
export class HealthModule {
  static forRoot(checks: Type<ReadinessCheck>[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        { provide: READINESS_CHECKS, useFactory: (...found: ReadinessCheck[]) => found, inject: checks },
      ],
      exports: [ShutdownState],
    };
  }
}
