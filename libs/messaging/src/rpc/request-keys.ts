import type { DataSource, EntityManager } from 'typeorm';

/**
 * A write carried out once per Idempotency-Key, end to end. The gateway keeps the first answer to a
 * key, but when that answer is lost — the service committed and then died, or answered after the
 * gateway's timeout (504) — the gateway cannot know the write happened and lets the retry through.
 * So the service records the (scoped, digested) key in the write's own transaction (Outbox.transaction
 * claims it, and keeps what the transaction returned), keeps the handler's answer beside it once the
 * handler returns, and a repeat of the key finds the row: its transaction rolls back and the first
 * answer is given again. When the process died between its commit and keeping the answer, the handler
 * is run again as a replay: the claiming transaction is not run but gives what it returned the first
 * time, and the handler builds its answer from there (handlers answer with a view read after the write).
 */
export class RequestAlreadyDone extends Error {
  constructor(readonly key: string) {
    super('this request (its Idempotency-Key) was carried out already');
  }
}

const replays = new WeakSet<object>();

/** Marks a request context as the replay of a write carried out before (see above). */
export function markReplay(context: object): void {
  replays.add(context);
}

export function isReplay(context: object | undefined): boolean {
  return !!context && replays.has(context);
}

/** Inside the write's transaction: claims the key, or throws RequestAlreadyDone when an earlier attempt committed it. */
export async function claimRequestKey(manager: EntityManager, key: string): Promise<void> {
  // A concurrent attempt with the same key that has not committed yet makes this wait, then conflict.
  // A key older than the gateway keeps its own (24 h) is a new request's, whether or not the purge came by.
  const claimed: unknown[] = await manager.query(
    `INSERT INTO request_keys (key) VALUES ($1)
     ON CONFLICT (key) DO UPDATE SET answer = NULL, created_at = now() WHERE request_keys.created_at < now() - interval '24 hours'
     RETURNING key`,
    [key],
  );
  if (claimed.length === 0) throw new RequestAlreadyDone(key);
}

/** Inside the same transaction, after the work: what it returned, for a replay. */
export async function keepTransactionResult(manager: EntityManager, key: string, result: unknown): Promise<void> {
  await manager.query(`UPDATE request_keys SET result = $2 WHERE key = $1`, [key, JSON.stringify(result ?? null)]);
}

export class RequestKeys {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the answer of the request that claimed `key` (nothing happens if it wrote nothing). */
  async keep(key: string, answer: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE request_keys SET answer = $2 WHERE key = $1 AND answer IS NULL`, [
      key,
      JSON.stringify(answer ?? null),
    ]);
  }

  /** What the claiming transaction returned (undefined when it returned nothing). */
  async transactionResult(key: string): Promise<unknown> {
    const [row] = await this.dataSource.query(`SELECT result FROM request_keys WHERE key = $1`, [key]);
    return row?.result ?? undefined;
  }

  /** The answer kept for `key`: `{ answer }`, or null when the first attempt died before keeping it. */
  async answerOf(key: string): Promise<{ answer: unknown } | null> {
    const [row] = await this.dataSource.query(`SELECT answer FROM request_keys WHERE key = $1 AND answer IS NOT NULL`, [
      key,
    ]);
    return row ? { answer: row.answer } : null;
  }
}
