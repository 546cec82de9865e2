import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { GRADE_NAMES } from '@cadre/contracts';
import type {
  AppraisalView,
  ApplyContent,
  AskContent,
  ListAppraisalsQuery,
  Page,
  RecordStepCommand,
  RequestContext,
} from '@cadre/contracts';
import { Outbox, pageWindow, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { Access, isOfficer } from '../access/access';
import { inScope, missingBefore, STATUS_NAMES, STEP_NAMES, withStep } from '../cycles/cycle-rules';
import type { CycleRow } from '../cycles/cycles.repository';
import { CyclesService } from '../cycles/cycles.service';
import { CadresProjection } from '../projections/cadres-projection.repository';
import { appraisalViews, gateRefuses, resultOf, VERDICT_NAMES } from './step-rules';
import { AppraisalReach, StepsRepository } from './steps.repository';

/**
 * 望闻问切 per assessee in a periodic cycle. Only the assessors assigned to the cadre (and the
 * organization department) write; steps come in order and may be recorded again while the cycle
 * is open; a closed cycle is read-only. The political gate (首关不过,余关莫论) is enforced here too:
 * `excellent` is refused while the political verdict is `attention` or `fail`.
 */
@Injectable()
export class StepsService {
  constructor(
    private readonly steps: StepsRepository,
    private readonly outbox: Outbox,
    private readonly cycles: CyclesService,
    private readonly cadres: CadresProjection,
    private readonly access: Access,
  ) {}

  async record(ctx: RequestContext, command: RecordStepCommand): Promise<AppraisalView> {
    const cycle = await this.cycles.require(ctx.tenantId, command.cycleId);
    const cadre = await this.cadres.require(ctx.tenantId, command.cadreId);
    this.access.hideFromLeader(ctx, cadre);
    await this.access.writeStep(ctx, cadre.id);
    if (cycle.kind !== 'periodic') throw RpcError.rule('随机考核不分望闻问切，请在战时档案中记录干部表现');
    if (cycle.status !== 'open') {
      throw RpcError.conflict(
        cycle.status === 'scheduled'
          ? '考核周期尚未开启，不能填写考核记录'
          : `考核周期${STATUS_NAMES[cycle.status]}，考核记录只读`,
      );
    }
    if (!inScope(cycle, cadre.unitId)) throw RpcError.rule('该干部所在单位不在本考核周期范围内');

    await this.outbox.transaction(async (m) => {
      const appraisal = await this.steps.lockAppraisal(m, ctx.tenantId, randomUUID(), cycle.id, cadre.id);
      const missing = missingBefore(command.step, appraisal.completedSteps);
      if (missing)
        throw RpcError.rule(`请先完成“${STEP_NAMES[missing]}”，再填写“${STEP_NAMES[command.step]}”`, [
          { field: 'step', message: `需要先完成 ${missing}` },
        ]);
      let result: ApplyContent | null = null;
      if (command.step === 'apply') {
        result = command.content as ApplyContent;
        const verdict = await this.cadres.verdict(ctx.tenantId, cadre.id, m);
        if (gateRefuses(result.grade, verdict)) {
          throw RpcError.rule(
            `政治体检结论为“${VERDICT_NAMES[verdict]}”，不能评为${GRADE_NAMES.excellent}（首关不过，余关莫论）`,
            [{ field: 'content.grade', message: `政治体检结论为${VERDICT_NAMES[verdict]}时不能评为优秀` }],
          );
        }
      }
      const completed = withStep(appraisal.completedSteps, command.step);
      await this.steps.upsertStep(m, ctx.tenantId, appraisal.id, command.step, command.content, ctx.username);
      await this.steps.updateAppraisal(m, ctx.tenantId, appraisal.id, completed, result);
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
          result: resultOf(result),
          // The 问 step's findings travel with it, so analytics' dossier needs no call back.
          ...(command.step === 'ask' ? { problems: (command.content as AskContent).problems } : {}),
        },
      });
    });
    const [view] = await this.views(ctx.tenantId, cycle, [cadre.id]);
    return view;
  }

  async list(ctx: RequestContext, query: ListAppraisalsQuery): Promise<Page<AppraisalView>> {
    const cycle = await this.cycles.require(ctx.tenantId, query.cycleId);
    const published = cycle.status === 'published';
    if (query.cadreId) {
      this.access.hideFromLeader(ctx, await this.cadres.require(ctx.tenantId, query.cadreId));
      await this.access.readAppraisal(ctx, query.cadreId, published);
      return { items: await this.views(ctx.tenantId, cycle, [query.cadreId]), nextCursor: null };
    }
    const { limit, after: key } = pageWindow(query, [cursorPart.uuid]);
    let reach: AppraisalReach = null;
    if (!isOfficer(ctx)) {
      if (ctx.roles.includes('assessor')) reach = { assessorUserId: ctx.userId };
      else if (published && ctx.cadreId) reach = { cadreId: ctx.cadreId };
      else throw new RpcError(403, published ? '只能查看本人的考核记录' : '考核结果发布前仅限组织部和考核组查看');
    }
    const after = key?.[0];
    const ids = await this.steps.listCadreIds(ctx.tenantId, {
      cycleId: cycle.id,
      unitIds: cycle.unitIds,
      reach,
      after,
      limit: limit + 1,
    });
    const page = toPage(
      ids,
      limit,
      (id) => [id],
      (id) => id,
    );
    return { items: await this.views(ctx.tenantId, cycle, page.items), nextCursor: page.nextCursor };
  }

  /** Views of the cadres' appraisals in the cycle, in the order of `cadreIds`. */
  async views(tenantId: string, cycle: CycleRow, cadreIds: string[]): Promise<AppraisalView[]> {
    if (cadreIds.length === 0) return [];
    const rows = await this.steps.appraisals(tenantId, cycle.id, cadreIds);
    const steps = await this.steps.steps(
      tenantId,
      rows.map((r) => r.id).filter((id): id is string => !!id),
    );
    const democratic = await this.steps.democratic(tenantId, cycle.id, cadreIds);
    return appraisalViews(cycle.id, rows, steps, democratic);
  }
}
