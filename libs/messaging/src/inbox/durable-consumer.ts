import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  jetstream,
  JetStreamManager,
  jetstreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { NatsConnection, nanos } from '@nats-io/transport-node';
import type { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope, durableName, EVENT_SUBJECT_ROOT, streamName } from '@cadre/contracts';
import { eventsConsumed, runInContext } from '@cadre/platform';
import { isNotFound } from '../stream';
import { EventValidator } from './event-validation';
import { InboxRepository } from './inbox.repository';

export type EventHandlerFn = (event: EventEnvelope, manager: EntityManager) => Promise<void>;

export interface DurableConsumerOptions {
  nc: NatsConnection;
  dataSource: DataSource;
  namespace: string;
  subjectPrefix: string;
  /** The consumer's durable name before namespacing, e.g. "analytics". Also the inbox key. */
  consumer: string;
  /** Handlers by event type; other types on the filter are acked and skipped. */
  handlers: Map<string, EventHandlerFn>;
  logger: { log(m: string): void; warn(m: string): void; error(m: string): void };
  ackWaitMs?: number;
}

const ACK_WAIT_MS = 30_000;
const MAX_ACK_PENDING = 1_000;
/**
 * How long an applied event's id stays in the inbox. A repeat can only come from a redelivery (an
 * ack lost: within the ack wait) or a relay retry (seconds, and JetStream's 10-minute duplicate
 * window drops it anyway), so 30 days is far beyond any repeat; without a purge the inbox grows for
 * ever. A replay empties the inbox itself (projection-replay.ts).
 */
export const INBOX_RETENTION_DAYS = 30;
const PURGE_EVERY_MS = 60 * 60_000;

/** Deletes the consumer's inbox rows older than the retention; returns how many. */
export async function purgeInbox(
  dataSource: DataSource,
  consumer: string,
  retentionDays = INBOX_RETENTION_DAYS,
): Promise<number> {
  return InboxRepository.purge(dataSource, consumer, retentionDays);
}

/** Delay before a failed event is offered again: 1 s, 2 s, 4 s … capped at 60 s. */
export function redeliveryDelay(deliveryCount: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, deliveryCount - 1));
}

/**
 * The narrowest single filter subject that covers every handled type. NATS 2.9 takes one filter
 * per consumer, so a service that handles `roster.*` and `review.*` filters on `evt.>`.
 */
export function filterSubjectFor(subjectPrefix: string, types: string[]): string {
  const roots = new Set(types.map((t) => t.split('.')[0]));
  const root = roots.size === 1 ? `${[...roots][0]}.` : '';
  return `${subjectPrefix}${EVENT_SUBJECT_ROOT}.${root}>`;
}

/**
 * A durable JetStream pull consumer that applies each event exactly once: the handler runs in a
 * transaction that also records the event id in the inbox; a redelivered event finds its id there
 * and is acked without effect. The ack is sent only after the commit.
 */
export class DurableConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopped = false;
  private purgeTimer?: NodeJS.Timeout;
  private readonly validator: EventValidator;
  readonly durable: string;

  constructor(private readonly o: DurableConsumerOptions) {
    this.durable = durableName(o.namespace, o.consumer);
    this.validator = new EventValidator(o.handlers.keys());
  }

  async start(): Promise<void> {
    const jsm = await jetstreamManager(this.o.nc);
    const stream = streamName(this.o.namespace);
    await this.ensureConsumer(jsm, stream);
    const consumer = await jetstream(this.o.nc).consumers.get(stream, this.durable);
    this.messages = await consumer.consume({ max_messages: 256 });
    this.loop = this.run(this.messages);
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
    void this.purge();
  }

  /** Stops pulling, lets the event in hand finish, and returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.purgeTimer);
    await this.messages?.close();
    await this.loop;
  }

  /** Replicas may purge together: the DELETE is the same for both. A failure waits for the next hour. */
  private async purge(): Promise<void> {
    try {
      const purged = await purgeInbox(this.o.dataSource, this.o.consumer);
      if (purged > 0)
        this.o.logger.log(`${this.durable}: purged ${purged} inbox rows older than ${INBOX_RETENTION_DAYS} days`);
    } catch (err) {
      this.o.logger.warn(`${this.durable}: inbox purge failed: ${(err as Error).message}`);
    }
  }

  private async ensureConsumer(jsm: JetStreamManager, stream: string): Promise<void> {
    const config = {
      durable_name: this.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.o.ackWaitMs ?? ACK_WAIT_MS),
      max_ack_pending: MAX_ACK_PENDING,
      max_deliver: -1,
      filter_subject: filterSubjectFor(this.o.subjectPrefix, [...this.o.handlers.keys()]),
    };
    try {
      const info = await jsm.consumers.info(stream, this.durable);
      if (info.config.filter_subject !== config.filter_subject || info.config.ack_wait !== config.ack_wait) {
        await jsm.consumers.update(stream, this.durable, {
          filter_subject: config.filter_subject,
          ack_wait: config.ack_wait,
        });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(stream, config);
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.handle(msg);
      if (this.stopped) break;
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: EventEnvelope;
    try {
      event = msg.json<EventEnvelope>();
      if (typeof event?.id !== 'string' || typeof event.type !== 'string') throw new Error('not an event envelope');
    } catch (err) {
      // Retrying cannot fix a malformed message: drop it, loudly.
      this.o.logger.error(
        `${this.durable}: terminating malformed message on ${msg.subject}: ${(err as Error).message}`,
      );
      eventsConsumed.inc({ consumer: this.durable, type: 'malformed', outcome: 'failed' });
      msg.term();
      return;
    }
    const handler = this.o.handlers.get(event.type);
    if (!handler) {
      eventsConsumed.inc({ consumer: this.durable, type: event.type, outcome: 'skipped' });
      msg.ack();
      return;
    }
    // The handler is typed for the contracts' payload: hold it to that before it runs. A payload
    // that breaks the schema stays broken however often it is offered, so it is dropped (term: never
    // redelivered), loudly, with nothing applied and nothing recorded in the inbox.
    const invalid = this.validator.problem(event.type, event.version, event.data);
    if (invalid) {
      this.o.logger.error(
        `${this.durable}: terminating invalid ${event.type} v${String(event.version)} ${event.id}: ${invalid}`,
      );
      eventsConsumed.inc({ consumer: this.durable, type: event.type, outcome: 'invalid' });
      msg.term();
      return;
    }
    const requestId = msg.headers?.get('x-request-id') || undefined;
    // A handler may outlast the ack wait (a big projection, a lock held elsewhere): while it runs,
    // tell JetStream it is in progress, so the event is not offered to another replica meanwhile.
    // Redelivery is then left to consumers that went silent; the inbox row keeps it harmless.
    const working = setInterval(() => msg.working(), Math.max(100, Math.floor((this.o.ackWaitMs ?? ACK_WAIT_MS) / 3)));
    try {
      const applied = await runInContext({ requestId, tenantId: event.tenantId }, () =>
        this.o.dataSource.transaction(async (manager) => {
          if (!(await InboxRepository.claim(manager, this.o.consumer, event))) return false;
          await handler(event, manager);
          return true;
        }),
      );
      eventsConsumed.inc({ consumer: this.durable, type: event.type, outcome: applied ? 'applied' : 'duplicate' });
      msg.ack();
    } catch (err) {
      const delay = redeliveryDelay(msg.info.deliveryCount);
      this.o.logger.warn(
        `${this.durable}: ${event.type} ${event.id} failed (attempt ${msg.info.deliveryCount}, retry in ${delay} ms): ${(err as Error).message}`,
      );
      eventsConsumed.inc({ consumer: this.durable, type: event.type, outcome: 'failed' });
      msg.nak(delay);
    } finally {
      clearInterval(working);
    }
  }
}
