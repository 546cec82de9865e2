import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@cadre/contracts';
import { rpcDuration, runInContext } from '@cadre/platform';
import { problemOfFailure } from './request-failure';
import { contextFromHeaders } from './request-headers';
import { RpcError } from './rpc-error';
import { markReplay, RequestAlreadyDone } from './request-keys';
import { RequestKeysRepository } from './request-keys.repository';

const KEPT_ANSWER_WAIT_MS = 500;

/** The RequestMap pattern a method answers (set by @MessagePattern, read here for metrics and logs). */
export const REQUEST_PATTERN = Symbol('REQUEST_PATTERN');

/** The requests this process is serving, so a drain can wait for them (request-server.ts). */
@Injectable()
export class RequestsInFlight {
  private count = 0;
  private idle: Array<() => void> = [];

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  settled(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }
}

/**
 * Around every @MessagePattern handler of a service: establishes the caller's context from the NATS
 * headers for the handler, its logs and the events it records (runInContext), measures it, and
 * carries a write out once per Idempotency-Key (request-keys.ts): the handler's answer is kept beside
 * the key its transaction claimed, and a repeat of a key that committed gets the kept answer — or,
 * when the first attempt died before keeping it, the handler again as a replay whose transaction is
 * not run a second time. Failures go on to the request filter, which turns them into problems.
 */
@Injectable()
export class RequestInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Requests');
  private readonly requestKeys: RequestKeysRepository;

  constructor(
    private readonly reflector: Reflector,
    readonly inFlight: RequestsInFlight,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.requestKeys = new RequestKeysRepository(dataSource);
  }

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'rpc') return next.handle();
    const pattern = this.reflector.get<string | undefined>(REQUEST_PATTERN, execution.getHandler()) ?? 'unknown';
    const context = contextFromHeaders(execution.switchToRpc().getContext<NatsContext>().getHeaders());
    return from(this.serve(pattern, context, next));
  }

  private async serve(pattern: string, context: RequestContext, next: CallHandler): Promise<unknown> {
    const end = rpcDuration.startTimer({ pattern });
    this.inFlight.begin();
    try {
      const data = await this.run(context, next);
      if (context.idempotencyKey) {
        // Kept for a retry whose first answer (this one) may still be lost on its way.
        await this.requestKeys
          .keep(context.idempotencyKey, data)
          .catch((e: Error) => this.logger.error(`${pattern}: answer not kept: ${e.message}`));
      }
      end({ outcome: 'ok' });
      return data;
    } catch (err) {
      if (!(err instanceof RequestAlreadyDone)) {
        end({ outcome: problemOfFailure(err, '', pattern).outcome });
        throw err;
      }
      try {
        const kept = await this.keptAnswer(err.key);
        const data = kept ? kept.answer : await this.replay(pattern, context, next);
        end({ outcome: 'ok' });
        return data;
      } catch (replayErr) {
        end({ outcome: problemOfFailure(replayErr, '', pattern).outcome });
        throw replayErr;
      }
    } finally {
      this.inFlight.end();
    }
  }

  /** The handler in the caller's context. Nest binds the handler's async scope when `handle()` is called, so it is called inside. */
  private run(context: RequestContext, next: CallHandler): Promise<unknown> {
    return runInContext(context, () => lastValueFrom(next.handle(), { defaultValue: null })).then(
      (data) => data ?? null,
    );
  }

  /**
   * The first answer to a repeated write. The first attempt may have committed a moment ago and be
   * about to keep its answer (a retry that waited on its key): wait for it a little before deciding
   * the answer was lost with its process.
   */
  private async keptAnswer(key: string): Promise<{ answer: unknown } | null> {
    const deadline = Date.now() + KEPT_ANSWER_WAIT_MS;
    for (;;) {
      const kept = await this.requestKeys.answerOf(key).catch(() => null);
      if (kept || Date.now() > deadline) return kept;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The handler again, its write not carried out a second time (request-keys.ts), for the answer the first attempt lost. */
  private async replay(pattern: string, context: RequestContext, next: CallHandler): Promise<unknown> {
    const again: RequestContext = { ...context };
    markReplay(again);
    try {
      const data = await this.run(again, next);
      await this.requestKeys.keep(context.idempotencyKey!, data).catch(() => undefined);
      return data;
    } catch (err) {
      if (err instanceof RpcError) throw err;
      this.logger.error(`${pattern}: replay failed: ${(err as Error).message}`);
      throw new ReplayFailed();
    }
  }
}

/** A replay that failed: the write was done, its answer cannot be rebuilt (the filter answers 409). */
export class ReplayFailed extends RpcError {
  constructor() {
    super(409, '该请求已经执行过（幂等键相同），但当时的应答已丢失；请查询结果，不要重复提交');
  }
}
