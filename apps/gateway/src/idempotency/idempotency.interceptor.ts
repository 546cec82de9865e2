import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { problem } from '@cadre/contracts';
import type { AuthedRequest } from '../auth/auth-user';
import { ProblemException, toProblem } from '../problems/problem.filter';
import { IdempotencyRepository } from './idempotency.repository';

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
    private readonly keys: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (req.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ProblemException(
        problem(400, 'Idempotency-Key 必须是 1–255 个可见 ASCII 字符', [
          { field: 'Idempotency-Key', message: '格式不正确' },
        ]),
      );
    }
    const scope = req.user ? `${req.user.tenantId}:${req.user.id}` : `anon:${req.ip}`;
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');
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
        const status =
          this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
        return next.handle().pipe(
          mergeMap((body) => from(this.keys.complete(scope, key, status, body)).pipe(mergeMap(() => of(body)))),
          catchError((err: unknown) => {
            const answer = toProblem(err);
            // A client error is the answer to this request and is kept; a server error may succeed on retry.
            const settle =
              answer.status < 500
                ? this.keys.complete(scope, key, answer.status, answer)
                : this.keys.release(scope, key);
            return from(settle).pipe(mergeMap(() => throwError(() => err)));
          }),
        );
      }),
    );
  }

  /** Claims the key, or returns the stored response of an earlier request with it. */
  private async claim(scope: string, key: string, hash: string): Promise<{ status: number; body: unknown } | null> {
    if (await this.keys.claim(scope, key, hash, ABANDONED_AFTER_SECONDS, KEEP_KEYS_HOURS)) return null;
    const row = await this.keys.find(scope, key);
    if (!row) return this.claim(scope, key, hash); // expired between the two statements
    if (row.request_hash !== hash) {
      throw new ProblemException(
        problem(422, '该 Idempotency-Key 已用于另一个不同的请求', [
          { field: 'Idempotency-Key', message: '请为新请求使用新的键' },
        ]),
      );
    }
    if (row.state === 'in_progress')
      throw new ProblemException(problem(409, '使用相同 Idempotency-Key 的请求仍在处理中，请稍后重试'));
    return { status: row.response_status!, body: row.response_body };
  }
}
