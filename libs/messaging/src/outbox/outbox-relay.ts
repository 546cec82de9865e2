import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import { ANONYMOUS_EVENT_TYPES, eventSubject } from '@cadre/contracts';
import { eventsPublished, outboxPending } from '@cadre/platform';
import { RequestKeysRepository } from '../rpc/request-keys.repository';
import { OutboxRepository, UnpublishedRow } from './outbox.repository';
import { publishChains } from './publish-order';

const BATCH = 500;
const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 5_000;
const PUBLISH_TIMEOUT_MS = 5_000;
const RETAIN_PUBLISHED = '7 days';
const RETAIN_REQUEST_KEYS = '24 hours';
const PURGE_EVERY_MS = 10 * 60_000;

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id so a
 * publish repeated after a crash or a lost ack is dropped by the server.
 *
 * One relay per service is active at a time: each pass holds a transaction-scoped advisory lock,
 * because two relays racing over the same aggregate could publish its events out of order.
 * While NATS is away passes fail, rows stay unpublished, and the relay backs off and catches up.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    nc: NatsConnection,
    private readonly options: { service: string; subjectPrefix: string; logger: RelayLogger },
  ) {
    this.js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the relay now (after a local commit) instead of at its next poll. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.pass();
        if (backoff > 0) this.options.logger.log(`outbox relay of ${this.options.service} publishing again`);
        backoff = 0;
      } catch (err) {
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 250);
        this.options.logger.warn(`outbox relay pass failed (retry in ${backoff} ms): ${(err as Error).message}`);
      }
      if (!this.running) break;
      if (published === BATCH && backoff === 0) continue; // more waiting: go on at once
      await this.sleep(backoff || IDLE_POLL_MS);
    }
  }

  /** One pass: claim up to BATCH unpublished rows, publish them, mark what was published. */
  async pass(): Promise<number> {
    const purgeDue = Date.now() - this.lastPurge > PURGE_EVERY_MS;
    return this.dataSource.transaction(async (manager) => {
      if (!(await OutboxRepository.tryRelayLock(manager))) return 0; // another replica is relaying
      const rows = await OutboxRepository.claimUnpublished(manager, BATCH);
      outboxPending.set(rows.length);
      if (rows.length > 0) {
        const { published, failure } = await publishChains(rows, (row) => this.publish(row));
        if (published.length > 0) {
          await OutboxRepository.markPublished(
            manager,
            published.map((r) => r.id),
            ANONYMOUS_EVENT_TYPES,
          );
          for (const row of published) eventsPublished.inc({ type: row.type });
        }
        if (failure) {
          // Keep what was published (marked above) and report the failure after commit.
          setImmediate(() =>
            this.options.logger.warn(
              `outbox: ${rows.length - published.length} events not yet published: ${(failure as Error).message}`,
            ),
          );
          if (published.length === 0) throw failure;
        }
      }
      if (purgeDue) {
        this.lastPurge = Date.now();
        await OutboxRepository.purgePublished(manager, RETAIN_PUBLISHED);
        // As long as the gateway keeps an Idempotency-Key (KEEP_KEYS_HOURS): a retry later than that is a new request.
        await RequestKeysRepository.purgeOlderThan(manager, RETAIN_REQUEST_KEYS);
      }
      return rows.length;
    });
  }

  private async publish(row: UnpublishedRow): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(row.headers ?? {})) h.set(key, value);
    await this.js.publish(eventSubject(this.options.subjectPrefix, row.type), JSON.stringify(row.envelope), {
      msgID: row.id,
      headers: h,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
