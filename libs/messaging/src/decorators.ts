import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf, EventType, RequestContext, RequestPattern, RequestPayload, RequestReply } from '@cadre/contracts';

export const RPC_HANDLER = Symbol('RPC_HANDLER');
export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

/** What a handler of `P` must be: it takes the pattern's payload and answers its reply (libs/contracts RequestMap). */
export type RpcHandlerOf<P extends RequestPattern> = (payload: RequestPayload<P>, context: RequestContext) => RequestReply<P> | Promise<RequestReply<P>>;

/**
 * Answers the request pattern `pattern` (libs/contracts requests.ts). Found at start; one per pattern.
 * The method must fit the pattern's RequestMap entry: a handler that takes another payload or
 * answers another reply does not compile (it may take a wider payload or answer a richer reply).
 */
export function RpcHandler<P extends RequestPattern>(pattern: P) {
  const mark = SetMetadata(RPC_HANDLER, pattern);
  return <H extends RpcHandlerOf<P>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    mark(target, key, descriptor);
  };
}

/**
 * Applies events of `type` exactly once, in the transaction it is given. Found at start; one per type.
 * The method must take `(event: EventOf<type>, manager)`: a handler typed for another event (or a
 * type missing from the contracts) does not compile. Its `data` has been checked against the type's
 * schema before the call (DurableConsumer).
 */
export function OnEvent<T extends EventType>(type: T) {
  return <M extends (event: EventOf<T>, manager: EntityManager) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(EVENT_HANDLER, type)(target, key, descriptor);
  };
}
