import { Injectable } from '@nestjs/common';
import { hiddenFromLeader, isAssessor, isLeader, isOfficer, outsideScope, RequestContext } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { CadresProjection, ProjectedCadre } from '../projections/cadres-projection.repository';

export { isOfficer, isLeader };
export const isSelf = (ctx: Pick<RequestContext, 'cadreId'>, cadreId: string) =>
  !!ctx.cadreId && ctx.cadreId === cadreId;

/** What a caller may do with one cadre's lists. */
export type ListAction = 'read' | 'fill' | 'review' | 'sign' | 'amend';

/** The answer of a refused action: 404 as for an unknown id (outside the caller's unit or group), or 403 with why. */
export type Refusal = { status: 404 } | { status: 403; detail: string };

/**
 * The rule, as a plain function. First the scope: a unit leader outside their unit, an assessor
 * outside their groups get "not found", exactly as for an id of another tenant. Then the role:
 * - read: the department, the cadre, the unit's leader, an assigned assessor;
 * - fill (add, submit, progress): the cadre, or the department on their behalf;
 * - review (approve, return, rate): the department or the unit's leader, never the cadre;
 * - sign and amend the commitment (承诺书): only the cadre's own account — the commitment is theirs.
 */
export function listAccess(
  ctx: Pick<RequestContext, 'roles' | 'cadreId' | 'unitId'>,
  cadre: ProjectedCadre,
  assigned: boolean,
  action: ListAction,
): Refusal | null {
  if (outsideScope(ctx, cadre, assigned) === 'not_found') return { status: 404 };
  const self = isSelf(ctx, cadre.id);
  switch (action) {
    case 'read':
      return isOfficer(ctx) || self || isLeader(ctx) || isAssessor(ctx)
        ? null
        : { status: 403, detail: '只能查看本人的清单' };
    case 'fill':
      return isOfficer(ctx) || self ? null : { status: 403, detail: '只有干部本人或组织部可以填报清单' };
    case 'review':
      if (self) return { status: 403, detail: '不能审核自己的清单' };
      return isOfficer(ctx) || isLeader(ctx) ? null : { status: 403, detail: '只有组织部或单位领导可以审核' };
    case 'sign':
      return self ? null : { status: 403, detail: '承诺书只能由干部本人签署' };
    case 'amend':
      return self ? null : { status: 403, detail: '承诺书只能由干部本人申请修订' };
  }
}

/**
 * Who may do what with a cadre's lists. Political files are the most sensitive data the platform
 * holds: only the organization department and the assessors assigned to the cadre (考核组) see them.
 */
@Injectable()
export class Access {
  constructor(private readonly cadres: CadresProjection) {}

  /** Read or add to a political file. A leader outside their unit gets 404 as for any foreign id; otherwise refusals stay 403. */
  async politicalFile(ctx: RequestContext, cadre: ProjectedCadre): Promise<void> {
    if (isOfficer(ctx)) return;
    const assigned = isAssessor(ctx) && (await this.cadres.isAssigned(ctx.tenantId, ctx.userId, cadre.id));
    if (assigned) return;
    if (hiddenFromLeader(ctx, cadre.unitId)) throw RpcError.notFound('干部');
    throw new RpcError(403, '政治体检档案仅限组织部和分配到该干部的考核组成员查阅');
  }

  /**
   * Checks `action` on the cadre's lists; `missing` names what the route reports as not found (the
   * cadre, a responsibility, a task), so a refusal for scope reads exactly as an unknown id of that route.
   */
  async check(ctx: RequestContext, cadre: ProjectedCadre, action: ListAction, missing = '干部'): Promise<void> {
    const assigned =
      isAssessor(ctx) && !isOfficer(ctx) && (await this.cadres.isAssigned(ctx.tenantId, ctx.userId, cadre.id));
    const refusal = listAccess(ctx, cadre, assigned, action);
    if (!refusal) return;
    if (refusal.status === 404) throw RpcError.notFound(missing);
    throw new RpcError(403, refusal.detail);
  }
}
