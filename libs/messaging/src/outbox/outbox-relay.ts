import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';
import { ANONYMOUS_EVENT_TYPES, eventSubject } from '@cadre/contracts';
import { eventsPublished, outboxPending } from '@cadre/platform';
import { publishChains } from './publish-order';

const BATCH = 500;
const IDLE_POLL_MS = 500;
const MAX_BACKOFF_MS = 5_000;
const PUBLISH_TIMEOUT_MS = 5_000;
const RETAIN_PUBLISHED = '7 days';
const RETAIN_REQUEST_KEYS = '24 hours';
const PURGE_EVERY_MS = 10 * 60_000;

interface Row {
  id: string;
  aggregateId: string;
  type: string;
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

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
      const [{ locked }] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay:' || current_schema())) AS locked`,
      );
      if (!locked) return 0; // another replica is relaying
      const rows: Row[] = await manager.query(
        `SELECT id, aggregate_id AS "aggregateId", type, envelope, headers
           FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      outboxPending.set(rows.length);
      if (rows.length > 0) {
        const { published, failure } = await publishChains(rows, (row) => this.publish(row));
        if (published.length > 0) {
          // An anonymous event's publication (a cast ballot's count) is stamped with the day only, as its
          // row is (Outbox.insert), so no time of day is kept about it.
          await manager.query(
            `UPDATE outbox SET published_at = CASE WHEN type = ANY($2::text[])
                                                   THEN date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' ELSE now() END
              WHERE id = ANY($1::uuid[])`,
            [published.map((r) => r.id), ANONYMOUS_EVENT_TYPES],
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
        await manager.query(`DELETE FROM outbox WHERE published_at < now() - interval '${RETAIN_PUBLISHED}'`);
        // As long as the gateway keeps an Idempotency-Key (KEEP_KEYS_HOURS): a retry later than that is a new request.
        await manager.query(`DELETE FROM request_keys WHERE created_at < now() - interval '${RETAIN_REQUEST_KEYS}'`);
      }
      return rows.length;
    });
  }

  private async publish(row: Row): Promise<void> {
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
