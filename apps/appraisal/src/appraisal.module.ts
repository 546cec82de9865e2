import { DynamicModule, Module, Provider } from '@nestjs/common';
import { JobsModule } from '@cadre/jobs';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { RosterProjectionModule } from '@cadre/roster-projection';
import { Access } from './access/access';
import { AccessRepository } from './access/access.repository';
import { AppraisalConfig } from './config/appraisal.config';
import { Clock, SystemClock } from './cycles/clock';
import { CycleClock } from './cycles/cycle-clock';
import { CycleJobs } from './cycles/cycle-jobs';
import { CycleJobsHandler } from './cycles/cycle-jobs.handler';
import { CycleSchedulesRepository } from './cycles/cycle-schedules.repository';
import { CyclesRepository } from './cycles/cycles.repository';
import { CyclesService } from './cycles/cycles.service';
import { HalfYearSchedule } from './cycles/half-year.schedule';
import { GroupsRepository } from './groups/groups.repository';
import { GroupsService } from './groups/groups.service';
import { APPRAISAL_MIGRATIONS } from './migrations';
import { Deliveries } from './notifications/deliveries';
import { DeliveriesHandler } from './notifications/deliveries.handler';
import { DeliveriesRepository } from './notifications/deliveries.repository';
import { NotificationsRepository } from './notifications/notifications.repository';
import { NotificationsService } from './notifications/notifications.service';
import { Reminders } from './notifications/reminders';
import { CadresProjection } from './projections/cadres-projection.repository';
import { ProjectionsHandler } from './projections/projections.handler';
import { ProjectionsRepository } from './projections/projections.repository';
import { PublishGate } from './calibration/publish-gate';
import { PublishGateRepository } from './calibration/publish-gate.repository';
import { StepsRepository } from './steps/steps.repository';
import { ROSTER_PROJECTION } from './projections/projection-tables';
import { StepsService } from './steps/steps.service';
import { WartimeRepository } from './wartime/wartime.repository';
import { WartimeService } from './wartime/wartime.service';
import { HalfYearScheduleHandler } from './cycles/half-year.handler';
import { CyclesHandler } from './cycles/cycles.handler';
import { NotificationsHandler } from './notifications/notifications.handler';
import { RectificationNoticesHandler } from './notifications/rectification-notices.handler';
import { StepsHandler } from './steps/steps.handler';
import { TeamAppraisalsHandler } from './team-appraisals/team-appraisals.handler';
import { TeamAppraisalsRepository } from './team-appraisals/team-appraisals.repository';
import { TeamAppraisalsService } from './team-appraisals/team-appraisals.service';
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
        RosterProjectionModule.forService(ROSTER_PROJECTION),
        JobsModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [
        HalfYearScheduleHandler,
        CyclesHandler,
        NotificationsHandler,
        StepsHandler,
        TeamAppraisalsHandler,
        GroupsHandler,
        WartimeHandler,
      ],
      providers: [
        clock,
        Access,
        AccessRepository,
        CadresProjection,
        ProjectionsRepository,
        PublishGate,
        PublishGateRepository,
        ProjectionsHandler,
        CycleJobs,
        CycleJobsHandler,
        CyclesRepository,
        CycleSchedulesRepository,
        CyclesService,
        CycleClock,
        HalfYearSchedule,
        GroupsRepository,
        GroupsService,
        StepsRepository,
        StepsService,
        TeamAppraisalsRepository,
        TeamAppraisalsService,
        WartimeRepository,
        WartimeService,
        NotificationsRepository,
        RectificationNoticesHandler,
        NotificationsService,
        DeliveriesRepository,
        Deliveries,
        DeliveriesHandler,
        Reminders,
      ],
    };
  }
}
