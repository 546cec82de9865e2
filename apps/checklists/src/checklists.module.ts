import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@cadre/jobs';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { RosterProjectionModule } from '@cadre/roster-projection';
import { Access } from './access/access';
import { ChecklistsConfig } from './config/checklists.config';
import { CHECKLISTS_MIGRATIONS } from './migrations';
import { PoliticalService } from './political/political.service';
import { CadresProjection } from './projections/cadres-projection.repository';
import { ProjectionsHandler } from './projections/projections.handler';
import { ROSTER_PROJECTION } from './projections/projection-tables';
import { ResponsibilitiesService } from './responsibilities/responsibilities.service';
import { TasksService } from './tasks/tasks.service';
import { TasksHandler } from './tasks/tasks.handler';
import { TasksRepository } from './tasks/tasks.repository';
import { TaskOverdueHandler } from './tasks/task-overdue.handler';
import { ResponsibilitiesHandler } from './responsibilities/responsibilities.handler';
import { ResponsibilitiesRepository } from './responsibilities/responsibilities.repository';
import { PoliticalHandler } from './political/political.handler';
import { PoliticalRepository } from './political/political.repository';
import { PoliticalReassessHandler } from './political/political-reassess.handler';
import { UnitFulfilmentHandler } from './fulfilment/unit-fulfilment.handler';
import { UnitFulfilmentRepository } from './fulfilment/unit-fulfilment.repository';
import { UnitFulfilmentService } from './fulfilment/unit-fulfilment.service';

/** The three lists (三张清单): political list and file, responsibility list, task list with commitment. */
@Module({})
export class ChecklistsModule {
  static forRoot(config: ChecklistsConfig): DynamicModule {
    return {
      module: ChecklistsModule,
      imports: [
        PlatformModule.forRoot({ service: 'checklists', config }),
        PersistenceModule.forRoot({
          service: 'checklists',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: [OutboxEvent],
          migrations: CHECKLISTS_MIGRATIONS,
        }),
        MessagingModule.forService(),
        RosterProjectionModule.forService(ROSTER_PROJECTION),
        JobsModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [TasksHandler, ResponsibilitiesHandler, PoliticalHandler, UnitFulfilmentHandler],
      providers: [
        CadresProjection,
        ProjectionsHandler,
        Access,
        PoliticalService,
        PoliticalRepository,
        PoliticalReassessHandler,
        ResponsibilitiesService,
        ResponsibilitiesRepository,
        TasksService,
        TasksRepository,
        TaskOverdueHandler,
        UnitFulfilmentRepository,
        UnitFulfilmentService,
      ],
    };
  }
}
