import { connect, NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { EventEnvelope, schemaName, subjectPrefix } from '@cadre/contracts';
import { DurableConsumer } from '@cadre/messaging';
import { AppliedRow, ProbeConsumerRepository } from './probe-consumer.repository';

/**
 * A second consumer, as an outside subscriber would write one: a durable JetStream consumer with
 * an inbox in its own schema. Each applied event adds a row to `applied` (probe-consumer.repository.ts).
 */
export class ProbeConsumer {
  private consumer?: DurableConsumer;
  private nc?: NatsConnection;
  readonly dataSource: DataSource;
  readonly schema: string;
  private readonly repository: ProbeConsumerRepository;

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
    this.repository = new ProbeConsumerRepository(this.dataSource, this.schema);
  }

  async prepare(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    await this.repository.createTables();
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
      await this.repository.insertApplied(manager, event);
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
  counts(type?: string): Promise<{ rows: number; distinct: number }> {
    return this.repository.counts(type);
  }

  applied(type: string): Promise<AppliedRow[]> {
    return this.repository.applied(type);
  }
}
