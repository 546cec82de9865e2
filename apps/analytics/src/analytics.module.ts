import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@cadre/jobs';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { RosterProjectionModule } from '@cadre/roster-projection';
import { ReaderScope } from './access/reader-scope';
import { ReaderScopeRepository } from './access/reader-scope.repository';
import { AnalyticsConfig } from './config/analytics.config';
import { DossierRepository } from './dossier/dossier.repository';
import { DossierService } from './dossier/dossier.service';
import { DossierSourcesHandler } from './dossier/dossier-sources.handler';
import { DossierSourcesRepository } from './dossier/dossier-sources.repository';
import { YoungAgeLimit } from './dossier/young-age-limit';
import { AwardsRepository } from './mechanisms/awards.repository';
import { AwardsService } from './mechanisms/awards.service';
import { MechanismsRepository } from './mechanisms/mechanisms.repository';
import { MechanismsService } from './mechanisms/mechanisms.service';
import { ANALYTICS_MIGRATIONS } from './migrations';
import { ProjectionsHandler } from './projections/projections.handler';
import { ProjectionsRepository } from './projections/projections.repository';
import { ROSTER_PROJECTION } from './projections/projection-tables';
import { RosterListener } from './projections/roster.listener';
import { RankingService } from './ranking/ranking.service';
import { RecomputeScheduler } from './ranking/recompute.scheduler';
import { RankingHandler, RankingJobsHandler } from './ranking/ranking.handler';
import { CycleSnapshotRepository } from './ranking/cycle-snapshot.repository';
import { CycleSnapshotService } from './ranking/cycle-snapshot.service';
import { RankingRepository } from './ranking/ranking.repository';
import { TeamRankingEventsHandler, TeamRankingHandler } from './team-ranking/team-ranking.handler';
import { TeamRankingRepository } from './team-ranking/team-ranking.repository';
import { TeamRankingService } from './team-ranking/team-ranking.service';
import { DossierHandler } from './dossier/dossier.handler';
import { MechanismsHandler } from './mechanisms/mechanisms.handler';
import { AwardsHandler } from './mechanisms/awards.handler';
import { CalibrationHandler } from './calibration/calibration.handler';
import { CalibrationRepository } from './calibration/calibration.repository';
import { CalibrationService } from './calibration/calibration.service';
import { RecordsHandler } from './records/records.handler';
import { RecordsRepository } from './records/records.repository';
import { RecordsService } from './records/records.service';
import { AnnualHandler } from './annual/annual.handler';
import { AnnualRepository } from './annual/annual.repository';
import { AnnualService, AnnualSweep } from './annual/annual.service';

/** 比对考核 and the three mechanisms, from projections of every other service's events. */
@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [
        PlatformModule.forRoot({ service: 'analytics', config }),
        PersistenceModule.forRoot({
          service: 'analytics',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: [OutboxEvent],
          migrations: ANALYTICS_MIGRATIONS,
        }),
        MessagingModule.forService(),
        RosterProjectionModule.forService({ ...ROSTER_PROJECTION, listener: RosterListener }),
        // A recompute holds 3 of the 10 pooled connections (its coordinator and two parts): two at a
        // time leave room for the consumer and the request handlers, and there is no pool starvation.
        JobsModule.forService({ concurrency: 2 }),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [
        RankingHandler,
        TeamRankingHandler,
        DossierHandler,
        MechanismsHandler,
        AwardsHandler,
        CalibrationHandler,
        RecordsHandler,
        AnnualHandler,
      ],
      providers: [
        ReaderScope,
        ReaderScopeRepository,
        ProjectionsRepository,
        ProjectionsHandler,
        RosterListener,
        RecomputeScheduler,
        RankingRepository,
        RankingService,
        TeamRankingRepository,
        TeamRankingService,
        TeamRankingEventsHandler,
        CycleSnapshotRepository,
        CycleSnapshotService,
        RankingJobsHandler,
        MechanismsRepository,
        MechanismsService,
        AwardsRepository,
        AwardsService,
        DossierRepository,
        DossierService,
        DossierSourcesRepository,
        DossierSourcesHandler,
        YoungAgeLimit,
        CalibrationRepository,
        CalibrationService,
        RecordsRepository,
        RecordsService,
        AnnualRepository,
        AnnualService,
        AnnualSweep,
      ],
    };
  }
}
