import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { distributionOf, isOfficer } from '@cadre/contracts';
import type {
  ByCycle,
  CalibrationAdjustmentInput,
  CalibrationChangeView,
  CalibrationView,
  CycleGuidelineCommand,
  EventOf,
  GradeGuideline,
  RequestContext,
} from '@cadre/contracts';
import { Outbox, RpcError } from '@cadre/messaging';
import { RankingService } from '../ranking/ranking.service';
import { RecomputeScheduler } from '../ranking/recompute.scheduler';
import { adjustmentProblems, calibrationClosedReason, excellentRefused, guidelineOf } from './calibration-rules';
import { CalibrationChangeRow, CalibrationRepository } from './calibration.repository';

function requireOfficer(ctx: RequestContext, what: string): void {
  if (!isOfficer(ctx)) throw new RpcError(403, `只有组织部可以${what}`);
}

const changeView = (c: CalibrationChangeRow): CalibrationChangeView => ({
  ...c,
  at: new Date(c.at).toISOString(),
});

const shareProblems = (share: unknown, field = 'excellentMaxShare') =>
  typeof share === 'number' && share >= 0 && share <= 1 ? [] : [{ field, message: '必须是 0 到 1 之间的数' }];

/**
 * 校准 between close and publish: the department adjusts a cadre's grade or composite with a reason;
 * the original stays (the ranking row keeps the computed composite, the 切 grade is appraisal's), the
 * cycle is ranked again on the calibrated composites, and every change is kept in the trail. The 优秀
 * guideline is the tenant's (or the cycle's own); the appraisal service checks it at publish from the
 * calibrated grades this publishes (analytics.calibration.adjusted).
 */
@Injectable()
export class CalibrationService {
  constructor(
    private readonly repository: CalibrationRepository,
    private readonly ranking: RankingService,
    private readonly scheduler: RecomputeScheduler,
    private readonly outbox: Outbox,
  ) {}

  async view(ctx: RequestContext, payload: ByCycle): Promise<CalibrationView> {
    requireOfficer(ctx, '查看校准');
    await this.requireCycle(ctx.tenantId, payload.cycleId);
    const [rows, guidelines, changes] = await Promise.all([
      this.repository.items(ctx.tenantId, payload.cycleId),
      this.repository.guidelines(ctx.tenantId, payload.cycleId),
      this.repository.changes(ctx.tenantId, payload.cycleId),
    ]);
    const items = rows.map((r) => {
      const calibrated = {
        ...(r.calibratedComposite !== null ? { composite: r.calibratedComposite } : {}),
        ...(r.calibratedGrade !== null ? { grade: r.calibratedGrade } : {}),
      };
      return {
        cadreId: r.cadreId,
        name: r.name,
        teamId: r.teamId,
        fieldId: r.fieldId,
        composite: r.composite,
        grade: r.grade,
        calibrated: Object.keys(calibrated).length > 0 ? calibrated : null,
      };
    });
    return {
      cycleId: payload.cycleId,
      guideline: guidelineOf(guidelines),
      distribution: distributionOf(rows.map((r) => r.calibratedGrade ?? r.grade)),
      items,
      changes: changes.map(changeView),
    };
  }

  async adjust(ctx: RequestContext, input: CalibrationAdjustmentInput): Promise<CalibrationChangeView> {
    requireOfficer(ctx, '校准考核结果');
    await this.requireCycle(ctx.tenantId, input.cycleId);
    // The ids first (another tenant's is unknown, and named), then the rules, then the cycle's status.
    if (!(await this.repository.knowsCadre(ctx.tenantId, input.cadreId)))
      throw RpcError.rule('没有这名干部', [{ field: 'cadreId', message: '不是本单位花名册中的干部' }]);
    const problems = adjustmentProblems(input);
    if (problems.length > 0) throw RpcError.rule('校准有误', problems);
    await this.requireCalibratable(ctx.tenantId, input.cycleId);
    const field = input.grade !== undefined ? 'grade' : 'composite';
    const to = (input.grade ?? input.composite)!;
    const change = await this.outbox.transaction(async (m) => {
      await this.repository.lockCycle(m, input.cycleId);
      await this.requireCalibratable(ctx.tenantId, input.cycleId, m); // not published meanwhile
      const target = await this.repository.target(m, ctx.tenantId, input.cycleId, input.cadreId);
      if (!target)
        throw RpcError.rule('该干部不在本考核周期的排名中', [
          { field: 'cadreId', message: '不是本周期参加排名的干部' },
        ]);
      if (excellentRefused(input.grade, target.verdict))
        throw RpcError.rule('首关不过，余关莫论：政治清单结论为“关注”或“不合格”的干部不能校准为优秀', [
          { field: 'grade', message: '政治把关未通过，不能为 excellent（优秀）' },
        ]);
      const from =
        field === 'grade' ? (target.calibratedGrade ?? target.grade) : (target.calibratedComposite ?? target.composite);
      if (from === to) throw RpcError.rule('校准值与当前值相同', [{ field, message: `当前已是 ${String(to)}` }]);
      await this.repository.setCalibrated(m, ctx.tenantId, input.cycleId, input.cadreId, field, to);
      const row = (await this.repository.addChange(m, ctx.tenantId, input.cycleId, {
        id: randomUUID(),
        cadreId: input.cadreId,
        field,
        from,
        to,
        reason: input.reason!.trim(),
        actor: ctx.username,
      }))!;
      await this.outbox.add(m, {
        type: 'analytics.calibration.adjusted',
        tenantId: ctx.tenantId,
        aggregateId: input.cycleId,
        data: {
          cycleId: input.cycleId,
          changeId: row.id,
          cadreId: input.cadreId,
          field,
          from,
          to,
          reason: row.reason,
          at: new Date(row.at).toISOString(),
        },
      });
      // Marked in the same transaction: should the recompute below fail, the debounced one ranks it.
      if (field === 'composite') await this.scheduler.mark(m, { tenantId: ctx.tenantId }, [input.cycleId]);
      return row;
    });
    // Ranked again now, not after the debounce: the table answered next shows the new ranks.
    if (field === 'composite') await this.ranking.recomputeByHand(ctx, { cycleId: input.cycleId });
    return changeView(change);
  }

  async gradeGuideline(ctx: RequestContext): Promise<GradeGuideline> {
    requireOfficer(ctx, '查看优秀等次指导比例');
    return { excellentMaxShare: guidelineOf(await this.repository.guidelines(ctx.tenantId, null)).excellentMaxShare };
  }

  async putGradeGuideline(ctx: RequestContext, guideline: GradeGuideline): Promise<GradeGuideline> {
    requireOfficer(ctx, '设置优秀等次指导比例');
    const problems = shareProblems(guideline.excellentMaxShare);
    if (problems.length > 0) throw new RpcError(400, '指导比例有误', problems);
    await this.outbox.transaction(async (m) => {
      await this.repository.putTenantGuideline(m, ctx.tenantId, guideline.excellentMaxShare, ctx.username);
      await this.guidelineEvent(m, ctx.tenantId, null, guideline.excellentMaxShare);
    });
    return { excellentMaxShare: guideline.excellentMaxShare };
  }

  /** A cycle's own guideline, kept in the cycle's trail with its reason. */
  async putCycleGuideline(ctx: RequestContext, command: CycleGuidelineCommand): Promise<CalibrationView['guideline']> {
    requireOfficer(ctx, '设置本周期的优秀等次指导比例');
    const problems = [
      ...shareProblems(command.excellentMaxShare),
      ...(!command.reason || command.reason.trim() === '' ? [{ field: 'reason', message: '必须说明理由' }] : []),
    ];
    if (problems.length > 0) throw RpcError.rule('指导比例有误', problems);
    const cycle = await this.requireCycle(ctx.tenantId, command.cycleId);
    if (cycle.status === 'published') throw RpcError.conflict('考核周期已发布，不能再改指导比例');
    return this.outbox.transaction(async (m) => {
      await this.repository.lockCycle(m, command.cycleId);
      const before = guidelineOf(await this.repository.guidelines(ctx.tenantId, command.cycleId, m));
      await this.repository.putCycleGuideline(m, ctx.tenantId, command.cycleId, command.excellentMaxShare);
      const after = guidelineOf(await this.repository.guidelines(ctx.tenantId, command.cycleId, m));
      await this.repository.addChange(m, ctx.tenantId, command.cycleId, {
        id: randomUUID(),
        cadreId: null,
        field: 'guideline',
        from: before.excellentMaxShare,
        to: after.excellentMaxShare,
        reason: command.reason.trim(),
        actor: ctx.username,
      });
      await this.guidelineEvent(m, ctx.tenantId, command.cycleId, command.excellentMaxShare);
      return after;
    });
  }

  /**
   * appraisal.cycle.published, in the consumer's transaction: a publish over the guideline is kept in
   * the trail with its reason, under the event's id (a redelivery adds nothing).
   */
  async published(m: EntityManager, event: EventOf<'appraisal.cycle.published'>): Promise<void> {
    const override = event.data.override;
    if (!override) return;
    await this.repository.addChange(m, event.tenantId, event.data.id, {
      id: event.id,
      cadreId: null,
      field: 'publish_override',
      from: override.excellentShare,
      to: override.excellentMaxShare,
      reason: override.reason,
      actor: event.actor?.username ?? event.actor?.userId ?? 'system',
      at: event.occurredAt,
    });
  }

  private async guidelineEvent(m: EntityManager, tenantId: string, cycleId: string | null, share: number | null) {
    await this.outbox.add(m, {
      type: 'analytics.grade_guideline.updated',
      tenantId,
      aggregateId: tenantId,
      data: { tenantId, cycleId, excellentMaxShare: share },
    });
  }

  private async requireCycle(tenantId: string, cycleId: string, m?: EntityManager): Promise<{ status: string }> {
    const cycle = await this.repository.findCycle(tenantId, cycleId, m);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }

  private async requireCalibratable(tenantId: string, cycleId: string, m?: EntityManager): Promise<void> {
    const reason = calibrationClosedReason((await this.requireCycle(tenantId, cycleId, m)).status);
    if (reason) throw RpcError.conflict(reason);
  }
}
