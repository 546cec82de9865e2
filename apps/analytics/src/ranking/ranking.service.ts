import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CompositeWeights,
  DEFAULT_COMPOSITE_WEIGHTS,
  isOfficer,
  isScopedReader,
  RankingsQuery,
  reachesCadre,
  readsPoliticalVerdict,
  RequestContext,
  TrendView,
} from '@cadre/contracts';
import type { ByCadre, ByCycle, CoordinatesView, RankingsView, RecomputeResult } from '@cadre/contracts';
import { Outbox, pageOfSnapshot, pageWindow, RpcError, snapshotCursor } from '@cadre/messaging';
import { ReaderScope, visibleRows } from '../access/reader-scope';
import { CalibrationRepository } from '../calibration/calibration.repository';
import { AnnualService } from '../annual/annual.service';
import { RecordsService } from '../records/records.service';
import { weightProblems } from './composite';
import { CycleSnapshotRepository } from './cycle-snapshot.repository';
import { CycleRow, FieldPart, RankingInput, RankingRepository } from './ranking.repository';
import { quadrantOf, splitFieldParts } from './ranking-rules';
import { TeamRankingService } from '../team-ranking/team-ranking.service';
import { RecomputeScheduler } from './recompute.scheduler';
import { trendOf } from './trend';

/** Parallel parts of a recompute (one per core of the database is the useful most). */
const RECOMPUTE_PARTS = 2;

/** Which roles may see comparative results: the department, assessors and unit leaders (not cadres, not voters). */
function requireReader(ctx: RequestContext): void {
  if (isOfficer(ctx) || ctx.roles.includes('assessor') || ctx.roles.includes('unit_leader')) return;
  throw new RpcError(403, '比对考核结果仅限组织部、考核组和单位领导查看');
}

/**
 * 比对考核: the composite of every cadre in a cycle, the vertical rank inside the team and the
 * horizontal rank inside the field, the coordinate map and the trend over the years.
 */
@Injectable()
export class RankingService {
  private readonly logger = new Logger('Ranking');

  constructor(
    private readonly repository: RankingRepository,
    private readonly outbox: Outbox,
    private readonly scheduler: RecomputeScheduler,
    private readonly scope: ReaderScope,
    private readonly snapshots: CycleSnapshotRepository,
    private readonly calibrations: CalibrationRepository,
    private readonly records: RecordsService,
    private readonly teams: TeamRankingService,
    private readonly annual: AnnualService,
  ) {}

  /**
   * Rewrites the cycle's rankings if it is dirty (or `force`), with one event per team and per field.
   * The state row stays locked for the whole recompute (inputs arriving meanwhile wait, then mark the
   * cycle dirty again). Ranks never cross a field, so the fields are split into RECOMPUTE_PARTS groups
   * of about equal size written in parallel transactions (PostgreSQL runs `INSERT … SELECT` without
   * parallel workers; two connections use both cores). A crash midway leaves the cycle dirty: the
   * job runs again and writes the same rows; events of that revision may then be published twice,
   * which a consumer (replacing what it holds for the scope) does not notice. Null when there was
   * nothing to do (not dirty, or the cycle is not known yet).
   */
  async recompute(
    tenantId: string,
    cycleId: string,
    force = false,
  ): Promise<{ revision: number; ranked: number } | null> {
    const started = Date.now();
    await this.repository.analyzeStaleInputs();
    const result = await this.outbox.transaction(async (m) => {
      const state = await this.repository.lockState(m, tenantId, cycleId);
      if (!state || !(state.dirty || force)) return null;
      // Inputs still arriving: the recompute waits for them to be quiet (one recompute per burst).
      if (!force && (await this.scheduler.deferIfBusy(m, tenantId, cycleId, state))) return null;
      // A sealed record never changes (docs/records.md): not ranked again while its rows hash to the seal.
      if (await this.records.isSealed(m, tenantId, cycleId)) {
        await this.repository.clearDirty(m, tenantId, cycleId);
        return null;
      }
      const cycle = await this.repository.findRecomputeCycle(m, tenantId, cycleId);
      if (!cycle) {
        await this.repository.clearDirty(m, tenantId, cycleId);
        return null; // its cycle event marks it again when it arrives
      }
      const revision = state.revision + 1;
      const computedAt = new Date().toISOString();
      // A closed or published cycle: from its snapshot, with the weights in force at its close.
      const frozen = await this.snapshots.findFreeze(m, tenantId, cycleId);
      const weights = frozen?.weights ?? (await this.weightsOf(tenantId, m));
      const input: RankingInput = { tenantId, cycleId, weights, cycle, frozen: !!frozen };
      // Rows of cadres who changed field (or left) first, so that no two parts touch the same row.
      if (frozen) await this.snapshots.deleteMovedRows(tenantId, cycleId);
      else await this.repository.deleteMovedRows(cycleId);
      const sizes = frozen
        ? await this.snapshots.fieldSizes(m, tenantId, cycleId)
        : await this.repository.fieldSizes(m, tenantId, cycle.unitIds);
      const parts = splitFieldParts(sizes, RECOMPUTE_PARTS);
      const counts = await Promise.all(
        parts.map((part) => this.outbox.transaction((p) => this.writePart(p, input, part, revision, computedAt))),
      );
      // The teams average their members' rows, which the parts have committed.
      await this.teams.write(m, tenantId, cycleId, cycle, revision, computedAt, frozen);
      await this.repository.finishRecompute(m, tenantId, cycleId, revision, computedAt);
      // Seals a cycle just published; the seal of a year's last periodic cycle makes the year's evaluation.
      if (await this.records.afterRecompute(m, tenantId, cycleId)) await this.annual.cycleSealed(m, tenantId, cycleId);
      return { revision, ranked: counts.reduce((a, b) => a + b, 0) };
    });
    if (result)
      this.logger.log(
        `cycle ${cycleId} ranked: ${result.ranked} cadres, revision ${result.revision}, ${Date.now() - started} ms`,
      );
    return result;
  }

  /** One part: its fields' rows, then the events of its teams and fields. Returns the rows written. */
  private async writePart(
    m: EntityManager,
    input: RankingInput,
    part: FieldPart,
    revision: number,
    computedAt: string,
  ): Promise<number> {
    const ranked = await this.repository.writePart(m, input, part);
    await this.calibrations.applyToPart(m, input.cycleId, part); // 校准: ranks on the calibrated composites
    const events = this.repository.recomputedEvents(input.cycleId, revision, computedAt, part);
    await this.outbox.addSelected(m, 'analytics.rankings.recomputed', input.tenantId, events.select, events.params);
    return ranked;
  }

  async recomputeByHand(ctx: RequestContext, payload: ByCycle): Promise<RecomputeResult> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以重新计算排名');
    await this.requireCycle(ctx.tenantId, payload.cycleId);
    await this.repository.ensureState(ctx.tenantId, payload.cycleId);
    const result = await this.recompute(ctx.tenantId, payload.cycleId, true);
    if (!result && (await this.records.isSealed(undefined, ctx.tenantId, payload.cycleId)))
      throw RpcError.conflict('考核周期已发布，结果已封存，不再重新计算');
    return result!;
  }

  async rankings(ctx: RequestContext, query: RankingsQuery): Promise<RankingsView> {
    requireReader(ctx);
    // A forged cursor is refused before anything else is looked at, as in every list.
    pageWindow(query, snapshotCursor('rankings'));
    await this.requireCycle(ctx.tenantId, query.cycleId);
    const vertical = query.scope === 'vertical';
    const scopeId = vertical ? query.teamId : query.fieldId;
    if (!scopeId)
      throw new RpcError(400, vertical ? '纵向排名需要 teamId' : '横向排名需要 fieldId', [
        { field: vertical ? 'teamId' : 'fieldId', message: '必须提供' },
      ]);
    // The revision first: rows of a later one then make a cursor that is refused, never one that skips rows.
    const state = await this.repository.revision(ctx.tenantId, query.cycleId);
    const rows = await this.repository.rankingList(
      ctx.tenantId,
      query.cycleId,
      vertical ? 'vertical' : 'horizontal',
      scopeId,
    );
    // Paged after the reader's scope has filtered it, in the ranking's own order (ties share a rank).
    const visible = visibleRows(ctx, rows, await this.scope.assigned(ctx));
    const page = pageOfSnapshot(visible, query, 'rankings', state?.revision ?? 0);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r) => ({
        cadreId: r.cadreId,
        name: r.name,
        composite: r.composite,
        rank: r.rank,
        percentile: r.percentile,
        ...(r.excluded ? { excluded: r.excluded } : {}),
        parts: { periodic: r.periodic, democratic: r.democratic, task: r.task, wartime: r.wartime },
      })),
      revision: state?.revision ?? 0,
      computedAt: state?.computedAt?.toISOString() ?? null,
    };
  }

  /** 坐标系: x = horizontal percentile (in the field), y = vertical percentile (in the team). */
  async coordinates(ctx: RequestContext, payload: ByCycle): Promise<CoordinatesView> {
    requireReader(ctx);
    await this.requireCycle(ctx.tenantId, payload.cycleId);
    const rows = await this.repository.coordinates(ctx.tenantId, payload.cycleId);
    const points = visibleRows(ctx, rows, await this.scope.assigned(ctx));
    return { points: points.map(({ unitId: _unit, ...r }) => ({ ...r, quadrant: quadrantOf(r.x, r.y) })) };
  }

  async trend(ctx: RequestContext, payload: ByCadre): Promise<TrendView> {
    // Anyone else (a cadre asking about another) is refused before the id is looked up, as before.
    if (!isOfficer(ctx) && !isScopedReader(ctx) && ctx.cadreId !== payload.cadreId)
      throw new RpcError(403, '只能查看本人的排名趋势');
    const cadre = await this.repository.findCadre(ctx.tenantId, payload.cadreId);
    // A leader outside their unit, an assessor outside their groups: as for an unknown id.
    const assigned = !!cadre && (await this.scope.assigned(ctx, [cadre.id])).has(cadre.id);
    if (!cadre || !reachesCadre(ctx, cadre, assigned)) throw RpcError.notFound('干部');
    // Cycles in which the gate stopped the cadre are left out for readers who may not learn the verdict.
    return trendOf(
      payload.cadreId,
      await this.repository.trendPoints(
        ctx.tenantId,
        [payload.cadreId],
        undefined,
        !readsPoliticalVerdict(ctx, assigned),
      ),
    );
  }

  async weights(ctx: RequestContext): Promise<CompositeWeights> {
    requireReader(ctx);
    return this.weightsOf(ctx.tenantId);
  }

  /** New weights re-rank every cycle of the tenant not closed yet; a closed one keeps those of its close. */
  async putWeights(ctx: RequestContext, w: CompositeWeights): Promise<CompositeWeights> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以设置综合评价权重');
    const problems = weightProblems(w);
    if (problems.length > 0) throw new RpcError(400, '权重设置有误', problems);
    await this.repository.saveWeights(ctx.tenantId, w);
    await this.scheduler.sweep(); // queues the cycles just marked
    return this.weightsOf(ctx.tenantId);
  }

  /** The tenant's weights, the defaults until it sets its own. */
  private async weightsOf(tenantId: string, m?: EntityManager): Promise<CompositeWeights> {
    return (await this.repository.findWeights(tenantId, m)) ?? DEFAULT_COMPOSITE_WEIGHTS;
  }

  /** The cycle of the tenant, or 404 (another tenant's cycle does not exist for the caller). */
  async requireCycle(tenantId: string, cycleId: string): Promise<CycleRow> {
    const cycle = await this.repository.findCycle(tenantId, cycleId);
    if (!cycle) throw RpcError.notFound('考核周期');
    return cycle;
  }
}
