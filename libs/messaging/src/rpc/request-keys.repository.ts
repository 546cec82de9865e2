import type { DataSource, EntityManager } from 'typeorm';

/**
 * Every statement on `request_keys` (the keys of the writes a service carried out for an
 * Idempotency-Key, request-keys.ts). The table lives in the service's own schema, so the tenant is
 * part of the key itself (the gateway scopes and digests it).
 */
export class RequestKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inside the write's transaction: claims the key; false when an earlier attempt committed it.
   * A concurrent attempt with the same key that has not committed yet makes this wait, then conflict.
   * A key older than the gateway keeps its own (24 h) is a new request's, whether or not the purge came by.
   */
  static async claim(manager: EntityManager, key: string): Promise<boolean> {
    const claimed: Array<{ key: string }> = await manager.query(
      `INSERT INTO request_keys (key) VALUES ($1)
       ON CONFLICT (key) DO UPDATE SET answer = NULL, created_at = now() WHERE request_keys.created_at < now() - interval '24 hours'
       RETURNING key`,
      [key],
    );
    return claimed.length > 0;
  }

  /** Inside the same transaction, after the work: what it returned, for a replay. */
  static async keepTransactionResult(manager: EntityManager, key: string, result: unknown): Promise<void> {
    await manager.query(`UPDATE request_keys SET result = $2 WHERE key = $1`, [key, JSON.stringify(result ?? null)]);
  }

  /** Keys older than `interval` (an SQL interval literal of ours, never a caller's input). */
  static async purgeOlderThan(manager: EntityManager, interval: string): Promise<void> {
    await manager.query(`DELETE FROM request_keys WHERE created_at < now() - $1::interval`, [interval]);
  }

  /** Keeps the answer of the request that claimed `key` (nothing happens if it wrote nothing). */
  async keep(key: string, answer: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE request_keys SET answer = $2 WHERE key = $1 AND answer IS NULL`, [
      key,
      JSON.stringify(answer ?? null),
    ]);
  }

  /** What the claiming transaction returned (undefined when it returned nothing). */
  async transactionResult(key: string): Promise<unknown> {
    const [row]: Array<{ result: unknown }> = await this.dataSource.query(
      `SELECT result FROM request_keys WHERE key = $1`,
      [key],
    );
    return row?.result ?? undefined;
  }

  /** The answer kept for `key`: `{ answer }`, or null when the first attempt died before keeping it. */
  async answerOf(key: string): Promise<{ answer: unknown } | null> {
    const [row]: Array<{ answer: unknown }> = await this.dataSource.query(
      `SELECT answer FROM request_keys WHERE key = $1 AND answer IS NOT NULL`,
      [key],
    );
    return row ? { answer: row.answer } : null;
  }
}
