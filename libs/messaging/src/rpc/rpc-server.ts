import { headers as natsHeaders, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { HEADERS, problem, RequestContext, rpcQueueGroup, RpcReply, rpcSubject } from '@cadre/contracts';
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
      if (err instanceof RpcError) {
        reply = { ok: false, error: err.toProblem() };
        end({ outcome: String(err.status) });
      } else if (isInfrastructureError(err)) {
        this.options.logger.error(`${pattern}: a dependency is unavailable: ${(err as Error).message}`);
        reply = { ok: false, error: problem(503, `服务 ${this.options.service} 依赖的数据库或缓存暂不可用，请稍后重试`) };
        end({ outcome: '503' });
      } else {
        this.options.logger.error(`${pattern} failed: ${(err as Error).message}`, (err as Error).stack);
        reply = { ok: false, error: problem(500, '服务内部错误，请稍后重试或联系管理员') };
        end({ outcome: '500' });
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
