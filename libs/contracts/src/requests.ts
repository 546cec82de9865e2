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

export const ROSTER_REQUESTS = {
  createField: 'roster.fields.create',
  listFields: 'roster.fields.list',
  createUnit: 'roster.units.create',
  listUnits: 'roster.units.list',
  getUnit: 'roster.units.get',
  /** `{ ids }` → `{ unknown }`: which of the ids are not units of the caller's tenant (for ids inside other services' bodies). */
  unknownUnits: 'roster.units.unknown',
  updateUnit: 'roster.units.update',
  createTeam: 'roster.teams.create',
  listTeams: 'roster.teams.list',
  getTeam: 'roster.teams.get',
  updateTeam: 'roster.teams.update',
  createCadre: 'roster.cadres.create',
  listCadres: 'roster.cadres.list',
  getCadre: 'roster.cadres.get',
  updateCadre: 'roster.cadres.update',
  transferCadre: 'roster.cadres.transfer',
  cadreHistory: 'roster.cadres.history',
  importCadres: 'roster.imports.run',
  exportCadres: 'roster.exports.run',
  getSettings: 'roster.settings.get',
  updateSettings: 'roster.settings.update',
  loadDemoDistrict: 'roster.demo.load',
} as const;

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

export type RpcReply<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: import('./problem').Problem };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
