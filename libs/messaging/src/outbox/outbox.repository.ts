import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@cadre/contracts';

/** One outbox row as the relay reads it. */
export interface UnpublishedRow {
  id: string;
  aggregateId: string;
  type: string;
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

/** One row to write: the envelope, its headers, and `createdAt` (null: the clock's now()). */
export interface OutboxInsert {
  envelope: EventEnvelope;
  headers: Record<string, string>;
  createdAt: string | null;
}

/**
 * Every statement on `outbox` (the service's own schema). The writes run in the caller's
 * transaction, beside the change they announce; the relay's run in its pass.
 */
export const OutboxRepository = {
  /**
   * The multi-row insert with its parameters numbered from `$<first>`, for `insert` below or for a
   * caller that writes its change and the events in one statement (a data-modifying WITH item).
   * `onlyIf`: an SQL condition (e.g. on another WITH item) without which nothing is inserted.
   */
  insertStatement(rows: OutboxInsert[], first: number, onlyIf?: string): { sql: string; params: unknown[] } {
    const $ = (i: number) => `$${first + i}`;
    return {
      sql: `INSERT INTO outbox (id, tenant_id, type, aggregate_id, envelope, headers, created_at)
       SELECT i, t, ty, a, e, h, coalesce(c, now())
         FROM unnest(${$(0)}::uuid[], ${$(1)}::uuid[], ${$(2)}::text[], ${$(3)}::text[], ${$(4)}::jsonb[], ${$(5)}::jsonb[], ${$(6)}::timestamptz[]) AS x(i, t, ty, a, e, h, c)${onlyIf ? ` WHERE ${onlyIf}` : ''}`,
      params: [
        rows.map((r) => r.envelope.id),
        rows.map((r) => r.envelope.tenantId),
        rows.map((r) => r.envelope.type),
        rows.map((r) => r.envelope.aggregateId),
        rows.map((r) => JSON.stringify(r.envelope)),
        rows.map((r) => JSON.stringify(r.headers)),
        rows.map((r) => r.createdAt),
      ],
    };
  },

  async insert(manager: EntityManager, rows: OutboxInsert[]): Promise<void> {
    const { sql, params } = OutboxRepository.insertStatement(rows, 1);
    await manager.query(sql, params);
  },

  /**
   * One event per row of `select` (rows `(aggregate_id uuid, data jsonb)`), built in the database
   * with the envelope `Outbox.add` would build (system actor). Returns how many were written.
   */
  async insertSelected(
    manager: EntityManager,
    o: { tenantId: string; type: string; version: number; headers: Record<string, string> },
    select: string,
    params: unknown[],
  ): Promise<number> {
    const n = params.length;
    const [{ added }]: Array<{ added: number }> = await manager.query(
      `WITH source AS (${select}),
            events AS (SELECT gen_random_uuid() AS id, aggregate_id, data FROM source),
            written AS (
              INSERT INTO outbox (id, tenant_id, type, aggregate_id, envelope, headers)
              SELECT id, $${n + 1}::uuid, $${n + 2}::text, aggregate_id::text,
                     jsonb_build_object('id', id, 'type', $${n + 2}::text, 'version', $${n + 3}::int, 'tenantId', $${n + 1}::uuid,
                                        'occurredAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                        'actor', NULL, 'aggregateId', aggregate_id, 'data', data),
                     $${n + 4}::jsonb
                FROM events
              RETURNING 1)
       SELECT count(*)::int AS added FROM written`,
      [...params, o.tenantId, o.type, o.version, JSON.stringify(o.headers)],
    );
    return added;
  },

  /** The relay's lock for this pass (transaction-scoped, per schema): false while another replica holds it. */
  async tryRelayLock(manager: EntityManager): Promise<boolean> {
    const [{ locked }]: Array<{ locked: boolean }> = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('outbox-relay:' || current_schema())) AS locked`,
    );
    return locked;
  },

  /** Up to `limit` unpublished rows, oldest first, locked for this pass. */
  claimUnpublished(manager: EntityManager, limit: number): Promise<UnpublishedRow[]> {
    return manager.query(
      `SELECT id, aggregate_id AS "aggregateId", type, envelope, headers
         FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  },

  /**
   * Marks rows published. An anonymous event's publication (a cast ballot's count) is stamped with
   * the day only, as its row is (Outbox.rowsOf), so no time of day is kept about it.
   */
  async markPublished(manager: EntityManager, ids: string[], anonymousTypes: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE outbox SET published_at = CASE WHEN type = ANY($2::text[])
                                             THEN date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' ELSE now() END
        WHERE id = ANY($1::uuid[])`,
      [ids, anonymousTypes],
    );
  },

  /** Published rows older than `interval` (an SQL interval literal of ours, never a caller's input). */
  async purgePublished(manager: EntityManager, interval: string): Promise<void> {
    await manager.query(`DELETE FROM outbox WHERE published_at < now() - $1::interval`, [interval]);
  },
};
