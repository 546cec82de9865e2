import type { AnalyticsRequests } from './analytics.requests';
import type { AppraisalRequests } from './appraisal.requests';
import type { ChecklistsRequests } from './checklists.requests';
import type { ReviewRequests } from './review.requests';
import type { RosterRequests } from './roster.requests';

/**
 * Request-reply patterns between the gateway and the services. A service subscribes to
 * `<prefix>rpc.<pattern>` in the queue group `<prefix>svc.<service>`, so replicas share the load.
 */
export const RPC_SUBJECT_ROOT = 'rpc';

export function rpcSubject(prefix: string, pattern: string): string {
  return `${prefix}${RPC_SUBJECT_ROOT}.${pattern}`;
}

export function rpcQueueGroup(prefix: string, service: string): string {
  return `${prefix}svc.${service}`;
}

/** Who is asking; the gateway sets it from the verified JWT, services trust only this. */
export interface RequestContext {
  requestId: string;
  tenantId: string;
  userId: string;
  username: string;
  roles: string[];
  /** The cadre this user is (role `cadre`), for rules like "only the cadre signs their commitment". */
  cadreId?: string;
  /** The unit a `unit_leader` leads: leaders read and act on the cadres of this unit only. */
  unitId?: string;
  /**
   * The client's Idempotency-Key of a write, scoped to the caller by the gateway (a digest): the
   * service carries out a write with it once (libs/messaging request-keys.ts), so a retry after an
   * answer was lost — the service committed, then died or answered too late — repeats nothing.
   */
  idempotencyKey?: string;
}

/** The organization department (组织部) or the platform administrator: who manages a tenant's appraisal. */
export function isOfficer(ctx: Pick<RequestContext, 'roles'>): boolean {
  return ctx.roles.includes('org_officer') || ctx.roles.includes('admin');
}

export type RpcReply<T = unknown> = { ok: true; data: T } | { ok: false; error: import('./problem').Problem };

/** `?limit=&cursor=` of every list: 1–200 items a page (50 by default), `cursor` the previous page's `nextCursor`. */
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

/** Every list's answer: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The payload of a pattern that takes nothing: the gateway sends `{}`. */
export type NoPayload = Record<string, never>;

/** The payload of a pattern that names one thing by its id. */
export interface ById {
  id: string;
}

export interface ByCadre {
  cadreId: string;
}

export interface ByCycle {
  cycleId: string;
}

/**
 * Every request pattern of every service: `pattern → { payload; reply }`, merged from the maps
 * declared next to each service's pattern constants. The gateway's ServiceClient and every
 * `@MessagePattern` handler are typed by it, so a payload, a reply or a handler that drifts from its pattern
 * is a compile error (requests.typetest.ts). A reply of `null` is a handler that answers nothing.
 */
export interface RequestMap
  extends RosterRequests, ChecklistsRequests, AppraisalRequests, ReviewRequests, AnalyticsRequests {}

export type RequestPattern = keyof RequestMap;
export type RequestPayload<P extends RequestPattern> = RequestMap[P]['payload'];
export type RequestReply<P extends RequestPattern> = RequestMap[P]['reply'];
