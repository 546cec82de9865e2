import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { Cadre } from './cadres/cadre.entity';
import { CadreVersion } from './cadres/cadre-version.entity';
import { CadresHandler } from './cadres/cadres.handler';
import { CadresRepository } from './cadres/cadres.repository';
import { CadresService } from './cadres/cadres.service';
import { RosterConfig } from './config/roster.config';
import { Field } from './fields/field.entity';
import { FieldsHandler } from './fields/fields.handler';
import { FieldsRepository } from './fields/fields.repository';
import { FieldsService } from './fields/fields.service';
import { ExportsService } from './imports/exports.service';
import { ImportsService } from './imports/imports.service';
import { RosterBulkRepository } from './imports/roster-bulk.repository';
import { RosterFilesHandler } from './imports/roster-files.handler';
import { ROSTER_MIGRATIONS } from './migrations';
import { ProjectionsHandler } from './projections/projections.handler';
import { RosterSettings } from './settings/roster-settings.entity';
import { SettingsService } from './settings/settings.service';
import { Team } from './teams/team.entity';
import { TeamsHandler } from './teams/teams.handler';
import { TeamsRepository } from './teams/teams.repository';
import { TeamsService } from './teams/teams.service';
import { Unit } from './units/unit.entity';
import { UnitsHandler } from './units/units.handler';
import { UnitsRepository } from './units/units.repository';
import { UnitsService } from './units/units.service';
import { SettingsHandler } from './settings/settings.handler';

const ENTITIES = [Field, Unit, Team, Cadre, CadreVersion, RosterSettings, OutboxEvent];

/** The roster (干部动态数据库): fields, units, teams and cadres with their history. */
@Module({})
export class RosterModule {
  static forRoot(config: RosterConfig): DynamicModule {
    return {
      module: RosterModule,
      imports: [
        PlatformModule.forRoot({ service: 'roster', config }),
        PersistenceModule.forRoot({
          service: 'roster',
          url: config.DATABASE_URL,
          namespace: config.CADRE_NAMESPACE,
          entities: ENTITIES,
          migrations: ROSTER_MIGRATIONS,
        }),
        TypeOrmModule.forFeature([Field, Unit, Team, Cadre, CadreVersion, RosterSettings]),
        MessagingModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      controllers: [TeamsHandler, UnitsHandler, SettingsHandler, RosterFilesHandler, CadresHandler, FieldsHandler],
      providers: [
        FieldsRepository,
        FieldsService,
        UnitsRepository,
        UnitsService,
        TeamsRepository,
        TeamsService,
        CadresRepository,
        CadresService,
        SettingsService,
        RosterBulkRepository,
        ImportsService,
        ExportsService,
        ProjectionsHandler,
      ],
    };
  }
}
