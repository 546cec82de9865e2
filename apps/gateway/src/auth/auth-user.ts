import type { Request } from 'express';
import type { RequestContext, Role } from '@cadre/contracts';

/** The signed-in user as the verified token tells it. */
export interface AuthUser {
  id: string;
  username: string;
  tenantId: string;
  tenantCode: string;
  roles: Role[];
  /** The cadre this account is, for a user with role `cadre`. */
  cadreId: string | null;
  /** The unit a `unit_leader` leads. */
  unitId: string | null;
}

/** The claims of our access tokens. */
export interface TokenClaims {
  sub: string;
  usr: string;
  tid: string;
  tcd: string;
  roles: Role[];
  /** Cadre id of the account, when it is one (role `cadre`). */
  cid?: string;
  /** Unit of a unit leader. */
  uid?: string;
  /** The user's token version when issued (users.token_version); absent in tokens older than it, read as 0. */
  ver?: number;
}

export type AuthedRequest = Request & {
  id?: string;
  user?: AuthUser;
  /** Set by IdempotencyInterceptor for a keyed POST. */ idempotencyKey?: string;
};

/** What a service is told about the caller, for every request the gateway forwards. */
export function requestContext(req: AuthedRequest): RequestContext {
  const user = req.user;
  if (!user) throw new Error('requestContext on an anonymous request');
  return {
    requestId: String(req.id ?? ''),
    tenantId: user.tenantId,
    userId: user.id,
    username: user.username,
    roles: user.roles,
    ...(user.cadreId ? { cadreId: user.cadreId } : {}),
    ...(user.unitId ? { unitId: user.unitId } : {}),
    ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
  };
}
