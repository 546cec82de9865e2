import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import { problem } from '@cadre/contracts';
import type { AuthedRequest } from '../auth/auth-user';
import { ProblemException, toProblem } from '../problems/problem.filter';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A request still "in progress" after this long is taken to have died with its process. */
const ABANDONED_AFTER_SECONDS = 60;
/** How long a key answers repeats; after that it is free again (and purged, see IdempotencyPurge). */
export const KEEP_KEYS_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on a POST: the first response (success or a client error) is stored and
 * given again for every repeat of the key with the same request, so a client that retries
 * after a timeout never creates twice. Keys are scoped to the user (or client IP when anonymous).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ProblemException(problem(400, 'Idempotency-Key 必须是 1–255 个可见 ASCII 字符', [{ field: 'Idempotency-Key', message: '格式不正确' }]));
    }
    const scope = req.user ? `${req.user.tenantId}:${req.user.id}` : `anon:${req.ip}`;
    const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    // Passed on to the service (RequestContext.idempotencyKey): when this request's answer is lost
    // (504, the service killed after its commit) the key is released below, and the service itself
    // then refuses to carry the write out twice and gives its first answer again.
    req.idempotencyKey = createHash('sha256').update(`${scope}\n${key}`).digest('hex');

    return from(this.claim(scope, key, hash)).pipe(
      mergeMap((stored) => {
        if (stored) {
          res.setHeader('Idempotent-Replayed', 'true');
          if (stored.status >= 400) {
            return throwError(() => new ProblemException(stored.body as ReturnType<typeof problem>));
          }
          res.status(stored.status);
          return of(stored.body);
        }
        // The status Nest will send: the route's @HttpCode, else 201 for a POST.
        const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
        return next.handle().pipe(
          mergeMap((body) => from(this.complete(scope, key, status, body)).pipe(mergeMap(() => of(body)))),
          catchError((err: unknown) => {
            const answer = toProblem(err);
            // A client error is the answer to this request and is kept; a server error may succeed on retry.
            const settle = answer.status < 500 ? this.complete(scope, key, answer.status, answer) : this.release(scope, key);
            return from(settle).pipe(mergeMap(() => throwError(() => err)));
          }),
        );
      }),
    );
  }

  /** Claims the key, or returns the stored response of an earlier request with it. */
  private async claim(scope: string, key: string, hash: string): Promise<{ status: number; body: unknown } | null> {
    const claimed = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_progress')
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_progress', response_status = NULL, response_body = NULL, created_at = now()
         WHERE (idempotency_keys.state = 'in_progress' AND idempotency_keys.created_at < now() - make_interval(secs => $4))
            OR idempotency_keys.created_at < now() - make_interval(hours => $5)
       RETURNING key`,
      [scope, key, hash, ABANDONED_AFTER_SECONDS, KEEP_KEYS_HOURS],
    );
    if (claimed.length > 0) return null;
    const [row] = await this.dataSource.query(
      `SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!row) return this.claim(scope, key, hash); // expired between the two statements
    if (row.request_hash !== hash) {
      throw new ProblemException(problem(422, '该 Idempotency-Key 已用于另一个不同的请求', [{ field: 'Idempotency-Key', message: '请为新请求使用新的键' }]));
    }
    if (row.state === 'in_progress') throw new ProblemException(problem(409, '使用相同 Idempotency-Key 的请求仍在处理中，请稍后重试'));
    return { status: row.response_status, body: row.response_body };
  }

  private async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4 WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body ?? null)],
    );
  }

  private async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_progress'`, [scope, key]);
  }
}
