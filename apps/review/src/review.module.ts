import { RecommendationsHandler } from './recommendations/recommendations.handler';
import { RecommendationsRepository } from './recommendations/recommendations.repository';
import { RecommendationsService } from './recommendations/recommendations.service';
import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@cadre/jobs';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule } from '@cadre/platform';
import { RosterProjectionModule } from '@cadre/roster-projection';
import { BallotBatcher } from './ballots/ballot-batcher';
import { BallotsRepository } from './ballots/ballots.repository';
import { BallotsService } from './ballots/ballots.service';
import { CampaignsRepository } from './campaigns/campaigns.repository';
import { CampaignsService } from './campaigns/campaigns.service';
import { ReviewConfig } from './config/review.config';
import { REVIEW_MIGRATIONS } from './migrations';
import { ProjectionsHandler } from './projections/projections.handler';
import { ROSTER_PROJECTION } from './projections/projection-tables';
import { ReviewProjectionsRepository } from './projections/review-projections.repository';
import { RosterProjection } from './projections/roster.projection';
import { ResultsRepository } from './results/results.repository';
import { ResultsService } from './results/results.service';
import { SettingsRepository } from './settings/settings.repository';
import { SettingsService } from './settings/settings.service';
import { TemplatesRepository } from './templates/templates.repository';
import { TemplatesService } from './templates/templates.service';
import { BallotsHandler } from './ballots/ballots.handler';
import { TemplatesHandler } from './templates/templates.handler';
import { SettingsHandler } from './settings/settings.handler';
import { ResultsHandler } from './results/results.handler';
import { CampaignsHandler } from './campaigns/campaigns.handler';
import { RectificationOverdueHandler } from './rectifications/rectification-overdue.handler';
import { RectificationsHandler } from './rectifications/rectifications.handler';
import { RectificationsRepository } from './rectifications/rectifications.repository';
import { RectificationsService } from './rectifications/rectifications.service';

/** 双向考核与民主测评: campaigns, one-time voter tokens, anonymous ballots, results. */
@Module({})
export class ReviewModule {
  static forRoot(config: ReviewConfig): DynamicModule {
    return {
      module: ReviewModule,
      imports: [
        PlatformModule.forRoot({ service: 'review', config }),
        PersistenceModule.forRoot({
          service: 'review',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: [OutboxEvent],
          migrations: REVIEW_MIGRATIONS,
          // Batches of ballots run a few at a time beside reads of forms and results.
          poolSize: 16,
        }),
        MessagingModule.forService(),
        RosterProjectionModule.forService(ROSTER_PROJECTION),
        // The rectification items' overdue jobs (keyed, idempotent). Redis is not a readiness check of
        // review: ballots and results never touch it, and an outage must not take them down; recording
        // an opinion answers 503 meanwhile (its jobs cannot be queued).
        JobsModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [
        BallotsHandler,
        TemplatesHandler,
        SettingsHandler,
        ResultsHandler,
        CampaignsHandler,
        RectificationsHandler,
        RecommendationsHandler,
      ],
      providers: [
        ReviewProjectionsRepository,
        ProjectionsHandler,
        RosterProjection,
        TemplatesRepository,
        TemplatesService,
        CampaignsRepository,
        CampaignsService,
        BallotsRepository,
        BallotBatcher,
        BallotsService,
        ResultsRepository,
        ResultsService,
        SettingsRepository,
        RecommendationsRepository,
        RecommendationsService,
        SettingsService,
        RectificationsRepository,
        RectificationsService,
        RectificationOverdueHandler,
      ],
    };
  }
}
