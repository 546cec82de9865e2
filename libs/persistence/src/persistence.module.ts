import { DynamicModule, Global, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { serviceDataSourceOptions, ServiceDataSourceOptions } from './data-source';
import { migrateSchema } from './migrate';

@Injectable()
export class DatabaseReadinessCheck {
  readonly name = 'postgres';
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}
  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}

@Injectable()
class Migrator implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  // onModuleInit: every module's init finishes before any onApplicationBootstrap, where the
  // outbox relay, the consumers and the request handlers start; they all need the tables.
  async onModuleInit(): Promise<void> {
    const applied = await migrateSchema(this.dataSource);
    if (applied.length > 0) this.logger.log(`migrations applied: ${applied.join(', ')}`, 'Migrations');
  }
}

/** TypeORM for one service's schema, migrated at start before anything serves. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...serviceDataSourceOptions(options), retryAttempts: 3, retryDelay: 1_000 })],
      providers: [DatabaseReadinessCheck, Migrator],
      exports: [TypeOrmModule, DatabaseReadinessCheck],
    };
  }
}
