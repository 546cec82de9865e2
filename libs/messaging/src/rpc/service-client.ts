import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientNats, NatsRecord, NatsRecordBuilder } from '@nestjs/microservices';
import type { Serializer } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  Problem,
  problem,
  RequestContext,
  RequestPattern,
  RequestPayload,
  RequestReply,
  rpcSubject,
} from '@cadre/contracts';
import { RequestClient } from './request-client';
import { contextHeaders } from './request-headers';

export const REQUEST_PROXY = Symbol('REQUEST_PROXY');
export const SERVICE_CLIENT_OPTIONS = Symbol('SERVICE_CLIENT_OPTIONS');

/** A failed request, as the problem the gateway answers with. */
export class RpcFailure extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/** A payload already serialized (the gateway's batched ballots: their bodies as they came). */
export class RawJson {
  constructor(readonly json: string) {}
}

/**
 * Nest's NATS packet serializer, except that a RawJson payload goes into the packet as it is
 * instead of being parsed and serialized again (the ballot relay sends thousands a second).
 */
export class RequestSerializer implements Serializer {
  serialize(packet: { pattern: unknown; id?: string; data?: unknown }): { data: string; headers: unknown } {
    const record = packet.data instanceof NatsRecord ? packet.data : new NatsRecordBuilder(packet.data).build();
    const data: unknown = record.data;
    if (data instanceof RawJson) {
      return {
        data: `{"pattern":${JSON.stringify(packet.pattern)},"id":${JSON.stringify(packet.id)},"data":${data.json}}`,
        headers: record.headers,
      };
    }
    return { data: JSON.stringify({ ...packet, data }), headers: record.headers };
  }
}

/**
 * Request-reply to the services through Nest's NATS ClientProxy, typed by the RequestMap
 * (libs/contracts requests.ts): a payload or a reply that is not the pattern's does not compile.
 * Infrastructure failures become problems with the right status: nobody serving the pattern or
 * NATS away → 503, no answer in time → 504; a service's refusal is the problem it answered.
 */
@Injectable()
export class ServiceClient implements OnModuleInit {
  private up = false;

  constructor(
    @Inject(REQUEST_PROXY) private readonly proxy: ClientNats,
    @Inject(SERVICE_CLIENT_OPTIONS) private readonly options: { subjectPrefix: string; timeoutMs: number },
  ) {}

  /** A client outside a Nest app (a tool, a test), connected; `close()` it when done. */
  static async standalone(options: {
    servers: string;
    subjectPrefix: string;
    timeoutMs: number;
  }): Promise<ServiceClient> {
    const proxy = new RequestClient({ servers: options.servers.split(','), serializer: new RequestSerializer() });
    const client = new ServiceClient(proxy, options);
    await client.onModuleInit();
    return client;
  }

  close(): Promise<void> {
    return this.proxy.close() as Promise<void>;
  }

  async onModuleInit(): Promise<void> {
    // Connected at start (it waits for a NATS that is not there yet), so the first request does not pay for it.
    this.proxy.status.subscribe((status) => {
      this.up = status === 'connected';
    });
    await this.proxy.connect();
    this.up = true;
  }

  /** Asks `pattern` with `payload`; resolves with the pattern's reply. */
  request<P extends RequestPattern>(
    pattern: P,
    payload: RequestPayload<P>,
    context: RequestContext,
    timeoutMs = this.options.timeoutMs,
  ): Promise<RequestReply<P>> {
    // Through requestJson, so every request, batched or not, leaves by one door (serialized once either way).
    return this.requestJson(pattern, JSON.stringify(payload ?? {}), context, timeoutMs);
  }

  /**
   * The same with the payload already serialized: the reply is typed by the pattern, the JSON is the
   * caller's to make the pattern's payload.
   */
  requestJson<P extends RequestPattern>(
    pattern: P,
    json: string,
    context: RequestContext,
    timeoutMs = this.options.timeoutMs,
  ): Promise<RequestReply<P>> {
    return this.send(pattern, new RawJson(json), context, timeoutMs) as Promise<RequestReply<P>>;
  }

  /**
   * The transport, untyped: the one place the reply is taken on trust — the handler that answered was
   * compiled against the same RequestMap entry (@MessagePattern), so its answer is the pattern's reply.
   */
  private async send(pattern: string, payload: unknown, context: RequestContext, timeoutMs: number): Promise<unknown> {
    const service = pattern.split('.')[0];
    if (!this.up) throw new RpcFailure(problem(503, `消息总线暂不可用，服务 ${service} 无法访问，请稍后重试`));
    const headers = contextHeaders(context);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      return await firstValueFrom(
        this.proxy.send(rpcSubject(this.options.subjectPrefix, pattern), record).pipe(timeout(timeoutMs)),
        { defaultValue: null },
      );
    } catch (err) {
      throw new RpcFailure(classify(err, service, timeoutMs));
    }
  }
}

function isProblem(err: unknown): err is Problem {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as Problem).status === 'number' &&
    typeof (err as Problem).title === 'string'
  );
}

function classify(err: unknown, service: string, timeoutMs: number): Problem {
  if (isProblem(err)) return err;
  if (err instanceof EmptyResponseException)
    return problem(503, `服务 ${service} 暂不可用（没有可用实例），请稍后重试`);
  if (err instanceof TimeoutError) return problem(504, `服务 ${service} 未在 ${timeoutMs} 毫秒内响应`);
  if (err instanceof Error && /closed/i.test(err.message))
    return problem(503, `消息总线连接已关闭，服务 ${service} 无法访问`);
  return problem(503, `服务 ${service} 暂不可用：${err instanceof Error ? err.message : String(err)}`);
}
