import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { schemaName } from '@cadre/contracts';

export interface ServiceDataSourceOptions {
  service: string;
  url: string;
  namespace: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type: entity classes
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type: migration classes
  migrations: MixedList<Function | string>;
  poolSize?: number;
}

/**
 * One database, one schema per service (DESIGN.md). The schema is also the connection's
 * search_path, so migrations write plain table names and land in the right schema under any
 * namespace. Never `synchronize`: the schema changes only through migrations.
 */
export function serviceDataSourceOptions(options: ServiceDataSourceOptions): DataSourceOptions {
  const schema = schemaName(options.namespace, options.service);
  return {
    type: 'postgres',
    url: options.url,
    schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Off: TypeORM would log failed statements with their parameters (people's names); callers log failures.
    logging: false,
    applicationName: `cadre-${options.service}`,
    extra: {
      options: `-c search_path=${schema},public`,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      // A statement that hangs (lock wait, lost server) must not pin a connection forever.
      statement_timeout: 30_000,
    },
  };
}
