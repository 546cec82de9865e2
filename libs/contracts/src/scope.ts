import { isOfficer, RequestContext } from './requests';

/**
 * How far a caller reaches among a tenant's cadres (roles scoped to what they are responsible for):
 * the organization department everything; a `unit_leader` the cadres of the unit they lead; an
 * `assessor` the cadres assigned to their assessment groups (考核组); anyone their own record.
 * Every service applies these rules to its own projections; they are plain functions so each rule
 * is tested once, here.
 */
type Caller = Pick<RequestContext, 'roles' | 'cadreId' | 'unitId'>;

export interface ScopedCadre {
  id: string;
  unitId: string | null;
}

export const isLeader = (ctx: Pick<RequestContext, 'roles'>) => ctx.roles.includes('unit_leader');
export const isAssessor = (ctx: Pick<RequestContext, 'roles'>) => ctx.roles.includes('assessor');

/**
 * A leader leads the unit named in their token. A leader's token without a unit (issued before
 * leaders had one) leads nothing: it must not become "sees everything".
 */
export function leadsUnitOf(ctx: Caller, cadre: ScopedCadre): boolean {
  return isLeader(ctx) && !!ctx.unitId && ctx.unitId === cadre.unitId;
}

/** Whether the caller may see this cadre at all; `assigned`: the caller is an assessor of a group holding the cadre. */
export function reachesCadre(ctx: Caller, cadre: ScopedCadre, assigned: boolean): boolean {
  if (isOfficer(ctx)) return true;
  if (!!ctx.cadreId && ctx.cadreId === cadre.id) return true;
  if (leadsUnitOf(ctx, cadre)) return true;
  return isAssessor(ctx) && assigned;
}

/**
 * A caller whose reach is a unit or a group. What lies outside it answers 404, exactly as an id of
 * another tenant does, so that probing ids tells a leader or an assessor nothing. (A plain cadre keeps
 * the 403 of "only your own": they have no scope to hide.)
 */
export function isScopedReader(ctx: Pick<RequestContext, 'roles'>): boolean {
  return !isOfficer(ctx) && (isLeader(ctx) || isAssessor(ctx));
}

/**
 * Who may learn a cadre's political verdict (首关不过，余关莫论): the readers of political files — the
 * department and the assessors assigned to the cadre. For anyone else, a cadre stopped at the gate
 * is simply not in a ranking list or map, and no dossier names the verdict.
 */
export function readsPoliticalVerdict(ctx: Pick<RequestContext, 'roles'>, assigned: boolean): boolean {
  return isOfficer(ctx) || (isAssessor(ctx) && assigned);
}

/**
 * A caller for whom the scope is "outside": 404 (as a foreign id) for scoped readers, else null (the
 * route's own role rules then decide, usually 403).
 */
export function outsideScope(ctx: Caller, cadre: ScopedCadre, assigned: boolean): 'not_found' | null {
  if (reachesCadre(ctx, cadre, assigned)) return null;
  return isScopedReader(ctx) ? 'not_found' : null;
}

/**
 * How far a caller's roster reads reach: undefined when they are not narrowed (the department; roles
 * the gateway keeps out of the roster anyway); else the unit a leader leads (null: a leader token
 * without a unit) and the assessor whose assigned cadres they read (null: not an assessor). A cadre
 * is reached through either.
 */
export interface RosterReach {
  unitId: string | null;
  assessorUserId: string | null;
}

export function rosterReach(ctx: Caller & Pick<RequestContext, 'userId'>): RosterReach | undefined {
  if (isOfficer(ctx) || !isScopedReader(ctx)) return undefined;
  return { unitId: isLeader(ctx) ? (ctx.unitId ?? null) : null, assessorUserId: isAssessor(ctx) ? ctx.userId : null };
}

/** Whether a reach holds a cadre (or team) of this unit; `assigned`: the assessor is assigned to the cadre (or a member). */
export function withinReach(reach: RosterReach | undefined, unitId: string, assigned: boolean): boolean {
  if (!reach) return true;
  return (!!reach.unitId && reach.unitId === unitId) || (!!reach.assessorUserId && assigned);
}

/**
 * A leader (and nothing more) asking about a cadre or team outside their unit, on a route where
 * leaders may do nothing anyway: the answer is still 404 as for an unknown id, never a 403 that
 * would confirm the id exists. (Assessors keep the route's 403 there, as the README documents.)
 */
export function hiddenFromLeader(ctx: Caller, unitId: string | null): boolean {
  return isLeader(ctx) && !isAssessor(ctx) && !isOfficer(ctx) && !(!!ctx.unitId && ctx.unitId === unitId);
}
