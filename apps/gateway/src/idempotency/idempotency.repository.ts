import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A stored key: the request it was first used with and, once done, that request's answer. */
export interface IdempotencyKeyRow {
  request_hash: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: unknown;
}

/**
 * The idempotency keys (IdempotencyInterceptor). Not per tenant: a key's scope is the user
 * (`tenantId:userId`) or the anonymous client's address.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the key for this request: true when it was free, abandoned (in progress for longer than
   * `abandonedAfterSeconds`) or expired (older than `keepHours`); false when an earlier request holds it.
   */
  async claim(
    scope: string,
    key: string,
    requestHash: string,
    abandonedAfterSeconds: number,
    keepHours: number,
  ): Promise<boolean> {
    const claimed: Array<{ key: string }> = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_progress')
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL, created_at = now()
         WHERE (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - make_interval(secs => $4))
            OR idempotency_keys.created_at < now() - make_interval(hours => $5)
       RETURNING key`,
      [scope, key, requestHash, abandonedAfterSeconds, keepHours],
    );
    return claimed.length > 0;
  }

  async find(scope: string, key: string): Promise<IdempotencyKeyRow | undefined> {
    const [row]: IdempotencyKeyRow[] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return row;
  }

  /** Keeps the answer given to the key's request, for its repeats. */
  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Frees a key whose request failed on the server side (a retry may succeed). */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`,
      [scope, key],
    );
  }

  /** Deletes the keys older than `keepHours`; how many. */
  async purgeOlderThan(keepHours: number): Promise<number> {
    const [, deleted]: [unknown, number | null | undefined] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
      [keepHours],
    );
    return Number(deleted ?? 0);
  }
}
