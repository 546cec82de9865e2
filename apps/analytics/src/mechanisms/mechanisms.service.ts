import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  AdjustmentBatchDetailView,
  AdjustmentBatchesView,
  AdjustmentBatchInput,
  AdjustmentBatchView,
  AdjustmentMove,
  BatchQuery,
  ById,
  RequestPattern,
  RequestPayload,
  RequestReply,
  ScenarioBatchCommand,
  ScenarioInput,
  ScenarioView,
  SelectionPeriodView,
  SelectionStatisticsQuery,
  CyclePageQuery,
  Page,
  PageQuery,
  RecordedTalkView,
  RequestContext,
  SandboxCommand,
  SandboxView,
  SelectionTag,
  SelectionView,
  TalkInput,
  TalksQuery,
  TalkView,
  UnderperformersView,
} from '@cadre/contracts';
import { ROSTER_REQUESTS } from '@cadre/contracts';
import {
  pageOfSnapshot,
  pageWindow,
  requireOfficer,
  RpcError,
  RpcFailure,
  ServiceClient,
  snapshotCursor,
  toPage,
} from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { RankingRepository } from '../ranking/ranking.repository';
import { RankingService } from '../ranking/ranking.service';
import { pointsByCadre, trendOf } from '../ranking/trend';
import { SELECTION_PERCENTILE, selectionTags, share, underperformerReasons } from './follow-up';
import { BatchRow, MechanismsRepository, ScenarioRow } from './mechanisms.repository';
import { DEFAULT_YOUNG_AGE_LIMIT, moveProblems, selectionStatistics } from './selection-statistics';
import { areas, teamMetrics } from './team-metrics';

function toBatchView(b: BatchRow): AdjustmentBatchView {
  return { ...b, decidedAt: b.decidedAt ? new Date(b.decidedAt).toISOString() : null };
}

function toScenarioView(s: ScenarioRow): ScenarioView {
  return { ...s, createdAt: new Date(s.createdAt).toISOString() };
}

/**
 * The three mechanisms that use the results: selection (考用结合) with adjustment batches and their
 * statistics, follow-up (考管联动) with the under-performer list and recorded talks, and the team
 * sandbox (选配沙盘) that compares teams before and after hypothetical moves without changing anything.
 */
@Injectable()
export class MechanismsService {
  constructor(
    private readonly repository: MechanismsRepository,
    private readonly rankings: RankingService,
    private readonly rankingRepository: RankingRepository,
    private readonly rpc: ServiceClient,
  ) {}

  async candidates(ctx: RequestContext, payload: CyclePageQuery): Promise<SelectionView> {
    requireOfficer(ctx, '查看选拔任用人选');
    pageWindow(payload, snapshotCursor('selection'));
    const cycle = await this.rankings.requireCycle(ctx.tenantId, payload.cycleId);
    // Computed from the rankings: their revision versions the cursor (read first, as for the rankings).
    const revision = (await this.rankingRepository.revision(ctx.tenantId, cycle.id))?.revision ?? 0;
    const rows = await this.repository.selectionCandidates(ctx.tenantId, cycle.id, SELECTION_PERCENTILE);
    const items = rows.map((r) => ({
      cadreId: r.cadreId,
      name: r.name,
      composite: r.composite,
      horizontalPercentile: r.horizontalPercentile,
      verticalRank: r.verticalRank,
      tags: selectionTags(r, cycle.year),
    }));
    const count = (tag: SelectionTag) => items.filter((i) => i.tags.includes(tag)).length;
    return {
      cycleId: cycle.id,
      rule: `横向排名前 ${100 - SELECTION_PERCENTILE}%、政治体检通过`,
      ...pageOfSnapshot(items, payload, 'selection', revision),
      stats: {
        candidates: items.length,
        youngShare: share(count('young'), items.length),
        femaleShare: share(count('female'), items.length),
        wartimeDistinguishedShare: share(count('wartime_distinguished'), items.length),
      },
    };
  }

  /**
   * A batch of moves (or, the old form, of ids): every cadre, unit and team the tenant's, a team in
   * the unit named. Where a move names no unit, the cadre's (or its team's) is written into it, so the
   * statistics know where the cadre went whatever happens after.
   */
  async addBatch(ctx: RequestContext, payload: AdjustmentBatchInput): Promise<AdjustmentBatchDetailView> {
    requireOfficer(ctx, '记录干部调整批次');
    if (payload.moves && payload.cadreIds)
      throw new RpcError(400, '调整方案和名单只能给出一种', [
        { field: 'cadreIds', message: '已给出 moves（调整方案）时不能再给 cadreIds' },
      ]);
    const id = randomUUID();
    if (payload.moves) {
      const moves = await this.resolveMoves(ctx.tenantId, payload.moves);
      await this.repository.insertBatch({
        id,
        tenantId: ctx.tenantId,
        name: payload.name,
        decidedOn: payload.decidedOn,
        cadreIds: moves.map((m) => m.cadreId),
        moves,
        scenarioId: payload.scenarioId ?? null,
        note: payload.note ?? null,
        createdBy: ctx.username,
      });
      return this.batch(ctx, { id });
    }
    const cadreIds = [...new Set(payload.cadreIds ?? [])];
    const known = await this.repository.existingCadres(ctx.tenantId, cadreIds);
    const unknown = cadreIds.filter((id) => !known.includes(id));
    if (unknown.length)
      throw RpcError.rule(
        '调整名单中有不存在的干部',
        unknown.map((id) => ({ field: `cadreIds.${payload.cadreIds!.indexOf(id)}`, message: `干部 ${id} 不存在` })),
      );
    await this.repository.insertBatch({
      id,
      tenantId: ctx.tenantId,
      name: payload.name,
      decidedOn: payload.decidedOn,
      cadreIds,
      moves: null,
      note: payload.note ?? null,
      createdBy: ctx.username,
    });
    return this.batch(ctx, { id });
  }

  /** The batches and what they add up to, e.g. "8 批次, 130 名干部, 年轻干部 22%, 战时表现突出 64%". */
  async batches(ctx: RequestContext, query: PageQuery): Promise<AdjustmentBatchesView> {
    requireOfficer(ctx, '查看干部调整批次');
    const { limit, after } = pageWindow(query, [cursorPart.date, cursorPart.timestamp, cursorPart.uuid]);
    const youngAgeLimit = await this.youngAgeLimit(ctx);
    const rows = await this.repository.batches(ctx.tenantId, youngAgeLimit, { after, limit: limit + 1 });
    const all = await this.repository.batchTotals(ctx.tenantId, youngAgeLimit);
    return {
      ...toPage(
        rows,
        limit,
        (b) => [b.decidedOn, b.sortKey, b.id],
        ({ sortKey: _sortKey, ...b }) => toBatchView(b),
      ),
      stats: {
        batches: all.batches,
        cadres: all.cadres,
        youngShare: share(all.young, all.cadres),
        wartimeDistinguishedShare: share(all.distinguished, all.cadres),
      },
    };
  }

  /** One batch with its statistics (distinguished in `topic` when asked). */
  async batch(ctx: RequestContext, payload: BatchQuery): Promise<AdjustmentBatchDetailView> {
    requireOfficer(ctx, '查看干部调整批次');
    const youngAgeLimit = await this.youngAgeLimit(ctx);
    const [row] = await this.repository.batches(ctx.tenantId, youngAgeLimit, { id: payload.id, limit: 1 });
    if (!row) throw RpcError.notFound('调整批次');
    const { sortKey: _sortKey, ...batch } = row;
    const excellenceCycleId = await this.repository.latestPublishedPeriodic(ctx.tenantId);
    const topic = payload.topic ?? null;
    const rows = await this.repository.adjustedCadres(ctx.tenantId, { batchId: batch.id }, excellenceCycleId, topic);
    return {
      ...toBatchView(batch),
      statistics: selectionStatistics(rows, { youngAgeLimit, excellenceCycleId, topic }),
    };
  }

  /**
   * 决定: the batch's moves become transfers in the roster (its own rules and events), each with the
   * batch as its reason. Irreversible; a second decide is 409 and moves nobody — the roster skips a
   * cadre the batch moved already, so a decide retried after a lost answer does not move twice either.
   */
  async decideBatch(ctx: RequestContext, payload: ById): Promise<AdjustmentBatchDetailView> {
    requireOfficer(ctx, '决定干部调整批次');
    const youngAgeLimit = await this.youngAgeLimit(ctx);
    const [batch] = await this.repository.batches(ctx.tenantId, youngAgeLimit, { id: payload.id, limit: 1 });
    if (!batch) throw RpcError.notFound('调整批次');
    if (batch.status === 'decided') throw RpcError.conflict('调整批次已经决定，不能再次决定（决定不可撤销）');
    if (!batch.moves) throw RpcError.conflict('该批次只记录了干部名单、没有调整方案，不能执行');
    await this.ask(ctx, ROSTER_REQUESTS.applyBatch, {
      batchId: batch.id,
      batchName: batch.name,
      moves: batch.moves.map((m) => ({
        cadreId: m.cadreId,
        kind: m.kind,
        ...(m.toUnitId ? { unitId: m.toUnitId } : {}),
        ...(m.toTeamId ? { teamId: m.toTeamId } : {}),
        ...(m.toPosition ? { position: m.toPosition } : {}),
        effectiveDate: m.effectiveDate,
      })),
    });
    if ((await this.repository.markDecided(ctx.tenantId, batch.id, ctx.username)) === 0)
      throw RpcError.conflict('调整批次已经决定，不能再次决定（决定不可撤销）');
    return this.batch(ctx, payload);
  }

  /** The statistics of the cadres adjusted with effect in a period (old batches: by their decision date). */
  async statistics(ctx: RequestContext, payload: SelectionStatisticsQuery): Promise<SelectionPeriodView> {
    requireOfficer(ctx, '查看干部调整统计');
    if (payload.from > payload.to)
      throw new RpcError(400, '统计区间不正确', [{ field: 'to', message: '不得早于 from（YYYY-MM-DD）' }]);
    const youngAgeLimit = await this.youngAgeLimit(ctx);
    const excellenceCycleId = await this.repository.latestPublishedPeriodic(ctx.tenantId);
    const topic = payload.topic ?? null;
    const scope = { from: payload.from, to: payload.to };
    const rows = await this.repository.adjustedCadres(ctx.tenantId, scope, excellenceCycleId, topic);
    return {
      from: payload.from,
      to: payload.to,
      batches: await this.repository.batchesIn(ctx.tenantId, payload.from, payload.to),
      ...selectionStatistics(rows, { youngAgeLimit, excellenceCycleId, topic }),
    };
  }

  /** 选配沙盘: keeps the moves tried under a name (checked as the sandbox checks them). */
  async saveScenario(ctx: RequestContext, payload: ScenarioInput): Promise<ScenarioView> {
    requireOfficer(ctx, '保存沙盘方案');
    await this.sandbox(ctx, { moves: payload.moves });
    const id = randomUUID();
    await this.repository.insertScenario({
      id,
      tenantId: ctx.tenantId,
      name: payload.name,
      moves: payload.moves.map((m) => ({ cadreId: m.cadreId, toTeamId: m.toTeamId })),
      note: payload.note ?? null,
      createdBy: ctx.username,
    });
    return this.scenario(ctx, { id });
  }

  async scenarios(ctx: RequestContext, query: PageQuery): Promise<Page<ScenarioView>> {
    requireOfficer(ctx, '查看沙盘方案');
    const { limit, after } = pageWindow(query, [cursorPart.timestamp, cursorPart.uuid]);
    const rows = await this.repository.scenarios(ctx.tenantId, { before: after, limit: limit + 1 });
    return toPage(
      rows,
      limit,
      (r) => [r.sortKey, r.id],
      ({ sortKey: _sortKey, ...r }) => toScenarioView(r),
    );
  }

  async scenario(ctx: RequestContext, payload: ById): Promise<ScenarioView> {
    requireOfficer(ctx, '查看沙盘方案');
    const [row] = await this.repository.scenarios(ctx.tenantId, { id: payload.id, limit: 1 });
    if (!row) throw RpcError.notFound('沙盘方案');
    const { sortKey: _sortKey, ...scenario } = row;
    return toScenarioView(scenario);
  }

  /** A scenario becomes a (draft) batch: each move into its team, of `kind` (调整 unless told). */
  async scenarioBatch(ctx: RequestContext, payload: ScenarioBatchCommand): Promise<AdjustmentBatchDetailView> {
    const scenario = await this.scenario(ctx, { id: payload.id });
    return this.addBatch(ctx, {
      name: payload.name,
      decidedOn: payload.decidedOn,
      note: payload.note,
      scenarioId: scenario.id,
      moves: scenario.moves.map((m) => ({
        cadreId: m.cadreId,
        kind: payload.kind ?? 'adjust',
        toTeamId: m.toTeamId,
        effectiveDate: payload.effectiveDate,
      })),
    });
  }

  /** The tenant's 年轻干部 limit, as the roster keeps it (its settings). */
  private async youngAgeLimit(ctx: RequestContext): Promise<number> {
    return (await this.ask(ctx, ROSTER_REQUESTS.getSettings, {})).youngAgeLimit ?? DEFAULT_YOUNG_AGE_LIMIT;
  }

  /** A question to the roster; its refusal is this request's (the same status, fields and detail). */
  private async ask<P extends RequestPattern>(
    ctx: RequestContext,
    pattern: P,
    payload: RequestPayload<P>,
  ): Promise<RequestReply<P>> {
    // The roster makes a batch idempotent itself (by the batch); this request's key is for analytics.
    const { idempotencyKey: _key, ...context } = ctx;
    try {
      return await this.rpc.request(pattern, payload, context);
    } catch (err) {
      if (err instanceof RpcFailure)
        throw new RpcError(err.problem.status, err.problem.detail ?? err.problem.title, err.problem.errors);
      throw err;
    }
  }

  /** Checks the moves against the projections and writes each one's unit in. */
  private async resolveMoves(tenantId: string, moves: AdjustmentMove[]): Promise<AdjustmentMove[]> {
    const problems = moveProblems(moves);
    const places = new Map(
      (await this.repository.cadrePlaces(tenantId, [...new Set(moves.map((m) => m.cadreId))])).map((c) => [c.id, c]),
    );
    const teams = new Map(
      (
        await this.repository.teamUnits(
          tenantId,
          moves.flatMap((m) => (m.toTeamId ? [m.toTeamId] : [])),
        )
      ).map((t) => [t.id, t.unitId]),
    );
    const units = await this.repository.knownUnits(
      tenantId,
      moves.flatMap((m) => (m.toUnitId ? [m.toUnitId] : [])),
    );
    const resolved = moves.map((m, i) => {
      const place = places.get(m.cadreId);
      if (!place) problems.push({ field: `moves[${i}].cadreId`, message: `干部 ${m.cadreId} 不存在` });
      else if (place.status !== 'active')
        problems.push({ field: `moves[${i}].cadreId`, message: `该干部状态为 ${place.status}，不能调整` });
      if (m.toUnitId && !units.has(m.toUnitId)) problems.push({ field: `moves[${i}].toUnitId`, message: '单位不存在' });
      const teamUnit = m.toTeamId ? teams.get(m.toTeamId) : undefined;
      if (m.toTeamId && !teamUnit) problems.push({ field: `moves[${i}].toTeamId`, message: '班子不存在' });
      else if (teamUnit && m.toUnitId && teamUnit !== m.toUnitId)
        problems.push({ field: `moves[${i}].toTeamId`, message: '班子不属于调入单位' });
      const toUnitId = m.toUnitId ?? teamUnit ?? place?.unitId;
      return {
        cadreId: m.cadreId,
        kind: m.kind,
        ...(toUnitId ? { toUnitId } : {}),
        ...(m.toTeamId ? { toTeamId: m.toTeamId } : {}),
        ...(m.toPosition ? { toPosition: m.toPosition } : {}),
        effectiveDate: m.effectiveDate,
      };
    });
    if (problems.length) throw RpcError.rule('调整方案中有不正确的项', problems);
    return resolved;
  }

  /**
   * 考管联动: the cadres of a cycle who need a talk — outside the political gate, in the bottom decile
   * of their field, falling two cycles or more, or concluded 基本称职/不称职 — and whether one was held.
   */
  async underperformers(ctx: RequestContext, payload: CyclePageQuery): Promise<UnderperformersView> {
    requireOfficer(ctx, '查看需要谈话提醒的干部');
    pageWindow(payload, snapshotCursor('underperformers'));
    const cycle = await this.rankings.requireCycle(ctx.tenantId, payload.cycleId);
    const revision = (await this.rankingRepository.revision(ctx.tenantId, cycle.id))?.revision ?? 0;
    const rows = await this.repository.followUp(ctx.tenantId, cycle.id);
    const points = await this.rankingRepository.trendPoints(
      ctx.tenantId,
      rows.map((r) => r.cadreId),
      { year: cycle.year, half: cycle.half },
    );
    const byCadre = pointsByCadre(points);
    const items = rows
      .map((r) => {
        const trend = trendOf(r.cadreId, byCadre.get(r.cadreId) ?? []);
        return { ...r, fallingCycles: trend.warning?.fallingCycles ?? 0, reasons: underperformerReasons(r, trend) };
      })
      .filter((r) => r.reasons.length > 0)
      // The cadre id last: one order for every page.
      .sort(
        (a, b) =>
          b.reasons.length - a.reasons.length ||
          a.composite - b.composite ||
          (a.cadreId < b.cadreId ? -1 : a.cadreId > b.cadreId ? 1 : 0),
      );
    return { cycleId: cycle.id, ...pageOfSnapshot(items, payload, 'underperformers', revision) };
  }

  async addTalk(ctx: RequestContext, payload: TalkInput): Promise<RecordedTalkView> {
    requireOfficer(ctx, '记录谈话');
    const cadreIds = [...new Set(payload.cadreIds)];
    const known = new Set(await this.repository.existingCadres(ctx.tenantId, cadreIds));
    // Each id of the body by its place, and the cycle too: another tenant's id is a bad field (422), not a missing page.
    const unknown = payload.cadreIds.flatMap((id, i) =>
      known.has(id) ? [] : [{ field: `cadreIds.${i}`, message: `干部 ${id} 不存在` }],
    );
    if (payload.cycleId && !(await this.rankingRepository.findCycle(ctx.tenantId, payload.cycleId)))
      unknown.push({ field: 'cycleId', message: '考核周期不存在' });
    if (unknown.length) throw RpcError.rule('谈话对象或考核周期不存在', unknown);
    if (payload.kind === 'individual' && cadreIds.length !== 1)
      throw new RpcError(400, '个别谈话只能有一名谈话对象', [{ field: 'cadreIds', message: '个别谈话只能有一人' }]);
    const id = randomUUID();
    await this.repository.insertTalk({
      id,
      tenantId: ctx.tenantId,
      heldOn: payload.heldOn,
      kind: payload.kind,
      topic: payload.topic,
      cadreIds,
      notes: payload.notes ?? null,
      cycleId: payload.cycleId ?? null,
      createdBy: ctx.username,
    });
    return { id, ...payload, cadreIds };
  }

  async talks(ctx: RequestContext, payload: TalksQuery): Promise<Page<TalkView>> {
    requireOfficer(ctx, '查看谈话记录');
    const { limit, after } = pageWindow(payload, [cursorPart.date, cursorPart.timestamp, cursorPart.uuid]);
    const rows = await this.repository.talks(ctx.tenantId, payload.cadreId ?? null, {
      before: after,
      limit: limit + 1,
    });
    return toPage(
      rows,
      limit,
      (t) => [t.heldOn, t.sortKey, t.id],
      ({ sortKey: _sortKey, ...t }) => t,
    );
  }

  /** 选配沙盘: the teams touched by the moves, before and after. Nothing real changes. */
  async sandbox(ctx: RequestContext, payload: SandboxCommand): Promise<SandboxView> {
    requireOfficer(ctx, '使用选配沙盘');
    const cadreIds = [...new Set(payload.moves.map((m) => m.cadreId))];
    const teamIds = [...new Set(payload.moves.map((m) => m.toTeamId))];
    const moved = await this.repository.cadreTeams(ctx.tenantId, cadreIds);
    const teams = await this.repository.teams(ctx.tenantId, [
      ...new Set([...teamIds, ...moved.map((m) => m.teamId).filter((t): t is string => !!t)]),
    ]);
    const errors = payload.moves.flatMap((m, i) => [
      ...(moved.some((c) => c.id === m.cadreId) ? [] : [{ field: `moves[${i}].cadreId`, message: '干部不存在' }]),
      ...(teams.some((t) => t.id === m.toTeamId) ? [] : [{ field: `moves[${i}].toTeamId`, message: '班子不存在' }]),
    ]);
    if (errors.length) throw RpcError.rule('沙盘调整中有不存在的干部或班子', errors);
    const rows = await this.repository.sandboxMembers(
      ctx.tenantId,
      teams.map((t) => t.id),
      cadreIds,
    );
    const members = rows.map((m) => ({ ...m, strengths: areas(m.strengths) }));
    const year = new Date().getUTCFullYear();
    const metrics = (placement: Map<string, string | null>) =>
      teams.map((t) =>
        teamMetrics(
          t,
          members.filter((m) => placement.get(m.cadreId) === t.id),
          year,
        ),
      );
    const now = new Map(members.map((m) => [m.cadreId, m.teamId]));
    const after = new Map<string, string | null>(now);
    for (const move of payload.moves) after.set(move.cadreId, move.toTeamId);
    return { before: metrics(now), after: metrics(after) };
  }
}
