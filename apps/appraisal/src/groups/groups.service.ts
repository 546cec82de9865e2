import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  AssessmentGroupChangeView,
  AssessmentGroupCommand,
  AssessmentGroupView,
  GroupChangesQuery,
  Page,
  PageQuery,
  RequestContext,
  UpdateAssessmentGroupCommand,
} from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart, isUniqueViolation } from '@cadre/persistence';
import { isOfficer, requireOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres-projection.repository';
import { groupChange, unique } from './group-rules';
import { GroupRow, GroupsRepository } from './groups.repository';

/** What `appraisal.group.updated` carries: the group as it is after the write. */
export interface GroupMembership {
  id: string;
  name: string;
  assessorUserIds: string[];
  cadreIds: string[];
}

const toView = (r: GroupRow): AssessmentGroupView => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * 考核组: assessors and the cadres they appraise. The same group follows the same cadres from cycle
 * to cycle, so the assessors know them; a change is made on purpose, with a reason, and recorded
 * (who came, who went). Every change is published so checklists can grant the political file.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
  ) {}

  async create(ctx: RequestContext, command: AssessmentGroupCommand): Promise<AssessmentGroupView> {
    requireOfficer(ctx, '组建考核组');
    await this.checkCadres(ctx.tenantId, command.cadreIds);
    const group = await this.write(ctx, (m) =>
      this.groups.insert(m, ctx.tenantId, randomUUID(), {
        name: command.name,
        assessorUserIds: unique(command.assessorUserIds),
        cadreIds: unique(command.cadreIds),
      }),
    );
    return toView(group);
  }

  async update(ctx: RequestContext, command: UpdateAssessmentGroupCommand): Promise<AssessmentGroupView> {
    requireOfficer(ctx, '调整考核组');
    await this.checkCadres(ctx.tenantId, command.cadreIds);
    const group = await this.write(ctx, async (m) => {
      const old = await this.groups.findForUpdate(m, ctx.tenantId, command.id);
      if (!old) throw RpcError.notFound('考核组');
      const assessors = unique(command.assessorUserIds);
      const cadres = unique(command.cadreIds);
      const row = await this.groups.update(m, ctx.tenantId, command.id, {
        name: command.name,
        assessorUserIds: assessors,
        cadreIds: cadres,
      });
      await this.groups.insertChange(m, ctx.tenantId, {
        id: randomUUID(),
        groupId: command.id,
        reason: command.reason,
        changedBy: ctx.username,
        ...groupChange(old, assessors, cadres),
      });
      return row;
    });
    return toView(group);
  }

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<AssessmentGroupView>> {
    // An assessor sees the groups they sit in; the department sees all.
    const officer = isOfficer(ctx);
    if (!officer && !ctx.roles.includes('assessor')) throw new RpcError(403, '只有组织部和考核组成员可以查看考核组');
    const { limit, after } = pageWindow(query, [cursorPart.text, cursorPart.uuid]);
    const rows = await this.groups.list(ctx.tenantId, officer, ctx.userId, { after, limit: limit + 1 });
    return toPage(rows, limit, (g) => [g.name, g.id], toView);
  }

  async changes(ctx: RequestContext, payload: GroupChangesQuery): Promise<Page<AssessmentGroupChangeView>> {
    requireOfficer(ctx, '查看考核组调整记录');
    const { limit, after } = pageWindow(payload, [cursorPart.timestamp, cursorPart.uuid]);
    if (!(await this.groups.exists(ctx.tenantId, payload.id))) throw RpcError.notFound('考核组');
    const rows = await this.groups.changes(ctx.tenantId, payload.id, { before: after, limit: limit + 1 });
    return toPage(
      rows,
      limit,
      (r) => [r.sortKey, r.id],
      ({ sortKey: _sortKey, ...r }) => ({ ...r, changedAt: r.changedAt.toISOString() }),
    );
  }

  /** The write and its `appraisal.group.updated` event, in one transaction. */
  async write<G extends GroupMembership>(
    ctx: { tenantId: string },
    work: (m: EntityManager) => Promise<G>,
    manager?: EntityManager,
  ): Promise<G> {
    const run = async (m: EntityManager) => {
      const group = await work(m);
      await this.outbox.add(m, {
        type: 'appraisal.group.updated',
        tenantId: ctx.tenantId,
        aggregateId: group.id,
        data: { groupId: group.id, name: group.name, assessorUserIds: group.assessorUserIds, cadreIds: group.cadreIds },
      });
      return group;
    };
    try {
      return manager ? await run(manager) : await this.outbox.transaction(run);
    } catch (err) {
      if (isUniqueViolation(err))
        throw RpcError.conflict('已有同名的考核组', [{ field: 'name', message: '名称已被使用' }]);
      throw err;
    }
  }

  private async checkCadres(tenantId: string, cadreIds: string[]): Promise<void> {
    const unknown = await this.cadres.unknown(tenantId, unique(cadreIds));
    if (unknown.length > 0) {
      throw RpcError.rule(
        '考核对象中有不存在的干部',
        unknown.map((id) => ({ field: `cadreIds.${cadreIds.indexOf(id)}`, message: `干部 ${id} 不存在` })),
      );
    }
  }
}
