import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AssessmentGroupChangeView,
  AssessmentGroupCommand,
  AssessmentGroupView,
  RequestContext,
  UpdateAssessmentGroupCommand,
} from '@cadre/contracts';
import type { ById } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { isUniqueViolation } from '@cadre/persistence';
import { isOfficer, requireOfficer } from '../access/access';
import { CadresProjection } from '../projections/cadres.projection';

const COLUMNS = `id, name, assessor_user_ids AS "assessorUserIds", cadre_ids AS "cadreIds", created_at AS "createdAt", updated_at AS "updatedAt"`;

const toView = (r: any): AssessmentGroupView => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });
const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));

/**
 * 考核组: assessors and the cadres they appraise. The same group follows the same cadres from cycle
 * to cycle, so the assessors know them; a change is made on purpose, with a reason, and recorded
 * (who came, who went). Every change is published so checklists can grant the political file.
 */
@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cadres: CadresProjection,
  ) {}
  async create(command: AssessmentGroupCommand, ctx: RequestContext): Promise<AssessmentGroupView> {
    requireOfficer(ctx, '组建考核组');
    await this.checkCadres(ctx.tenantId, command.cadreIds);
    const group = await this.write(ctx, async (m) => {
      const [row] = await m.query(
        `INSERT INTO assessment_groups (id, tenant_id, name, assessor_user_ids, cadre_ids) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [randomUUID(), ctx.tenantId, command.name, unique(command.assessorUserIds), unique(command.cadreIds)],
      );
      return row;
    });
    return toView(group);
  }
  async update(command: UpdateAssessmentGroupCommand, ctx: RequestContext): Promise<AssessmentGroupView> {
    requireOfficer(ctx, '调整考核组');
    await this.checkCadres(ctx.tenantId, command.cadreIds);
    const group = await this.write(ctx, async (m) => {
      const [old] = await m.query(`SELECT ${COLUMNS} FROM assessment_groups WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [ctx.tenantId, command.id]);
      if (!old) throw RpcError.notFound('考核组');
      const assessors = unique(command.assessorUserIds);
      const cadres = unique(command.cadreIds);
      const [[row]] = await m.query(
        `UPDATE assessment_groups SET name = $3, assessor_user_ids = $4, cadre_ids = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [ctx.tenantId, command.id, command.name, assessors, cadres],
      );
      await m.query(
        `INSERT INTO assessment_group_changes (id, tenant_id, group_id, reason, changed_by, assessors_added, assessors_removed, cadres_added, cadres_removed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [randomUUID(), ctx.tenantId, command.id, command.reason, ctx.username, minus(assessors, old.assessorUserIds), minus(old.assessorUserIds, assessors), minus(cadres, old.cadreIds), minus(old.cadreIds, cadres)],
      );
      return row;
    });
    return toView(group);
  }
  async list(_payload: unknown, ctx: RequestContext): Promise<{ items: AssessmentGroupView[] }> {
    // An assessor sees the groups they sit in; the department sees all.
    const officer = isOfficer(ctx);
    if (!officer && !ctx.roles.includes('assessor')) throw new RpcError(403, '只有组织部和考核组成员可以查看考核组');
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM assessment_groups WHERE tenant_id = $1 AND ($2 OR $3 = ANY (assessor_user_ids)) ORDER BY name`,
      [ctx.tenantId, officer, ctx.userId],
    );
    return { items: rows.map(toView) };
  }
  async changes(payload: ById, ctx: RequestContext): Promise<{ items: AssessmentGroupChangeView[] }> {
    requireOfficer(ctx, '查看考核组调整记录');
    const exists = await this.dataSource.query(`SELECT 1 FROM assessment_groups WHERE tenant_id = $1 AND id = $2`, [ctx.tenantId, payload.id]);
    if (exists.length === 0) throw RpcError.notFound('考核组');
    const rows = await this.dataSource.query(
      `SELECT id, reason, changed_by AS "changedBy", changed_at AS "changedAt", assessors_added AS "assessorsAdded", assessors_removed AS "assessorsRemoved",
              cadres_added AS "cadresAdded", cadres_removed AS "cadresRemoved"
         FROM assessment_group_changes WHERE tenant_id = $1 AND group_id = $2 ORDER BY changed_at DESC`,
      [ctx.tenantId, payload.id],
    );
    return { items: rows.map((r: any) => ({ ...r, changedAt: r.changedAt.toISOString() })) };
  }

  /** The write and its `appraisal.group.updated` event, in one transaction. */
  async write(ctx: { tenantId: string }, work: (m: EntityManager) => Promise<any>, manager?: EntityManager): Promise<any> {
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
      if (isUniqueViolation(err)) throw RpcError.conflict('已有同名的考核组', [{ field: 'name', message: '名称已被使用' }]);
      throw err;
    }
  }

  private async checkCadres(tenantId: string, cadreIds: string[]): Promise<void> {
    const unknown = await this.cadres.unknown(tenantId, unique(cadreIds));
    if (unknown.length > 0) {
      throw RpcError.rule('考核对象中有不存在的干部', unknown.map((id) => ({ field: `cadreIds.${cadreIds.indexOf(id)}`, message: `干部 ${id} 不存在` })));
    }
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
