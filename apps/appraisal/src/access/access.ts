import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hiddenFromLeader, isOfficer, RequestContext } from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { AccessRepository } from './access.repository';

export { isOfficer, requireOfficer };

/**
 * Who may see and write a cadre's appraisal. The assessment group (考核组) decides: an assessor writes
 * and reads only the cadres of their groups; the organization department everything; a cadre reads
 * their own appraisal once the cycle is published.
 */
@Injectable()
export class Access {
  constructor(private readonly assignments: AccessRepository) {}

  isAssigned(tenantId: string, userId: string, cadreId: string, manager?: EntityManager): Promise<boolean> {
    return this.assignments.isAssigned(tenantId, userId, cadreId, manager);
  }

  /** A leader asking about a cadre of another unit: 404 as for an unknown cadre (leaders read no appraisal, write no step). */
  hideFromLeader(ctx: RequestContext, cadre: { unitId: string }): void {
    if (hiddenFromLeader(ctx, cadre.unitId)) throw RpcError.notFound('干部');
  }

  async writeStep(ctx: RequestContext, cadreId: string, manager?: EntityManager): Promise<void> {
    if (isOfficer(ctx)) return;
    if (ctx.roles.includes('assessor') && (await this.isAssigned(ctx.tenantId, ctx.userId, cadreId, manager))) return;
    throw new RpcError(403, '只有分配到该干部的考核组成员可以填写考核记录');
  }

  async readAppraisal(ctx: RequestContext, cadreId: string, published: boolean): Promise<void> {
    if (isOfficer(ctx)) return;
    if (ctx.roles.includes('assessor') && (await this.isAssigned(ctx.tenantId, ctx.userId, cadreId))) return;
    if (published && ctx.cadreId === cadreId) return;
    throw new RpcError(
      403,
      published ? '只能查看本人或分配给本考核组的考核记录' : '考核结果发布前仅限组织部和考核组查看',
    );
  }
}
