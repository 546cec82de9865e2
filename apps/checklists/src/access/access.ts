import { Injectable } from '@nestjs/common';
import { isOfficer, RequestContext } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';
import { CadresProjection } from '../projections/cadres.projection';

export { isOfficer };
export const isLeader = (ctx: RequestContext) => ctx.roles.includes('unit_leader');
export const isSelf = (ctx: RequestContext, cadreId: string) => !!ctx.cadreId && ctx.cadreId === cadreId;

function deny(detail: string): never {
  throw new RpcError(403, detail);
}

/**
 * Who may do what with a cadre's lists. Political files are the most sensitive data the platform
 * holds: only the organization department and the assessors assigned to the cadre (考核组) see them.
 */
@Injectable()
export class Access {
  constructor(private readonly cadres: CadresProjection) {}

  /** Read or add to a political file. */
  async politicalFile(ctx: RequestContext, cadreId: string): Promise<void> {
    if (isOfficer(ctx)) return;
    if (ctx.roles.includes('assessor') && (await this.cadres.isAssigned(ctx.tenantId, ctx.userId, cadreId))) return;
    deny('政治体检档案仅限组织部和分配到该干部的考核组成员查阅');
  }

  /** Read a cadre's responsibility and task lists. */
  readLists(ctx: RequestContext, cadreId: string): void {
    if (isOfficer(ctx) || isLeader(ctx) || ctx.roles.includes('assessor') || isSelf(ctx, cadreId)) return;
    deny('只能查看本人的清单');
  }

  /** Fill in a list: the cadre themself, or the organization department on their behalf. */
  fillLists(ctx: RequestContext, cadreId: string): void {
    if (isOfficer(ctx) || isSelf(ctx, cadreId)) return;
    deny('只有干部本人或组织部可以填报清单');
  }

  /** Approve, return or rate: the leadership (组织部, unit leaders), never the cadre themself. */
  review(ctx: RequestContext, cadreId: string): void {
    if (isSelf(ctx, cadreId)) deny('不能审核自己的清单');
    if (isOfficer(ctx) || isLeader(ctx)) return;
    deny('只有组织部或单位领导可以审核');
  }

  /** Sign the commitment (承诺书): only the cadre. */
  sign(ctx: RequestContext, cadreId: string): void {
    if (!isSelf(ctx, cadreId)) deny('承诺书只能由干部本人签署');
  }
}
