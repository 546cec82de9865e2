import { headers as natsHeaders, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { HEADERS, Problem, problem, RequestContext, rpcQueueGroup, RpcReply, rpcSubject } from '@cadre/contracts';
import { isInfrastructureError, rpcDuration, runInContext } from '@cadre/platform';
import { markReplay, RequestAlreadyDone, RequestKeys } from './request-keys';
import { RpcError } from './rpc-error';

const KEPT_ANSWER_WAIT_MS = 500;

export type RpcHandlerFn = (payload: unknown, context: RequestContext) => Promise<unknown>;

/** Reads the caller's context from the request headers the gateway set. */
export function contextFromHeaders(msg: Msg): RequestContext {
  const h = msg.headers;
  return {
    requestId: h?.get(HEADERS.requestId) ?? '',
    tenantId: h?.get(HEADERS.tenantId) ?? '',
    userId: h?.get(HEADERS.userId) ?? '',
    username: h?.get(HEADERS.username) ?? '',
    roles: (h?.get(HEADERS.roles) ?? '').split(',').filter(Boolean),
    ...(h?.get(HEADERS.cadreId) ? { cadreId: h.get(HEADERS.cadreId) } : {}),
    // The unit a leader leads: without it a leader reaches no cadre (libs/contracts scope.ts).
    ...(h?.get(HEADERS.unitId) ? { unitId: h.get(HEADERS.unitId) } : {}),
    ...(h?.get(HEADERS.idempotencyKey) ? { idempotencyKey: h.get(HEADERS.idempotencyKey) } : {}),
  };
}

/**
 * The answer to a handler's failure: an RpcError as its problem, a dependency down as 503, anything
 * else as 500 without details (logged). Also used for each item of a request that carries many
 * (review's batched ballot casts), so every item is answered as if it had come alone.
 */
export function failureReply(
  err: unknown,
  service: string,
  pattern: string,
  logger: { error(m: string, trace?: string): void },
): { reply: { ok: false; error: Problem }; outcome: string } {
  if (err instanceof RpcError) return { reply: { ok: false, error: err.toProblem() }, outcome: String(err.status) };
  if (isInfrastructureError(err)) {
    logger.error(`${pattern}: a dependency is unavailable: ${(err as Error).message}`);
    return { reply: { ok: false, error: problem(503, `服务 ${service} 依赖的数据库或缓存暂不可用，请稍后重试`) }, outcome: '503' };
  }
  logger.error(`${pattern} failed: ${(err as Error).message}`, (err as Error).stack);
  return { reply: { ok: false, error: problem(500, '服务内部错误，请稍后重试或联系管理员') }, outcome: '500' };
}

/**
 * Serves request patterns over NATS. Every replica subscribes in the service's queue group, so
 * NATS spreads requests over the replicas with no discovery; a request nobody serves gets
 * "no responders" at once and the gateway answers 503.
 */
export class RpcServer {
  private readonly subscriptions: Subscription[] = [];
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: { service: string; subjectPrefix: string; logger: { error(m: string, trace?: string): void }; requestKeys?: RequestKeys },
  ) {}

  listen(handlers: Map<string, RpcHandlerFn>): void {
    const queue = rpcQueueGroup(this.options.subjectPrefix, this.options.service);
    for (const [pattern, handler] of handlers) {
      const sub = this.nc.subscribe(rpcSubject(this.options.subjectPrefix, pattern), {
        queue,
        callback: (err, msg) => {
          if (err) return;
          const work = this.serve(pattern, handler, msg);
          this.inFlight.add(work);
          void work.finally(() => this.inFlight.delete(work));
        },
      });
      this.subscriptions.push(sub);
    }
  }

  /** Stops taking requests and waits for the ones in hand. */
  async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.drain().catch(() => undefined)));
    await Promise.all([...this.inFlight]);
  }

  /**
   * The first answer to a repeated write. The first attempt may have committed a moment ago and be
   * about to keep its answer (a retry that waited on its key): wait for it a little before deciding
   * the answer was lost with its process.
   */
  private async keptAnswer(key: string): Promise<{ answer: unknown } | null> {
    const deadline = Date.now() + KEPT_ANSWER_WAIT_MS;
    for (;;) {
      const kept = await this.options.requestKeys?.answerOf(key).catch(() => null);
      if (kept || Date.now() > deadline) return kept ?? null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The handler again, its write not carried out a second time (request-keys.ts), for the answer the first attempt lost. */
  private async replay(pattern: string, handler: RpcHandlerFn, msg: Msg, context: RequestContext): Promise<RpcReply> {
    const again: RequestContext = { ...context };
    markReplay(again);
    try {
      const payload: unknown = msg.data.length > 0 ? msg.json() : {};
      const data = await runInContext(again, () => handler(payload, again));
      await this.options.requestKeys?.keep(context.idempotencyKey!, data ?? null).catch(() => undefined);
      return { ok: true, data: data ?? null };
    } catch (err) {
      if (err instanceof RpcError) return { ok: false, error: err.toProblem() };
      this.options.logger.error(`${pattern}: replay failed: ${(err as Error).message}`);
      return { ok: false, error: problem(409, '该请求已经执行过（幂等键相同），但当时的应答已丢失；请查询结果，不要重复提交') };
    }
  }

  private async serve(pattern: string, handler: RpcHandlerFn, msg: Msg): Promise<void> {
    const context = contextFromHeaders(msg);
    const end = rpcDuration.startTimer({ pattern });
    let reply: RpcReply;
    try {
      const payload: unknown = msg.data.length > 0 ? msg.json() : {};
      const data = await runInContext(context, () => handler(payload, context));
      reply = { ok: true, data: data ?? null };
      if (context.idempotencyKey && this.options.requestKeys) {
        // Kept for a retry whose first answer (this one) may still be lost on its way.
        await this.options.requestKeys.keep(context.idempotencyKey, reply.data).catch((e: Error) => this.options.logger.error(`${pattern}: answer not kept: ${e.message}`));
      }
      end({ outcome: 'ok' });
    } catch (err) {
      if (err instanceof RequestAlreadyDone) {
        const kept = await this.keptAnswer(err.key);
        reply = kept ? { ok: true, data: kept.answer } : await this.replay(pattern, handler, msg, context);
        end({ outcome: reply.ok ? 'ok' : String(reply.error.status) });
      } else {
        const failed = failureReply(err, this.options.service, pattern, this.options.logger);
        reply = failed.reply;
        end({ outcome: failed.outcome });
      }
    }
    if (!msg.reply) return;
    if (!context.requestId) {
      msg.respond(JSON.stringify(reply));
      return;
    }
    const h = natsHeaders();
    h.set(HEADERS.requestId, context.requestId);
    msg.respond(JSON.stringify(reply), { headers: h });
  }
}
