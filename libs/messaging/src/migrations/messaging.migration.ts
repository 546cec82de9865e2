import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and inbox tables every service has in its own schema. Listed first in each
 * service's migrations; the search_path puts them in that service's schema.
 */
export class CreateOutboxAndInbox1764000000000 implements MigrationInterface {
  name = 'CreateOutboxAndInbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        tenant_id uuid NOT NULL,
        type text NOT NULL,
        aggregate_id text NOT NULL,
        envelope jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbox');
    await q.query('DROP TABLE outbox');
  }
}

/** The inbox purge (durable-consumer.ts) finds old rows by this index instead of scanning the inbox. */
export class IndexInboxProcessedAt1764000000800 implements MigrationInterface {
  name = 'IndexInboxProcessedAt1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX inbox_processed_at ON inbox (consumer, processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inbox_processed_at');
  }
}

/**
 * The keys of the writes a service carried out for an Idempotency-Key (rpc/request-keys.ts). Listed
 * after each service's own migrations; the search_path puts the table in that service's schema.
 */
export class CreateRequestKeys1764000000900 implements MigrationInterface {
  name = 'CreateRequestKeys1764000000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE request_keys (
        key text PRIMARY KEY,
        -- What the claiming transaction returned, and the handler's answer (rpc/request-keys.ts).
        result jsonb,
        answer jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX request_keys_created_at ON request_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE request_keys');
  }
}
