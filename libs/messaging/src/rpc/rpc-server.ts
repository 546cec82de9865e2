import { headers as natsHeaders, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { HEADERS, Problem, problem, RequestContext, rpcQueueGroup, RpcReply, rpcSubject } from '@cadre/contracts';
import { isInfrastructureError, rpcDuration, runInContext } from '@cadre/platform';
import { RpcError } from './rpc-error';

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
    private readonly options: { service: string; subjectPrefix: string; logger: { error(m: string, trace?: string): void } },
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

  private async serve(pattern: string, handler: RpcHandlerFn, msg: Msg): Promise<void> {
    const context = contextFromHeaders(msg);
    const end = rpcDuration.startTimer({ pattern });
    let reply: RpcReply;
    try {
      const payload: unknown = msg.data.length > 0 ? msg.json() : {};
      const data = await runInContext(context, () => handler(payload, context));
      reply = { ok: true, data: data ?? null };
      end({ outcome: 'ok' });
    } catch (err) {
      const failed = failureReply(err, this.options.service, pattern, this.options.logger);
      reply = failed.reply;
      end({ outcome: failed.outcome });
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
