import type { DataSource, EntityManager } from 'typeorm';
import type { Client } from 'pg';

/**
 * Every statement on `inbox` (the ids of the events a consumer has applied, in the consumer's own
 * schema), and the replay's clearing of a service's projections.
 */
export const InboxRepository = {
  /**
   * Inside the transaction that applies the event: records it as applied; false when it was
   * applied before (a redelivery), in which case the caller applies nothing.
   */
  async claim(manager: EntityManager, consumer: string, event: { id: string; type: string }): Promise<boolean> {
    const claimed: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, event.id, event.type],
    );
    return claimed.length > 0;
  },

  /** Deletes the consumer's rows older than `days`; returns how many. */
  async purge(dataSource: DataSource, consumer: string, days: number): Promise<number> {
    const result: [unknown[], number] = await dataSource.query(
      `DELETE FROM inbox WHERE consumer = $1 AND processed_at < now() - make_interval(days => $2)`,
      [consumer, days],
    );
    return result[1];
  },

  /**
   * In one transaction: empties the schema's projection tables (their row counts before, by table)
   * and the consumer's inbox. Two replays of one schema at once take turns instead of interleaving
   * their counts. `schema` and `tables` are the service's own names, never a caller's input.
   */
  async clearProjections(
    pg: Client,
    schema: string,
    tables: readonly string[],
    consumer: string,
  ): Promise<{ tables: Record<string, number>; inboxRows: number }> {
    const counts: Record<string, number> = {};
    await pg.query('BEGIN');
    try {
      await pg.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`replay:${schema}`]);
      for (const table of tables) {
        const qualified = `"${schema}"."${table}"`;
        counts[table] = Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified}`)).rows[0].n);
        await pg.query(`TRUNCATE ${qualified}`);
      }
      const inboxRows = (await pg.query(`DELETE FROM "${schema}".inbox WHERE consumer = $1`, [consumer])).rowCount ?? 0;
      await pg.query('COMMIT');
      return { tables: counts, inboxRows };
    } catch (err) {
      await pg.query('ROLLBACK');
      throw err;
    }
  },
};
