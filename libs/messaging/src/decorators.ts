import { SetMetadata } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventOf, EventType } from '@cadre/contracts';

export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

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
