import { headers as natsHeaders, MsgHdrs } from '@nats-io/transport-node';
import { HEADERS, RequestContext } from '@cadre/contracts';

/** Reads the caller's context from the request headers the gateway set. */
export function contextFromHeaders(h: MsgHdrs | undefined): RequestContext {
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
 * The caller's context as headers, empty values left out (the server reads a missing header as
 * empty): an anonymous ballot then travels with no header block at all.
 */
export function contextHeaders(context: RequestContext): MsgHdrs | undefined {
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
