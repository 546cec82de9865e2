import type { DataSource, EntityManager } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';

export interface AppliedRow {
  event_id: string;
  aggregate_id: string;
  tenant_id: string;
  data: Record<string, unknown>;
}

/**
 * The probe consumer's statements, in its own schema: an inbox as an outside subscriber's would be,
 * and `applied`, which has no unique key on purpose: an event applied twice shows up as two rows.
 */
export class ProbeConsumerRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  async createTables(): Promise<void> {
    await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    await this.dataSource.query(
      `CREATE TABLE IF NOT EXISTS inbox (consumer text NOT NULL, event_id uuid NOT NULL, event_type text NOT NULL,
         processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id))`,
    );
    await this.dataSource.query(
      `CREATE TABLE IF NOT EXISTS applied (event_id uuid NOT NULL, type text NOT NULL, aggregate_id text NOT NULL,
         tenant_id uuid NOT NULL, data jsonb NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async insertApplied(manager: EntityManager, event: EventEnvelope): Promise<void> {
    await manager.query(
      `INSERT INTO applied (event_id, type, aggregate_id, tenant_id, data) VALUES ($1, $2, $3, $4, $5)`,
      [event.id, event.type, event.aggregateId, event.tenantId, JSON.stringify(event.data)],
    );
  }

  async counts(type?: string): Promise<{ rows: number; distinct: number }> {
    const [row]: Array<{ rows: number; distinct: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM applied ${type ? 'WHERE type = $1' : ''}`,
      type ? [type] : [],
    );
    return row;
  }

  applied(type: string): Promise<AppliedRow[]> {
    return this.dataSource.query(
      `SELECT event_id, aggregate_id, tenant_id, data FROM applied WHERE type = $1 ORDER BY applied_at`,
      [type],
    );
  }
}
