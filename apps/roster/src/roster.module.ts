import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, NatsReadinessCheck, OutboxEvent } from '@cadre/messaging';
import { DatabaseReadinessCheck, PersistenceModule } from '@cadre/persistence';
import { HealthModule, PlatformModule, RedisReadinessCheck } from '@cadre/platform';
import { RosterConfig } from './config/roster.config';
import { Field } from './fields/field.entity';
import { FieldsHandler } from './fields/fields.handler';
import { FieldsRepository } from './fields/fields.repository';
import { FieldsService } from './fields/fields.service';
import { ROSTER_MIGRATIONS } from './migrations';
import { Unit } from './units/unit.entity';
import { UnitsHandler } from './units/units.handler';
import { UnitsRepository } from './units/units.repository';
import { UnitsService } from './units/units.service';

const ENTITIES = [Field, Unit, OutboxEvent];

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
        TypeOrmModule.forFeature([Field, Unit]),
        MessagingModule.forService(),
        HealthModule.forRoot([DatabaseReadinessCheck, RedisReadinessCheck, NatsReadinessCheck]),
      ],
      providers: [FieldsRepository, FieldsService, FieldsHandler, UnitsRepository, UnitsService, UnitsHandler],
    };
  }
}
