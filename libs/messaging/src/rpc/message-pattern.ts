import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { MessagePattern as NestMessagePattern } from '@nestjs/microservices';
import type { RequestContext, RequestPattern, RequestPayload, RequestReply } from '@cadre/contracts';
import { currentContext } from '@cadre/platform';
import { RequestFilter } from './request.filter';
import { REQUEST_PATTERN, RequestInterceptor } from './request.interceptor';

/** What a handler of `P` must be: it takes the pattern's payload and answers its reply (libs/contracts RequestMap). */
export type MessageHandlerOf<P extends RequestPattern> = (
  payload: RequestPayload<P>,
  context: RequestContext,
) => RequestReply<P> | Promise<RequestReply<P>>;

/**
 * Nest's `@MessagePattern`, typed by the RequestMap: the method must fit the pattern's entry, so a
 * handler that takes another payload or answers another reply does not compile (it may take a wider
 * payload or answer a richer reply). The method takes `(@Payload() payload, @Caller() context)`.
 *
 * The pattern is registered bare ("roster.units.create"); the request server subscribes it under the
 * deployment's namespace (request-server.ts), which is known only once the configuration is read.
 * Handlers live on controllers (`*.handler.ts`), where Nest's microservice module finds them. Each
 * is served inside the request interceptor (context, metrics, Idempotency-Key) and answers failures
 * through the request filter (problem+json) — attached here, so no handler can be served without them.
 */
export function MessagePattern<P extends RequestPattern>(pattern: P) {
  const decorate = applyDecorators(
    NestMessagePattern(pattern),
    SetMetadata(REQUEST_PATTERN, pattern),
    UseInterceptors(RequestInterceptor),
    UseFilters(RequestFilter),
  );
  return <H extends MessageHandlerOf<P>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    decorate(target, key, descriptor);
  };
}

/**
 * Who is asking: the request context the gateway sent in the NATS headers, as the request
 * interceptor established it for this request (the same object the outbox and the logs see).
 */
export const Caller = createParamDecorator((_data: unknown, _host: ExecutionContext): RequestContext => {
  const context = currentContext();
  if (!context) throw new Error('no request context: @Caller() outside a request handler');
  return context as RequestContext;
});
