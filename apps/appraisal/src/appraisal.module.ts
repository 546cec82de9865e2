import { DynamicModule, Module, Provider } from '@nestjs/common';
import { JobsModule } from '@cadre/jobs';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { Access } from './access/access';
import { AppraisalConfig } from './config/appraisal.config';
import { Clock, SystemClock } from './cycles/clock';
import { CycleClock } from './cycles/cycle-clock';
import { CycleJobs } from './cycles/cycle-jobs';
import { CyclesService } from './cycles/cycles.service';
import { HalfYearSchedule } from './cycles/half-year.schedule';
import { GroupsService } from './groups/groups.service';
import { APPRAISAL_MIGRATIONS } from './migrations';
import { Deliveries } from './notifications/deliveries';
import { NotificationsRepository } from './notifications/notifications.repository';
import { NotificationsService } from './notifications/notifications.service';
import { Reminders } from './notifications/reminders';
import { CadresProjection } from './projections/cadres.projection';
import { ProjectionsHandler } from './projections/projections.handler';
import { StepsService } from './steps/steps.service';
import { WartimeService } from './wartime/wartime.service';
import { HalfYearScheduleHandler } from './cycles/half-year.handler';
import { CyclesHandler } from './cycles/cycles.handler';
import { NotificationsHandler } from './notifications/notifications.handler';
import { StepsHandler } from './steps/steps.handler';
import { GroupsHandler } from './groups/groups.handler';
import { WartimeHandler } from './wartime/wartime.handler';

export interface AppraisalModuleOptions {
  /** Tests replace the clock to cross a year boundary without waiting for one. */
  clock?: Clock;
}

/** Appraisal cycles: 定期考核 (望闻问切), 随机考核 and 战时档案, assessment groups, reminders. */
@Module({})
export class AppraisalModule {
  static forRoot(config: AppraisalConfig, options: AppraisalModuleOptions = {}): DynamicModule {
    const clock: Provider = { provide: Clock, useValue: options.clock ?? new SystemClock() };
    return {
      module: AppraisalModule,
      imports: [
        PlatformModule.forRoot({ service: 'appraisal', config }),
        PersistenceModule.forRoot({
          service: 'appraisal',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: [OutboxEvent],
          migrations: APPRAISAL_MIGRATIONS,
        }),
        MessagingModule.forService(),
        JobsModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [HalfYearScheduleHandler, CyclesHandler, NotificationsHandler, StepsHandler, GroupsHandler, WartimeHandler],
      providers: [
        clock,
        Access,
        CadresProjection,
        ProjectionsHandler,
        CycleJobs,
        CyclesService,
        CycleClock,
        HalfYearSchedule,
        GroupsService,
        StepsService,
        WartimeService,
        NotificationsRepository,
        NotificationsService,
        Deliveries,
        Reminders,
      ],
    };
  }
}
