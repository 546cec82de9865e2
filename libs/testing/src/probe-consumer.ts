import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { EventEnvelope, schemaName, subjectPrefix } from '@cadre/contracts';
import { DurableConsumer } from '@cadre/messaging';

/**
 * A second consumer, as an outside subscriber would write one: a durable JetStream consumer with
 * an inbox in its own schema. Each applied event adds a row to `applied`, which has no unique
 * key on purpose: an event applied twice shows up as two rows.
 */
export class ProbeConsumer {
  private consumer?: DurableConsumer;
  private nc?: NatsConnection;
  readonly dataSource: DataSource;
  readonly schema: string;

  constructor(
    private readonly o: {
      namespace: string;
      types: string[];
      databaseUrl: string;
      natsUrl: string;
      name?: string;
      /** Work per event, to widen the window a crash can fall into. */
      delayMs?: number;
      /** How long an unacked event waits before redelivery; short in tests that kill the consumer. */
      ackWaitMs?: number;
    },
  ) {
    this.schema = schemaName(o.namespace, o.name ?? 'probe');
    this.dataSource = new DataSource({
      type: 'postgres',
      url: o.databaseUrl,
      schema: this.schema,
      extra: { options: `-c search_path=${this.schema}`, max: 4 },
    });
  }

  async prepare(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
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

  async start(): Promise<void> {
    await this.prepare();
    this.nc = await connect({
      servers: this.o.natsUrl,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    const delay = this.o.delayMs ?? 0;
    const apply = async (event: EventEnvelope, manager: import('typeorm').EntityManager) => {
      await manager.query(
        `INSERT INTO applied (event_id, type, aggregate_id, tenant_id, data) VALUES ($1, $2, $3, $4, $5)`,
        [event.id, event.type, event.aggregateId, event.tenantId, JSON.stringify(event.data)],
      );
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    };
    this.consumer = new DurableConsumer({
      nc: this.nc,
      dataSource: this.dataSource,
      namespace: this.o.namespace,
      subjectPrefix: subjectPrefix(this.o.namespace),
      consumer: this.o.name ?? 'probe',
      handlers: new Map(this.o.types.map((t) => [t, apply])),
      ackWaitMs: this.o.ackWaitMs,
      logger: { log: () => undefined, warn: () => undefined, error: (m) => process.stderr.write(`${m}\n`) },
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.nc?.drain().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** Rows applied, and how many distinct events they came from. */
  async counts(type?: string): Promise<{ rows: number; distinct: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS distinct FROM applied ${type ? 'WHERE type = $1' : ''}`,
      type ? [type] : [],
    );
    return row;
  }

  async applied(
    type: string,
  ): Promise<Array<{ event_id: string; aggregate_id: string; tenant_id: string; data: Record<string, unknown> }>> {
    return this.dataSource.query(
      `SELECT event_id, aggregate_id, tenant_id, data FROM applied WHERE type = $1 ORDER BY applied_at`,
      [type],
    );
  }
}
