import { SetMetadata } from '@nestjs/common';
import type { EventType } from '@cadre/contracts';

export const RPC_HANDLER = Symbol('RPC_HANDLER');
export const EVENT_HANDLER = Symbol('EVENT_HANDLER');

/** Answers the request pattern `pattern` (libs/contracts requests.ts). Found at start; one per pattern. */
export const RpcHandler = (pattern: string) => SetMetadata(RPC_HANDLER, pattern);

/** Applies events of `type` exactly once, in the transaction it is given. Found at start; one per type. */
export const OnEvent = (type: EventType) => SetMetadata(EVENT_HANDLER, type);
