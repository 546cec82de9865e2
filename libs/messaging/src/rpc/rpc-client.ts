import { errors as natsErrors, headers as natsHeaders, MsgHdrs, NatsConnection, RequestError, TimeoutError } from '@nats-io/transport-node';
import { HEADERS, Problem, problem, RequestContext, RequestPattern, RequestPayload, RequestReply, RpcReply, rpcSubject } from '@cadre/contracts';
import { ConnectionWatch } from '../nats-connection';

/** A failed request, as the problem the gateway answers with. */
export class RpcFailure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/**
 * The gateway's side of request-reply. Infrastructure failures become problems with the right
 * status: nobody serving the pattern or NATS away → 503, no answer in time → 504.
 */
export class RpcClient {
  private readonly watch: ConnectionWatch;

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: { subjectPrefix: string; timeoutMs: number },
  ) {
    this.watch = new ConnectionWatch(nc);
  }

  /**
   * Asks `pattern` with `payload`, typed by the RequestMap (libs/contracts requests.ts): a payload
   * or a reply that is not the pattern's does not compile.
   */
  request<P extends RequestPattern>(pattern: P, payload: RequestPayload<P>, context: RequestContext, timeoutMs = this.options.timeoutMs): Promise<RequestReply<P>> {
    // Through requestJson, so every request, batched or not, leaves by one door.
    return this.requestJson(pattern, JSON.stringify(payload ?? {}), context, timeoutMs);
  }

  /**
   * The same with the payload already serialized (the gateway's batched ballots: their bodies as they
   * came): the reply is typed by the pattern, the JSON is the caller's to make the pattern's payload.
   */
  requestJson<P extends RequestPattern>(pattern: P, json: string, context: RequestContext, timeoutMs = this.options.timeoutMs): Promise<RequestReply<P>> {
    // The one place the reply is taken on trust: the handler that answered was compiled against
    // the same RequestMap entry (@RpcHandler), so its answer is the pattern's reply.
    return this.send(pattern, json, context, timeoutMs) as Promise<RequestReply<P>>;
  }

  /**
   * The transport, untyped. The typed API above is all callers see, so moving the transport (to
   * @nestjs/microservices' ClientProxy) changes this method only.
   */
  private async send(pattern: string, json: string, context: RequestContext, timeoutMs: number): Promise<unknown> {
    const service = pattern.split('.')[0];
    if (!this.watch.isUp || this.nc.isClosed()) {
      throw new RpcFailure(problem(503, `消息总线暂不可用，服务 ${service} 无法访问，请稍后重试`));
    }
    let reply: RpcReply;
    try {
      const headers = contextHeaders(context);
      const msg = await this.nc.request(rpcSubject(this.options.subjectPrefix, pattern), json, {
        timeout: timeoutMs,
        ...(headers ? { headers } : {}),
      });
      reply = msg.json<RpcReply>();
    } catch (err) {
      throw new RpcFailure(classify(err, service, timeoutMs));
    }
    if (reply.ok) return reply.data;
    throw new RpcFailure(reply.error);
  }
}

/**
 * The caller's context as headers, empty values left out (the server reads a missing header as
 * empty): an anonymous ballot then travels with no header block at all.
 */
function contextHeaders(context: RequestContext): MsgHdrs | undefined {
  const values: Array<[string, string | undefined]> = [
    [HEADERS.requestId, context.requestId],
    [HEADERS.tenantId, context.tenantId],
    [HEADERS.userId, context.userId],
    [HEADERS.username, context.username],
    [HEADERS.roles, context.roles.join(',')],
    [HEADERS.cadreId, context.cadreId],
    [HEADERS.unitId, context.unitId],
    [HEADERS.idempotencyKey, context.idempotencyKey],
  ];
  let h: MsgHdrs | undefined;
  for (const [key, value] of values) {
    if (!value) continue;
    h ??= natsHeaders();
    h.set(key, value);
  }
  return h;
}

function classify(err: unknown, service: string, timeoutMs: number): Problem {
  if (err instanceof RequestError && err.isNoResponders()) return problem(503, `服务 ${service} 暂不可用（没有可用实例），请稍后重试`);
  if (err instanceof TimeoutError || (err instanceof RequestError && err.cause instanceof TimeoutError)) {
    return problem(504, `服务 ${service} 未在 ${timeoutMs} 毫秒内响应`);
  }
  if (err instanceof natsErrors.ClosedConnectionError || err instanceof natsErrors.DrainingConnectionError) {
    return problem(503, `消息总线连接已关闭，服务 ${service} 无法访问`);
  }
  return problem(503, `服务 ${service} 暂不可用：${(err as Error).message}`);
}
