import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AppraisalStep,
  AppraisalView,
  ApplyContent,
  DemocraticResultView,
  GRADE_NAMES,
  RecordStepCommand,
  RequestContext,
} from '@cadre/contracts';
import type { ListAppraisalsQuery, Page } from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, pageSize } from '@cadre/persistence';
import { Access, isOfficer } from '../access/access';
import { missingBefore, nextStep, STATUS_NAMES, STEP_NAMES, withStep } from '../cycles/cycle-rules';
import { CycleRow, CyclesService } from '../cycles/cycles.service';
import { CadresProjection } from '../projections/cadres.projection';

const VERDICT_NAMES = { pass: '通过', attention: '需关注', fail: '不通过' } as const;

interface AppraisalRow {
  id: string | null;
  cadreId: string;
  cadreName: string;
  completedSteps: AppraisalStep[] | null;
  verdict: 'pass' | 'attention' | 'fail' | null;
}

/**
 * 望闻问切 per assessee in a periodic cycle. Only the assessors assigned to the cadre (and the
 * organization department) write; steps come in order and may be recorded again while the cycle
 * is open; a closed cycle is read-only. The political gate (首关不过,余关莫论) is enforced here too:
 * `excellent` is refused while the political verdict is `attention` or `fail`.
 */
@Injectable()
export class StepsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
  ) {}
  async record(command: RecordStepCommand, ctx: RequestContext): Promise<AppraisalView> {
    const cycle = await this.cycles.require(ctx.tenantId, command.cycleId);
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    this.access.hideFromLeader(ctx, cadre);
    await this.access.writeStep(ctx, cadre.id);
    if (cycle.kind !== 'periodic') throw RpcError.rule('随机考核不分望闻问切，请在战时档案中记录干部表现');
    if (cycle.status !== 'open') {
      throw RpcError.conflict(cycle.status === 'scheduled' ? '考核周期尚未开启，不能填写考核记录' : `考核周期${STATUS_NAMES[cycle.status]}，考核记录只读`);
    }
    if (!inScope(cycle, cadre.unitId)) throw RpcError.rule('该干部所在单位不在本考核周期范围内');

    await this.outbox.transaction(async (m) => {
      const appraisal = await this.lockAppraisal(m, cycle, cadre.id);
      const missing = missingBefore(command.step, appraisal.completedSteps);
      if (missing) throw RpcError.rule(`请先完成“${STEP_NAMES[missing]}”，再填写“${STEP_NAMES[command.step]}”`, [{ field: 'step', message: `需要先完成 ${missing}` }]);
      let result: ApplyContent | null = null;
      if (command.step === 'apply') {
        result = command.content as ApplyContent;
        const verdict = await this.cadres.verdict(ctx.tenantId, cadre.id, m);
        if (result.grade === 'excellent' && verdict !== 'pass') {
          throw RpcError.rule(`政治体检结论为“${VERDICT_NAMES[verdict]}”，不能评为${GRADE_NAMES.excellent}（首关不过，余关莫论）`, [
            { field: 'content.grade', message: `政治体检结论为${VERDICT_NAMES[verdict]}时不能评为优秀` },
          ]);
        }
      }
      const completed = withStep(appraisal.completedSteps, command.step);
      await m.query(
        `INSERT INTO appraisal_steps (appraisal_id, step, tenant_id, content, recorded_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (appraisal_id, step) DO UPDATE SET content = EXCLUDED.content, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
        [appraisal.id, command.step, ctx.tenantId, JSON.stringify(command.content), ctx.username],
      );
      await m.query(
        `UPDATE appraisals SET completed_steps = $2, updated_at = now(),
                score = CASE WHEN $3 THEN $4 ELSE score END, grade = CASE WHEN $3 THEN $5 ELSE grade END, suggestion = CASE WHEN $3 THEN $6 ELSE suggestion END
          WHERE id = $1`,
        [appraisal.id, completed, !!result, result?.score ?? null, result?.grade ?? null, result?.suggestion ?? null],
      );
      await this.outbox.add(m, {
        type: 'appraisal.step.recorded',
        tenantId: ctx.tenantId,
        aggregateId: appraisal.id,
        data: {
          appraisalId: appraisal.id,
          cycleId: cycle.id,
          cycleKind: cycle.kind,
          cadreId: cadre.id,
          step: command.step,
          completedSteps: completed,
          result: result ? { score: result.score, grade: result.grade, strengths: result.strengths, weaknesses: result.weaknesses, traits: result.traits, suggestion: result.suggestion } : null,
        },
      });
    });
    const [view] = await this.views(ctx.tenantId, cycle, [cadre.id]);
    return view;
  }
  async list(query: ListAppraisalsQuery, ctx: RequestContext): Promise<Page<AppraisalView>> {
    const cycle = await this.cycles.require(ctx.tenantId, query.cycleId);
    const published = cycle.status === 'published';
    if (query.cadreId) {
      this.access.hideFromLeader(ctx, await this.cadres.require(ctx.tenantId, query.cadreId));
      await this.access.readAppraisal(ctx, query.cadreId, published);
      return { items: await this.views(ctx.tenantId, cycle, [query.cadreId]), nextCursor: null };
    }
    const limit = pageSize(query.limit);
    const params: unknown[] = [ctx.tenantId, cycle.unitIds];
    const where = [`c.tenant_id = $1`, `($2::uuid[] IS NULL OR c.unit_id = ANY ($2))`, `(c.status = 'active' OR EXISTS (SELECT 1 FROM appraisals a WHERE a.cycle_id = $${params.push(cycle.id)} AND a.cadre_id = c.id))`];
    if (!isOfficer(ctx)) {
      if (ctx.roles.includes('assessor')) {
        where.push(`EXISTS (SELECT 1 FROM assessment_groups g WHERE g.tenant_id = c.tenant_id AND $${params.push(ctx.userId)} = ANY (g.assessor_user_ids) AND c.id = ANY (g.cadre_ids))`);
      } else if (published && ctx.cadreId) {
        where.push(`c.id = $${params.push(ctx.cadreId)}`);
      } else {
        throw new RpcError(403, published ? '只能查看本人的考核记录' : '考核结果发布前仅限组织部和考核组查看');
      }
    }
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.uuid]);
      if (!key) throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      where.push(`c.id > $${params.push(key[0])}::uuid`);
    }
    const ids: Array<{ id: string }> = await this.dataSource.query(`SELECT c.id FROM cadres c WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ${limit + 1}`, params);
    const page = ids.slice(0, limit).map((r) => r.id);
    return { items: await this.views(ctx.tenantId, cycle, page), nextCursor: ids.length > limit ? encodeCursor([page[page.length - 1]]) : null };
  }

  /** The appraisal row of (cycle, cadre), made on first use and locked for the step being written. */
  private async lockAppraisal(m: EntityManager, cycle: CycleRow, cadreId: string): Promise<{ id: string; completedSteps: AppraisalStep[] }> {
    await m.query(`INSERT INTO appraisals (id, tenant_id, cycle_id, cadre_id) VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id, cadre_id) DO NOTHING`, [randomUUID(), cycle.tenantId, cycle.id, cadreId]);
    const [row] = await m.query(`SELECT id, completed_steps AS "completedSteps" FROM appraisals WHERE cycle_id = $1 AND cadre_id = $2 FOR UPDATE`, [cycle.id, cadreId]);
    return row;
  }

  /** Views of the cadres' appraisals in the cycle, in the order of `cadreIds`. */
  async views(tenantId: string, cycle: CycleRow, cadreIds: string[]): Promise<AppraisalView[]> {
    if (cadreIds.length === 0) return [];
    const rows: AppraisalRow[] = await this.dataSource.query(
      `SELECT a.id, c.id AS "cadreId", c.name AS "cadreName", a.completed_steps AS "completedSteps", v.verdict
         FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, n)
         JOIN cadres c ON c.tenant_id = $1 AND c.id = u.id
         LEFT JOIN appraisals a ON a.cycle_id = $2 AND a.cadre_id = c.id
         LEFT JOIN political_verdicts v ON v.tenant_id = $1 AND v.cadre_id = c.id
        ORDER BY u.n`,
      [tenantId, cycle.id, cadreIds],
    );
    const appraisalIds = rows.map((r) => r.id).filter((id): id is string => !!id);
    const steps: Array<{ appraisalId: string; step: AppraisalStep; content: unknown; recordedBy: string; recordedAt: Date }> = appraisalIds.length
      ? await this.dataSource.query(
          `SELECT appraisal_id AS "appraisalId", step, content, recorded_by AS "recordedBy", recorded_at AS "recordedAt" FROM appraisal_steps WHERE appraisal_id = ANY ($1::uuid[])`,
          [appraisalIds],
        )
      : [];
    const democratic: Array<DemocraticResultView & { cadreId: string }> = await this.dataSource.query(
      `SELECT cadre_id AS "cadreId", campaign_id AS "campaignId", ballots, excellent_rate AS "excellentRate", score, grade_counts AS "gradeCounts"
         FROM democratic_results WHERE tenant_id = $1 AND cycle_id = $2 AND cadre_id = ANY ($3::uuid[]) ORDER BY campaign_id`,
      [tenantId, cycle.id, cadreIds],
    );
    return rows.map((r) => {
      const completed = r.completedSteps ?? [];
      const mine = steps.filter((s) => s.appraisalId === r.id);
      return {
        id: r.id,
        cycleId: cycle.id,
        cadreId: r.cadreId,
        cadreName: r.cadreName,
        completedSteps: completed,
        nextStep: nextStep(completed),
        steps: Object.fromEntries(mine.map((s) => [s.step, { content: s.content, recordedBy: s.recordedBy, recordedAt: s.recordedAt.toISOString() }])),
        democratic: democratic.filter((d) => d.cadreId === r.cadreId).map(({ cadreId: _c, ...d }) => d),
        politicalVerdict: r.verdict ?? 'pass',
      } as AppraisalView;
    });
  }
}

export function inScope(cycle: { unitIds: string[] | null }, unitId: string): boolean {
  return !cycle.unitIds || cycle.unitIds.includes(unitId);
}
