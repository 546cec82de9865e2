import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  AdjustmentBatchesView,
  AdjustmentBatchInput,
  AdjustmentBatchView,
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
import { pageOfSnapshot, pageWindow, requireOfficer, RpcError, snapshotCursor, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import { RankingRepository } from '../ranking/ranking.repository';
import { RankingService } from '../ranking/ranking.service';
import { pointsByCadre, trendOf } from '../ranking/trend';
import { SELECTION_PERCENTILE, selectionTags, share, underperformerReasons } from './follow-up';
import { MechanismsRepository } from './mechanisms.repository';
import { areas, teamMetrics, YOUNG_AGE } from './team-metrics';

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

  async addBatch(ctx: RequestContext, payload: AdjustmentBatchInput): Promise<AdjustmentBatchView> {
    requireOfficer(ctx, '记录干部调整批次');
    const cadreIds = [...new Set(payload.cadreIds)];
    const known = await this.repository.existingCadres(ctx.tenantId, cadreIds);
    const unknown = cadreIds.filter((id) => !known.includes(id));
    if (unknown.length)
      throw RpcError.rule(
        '调整名单中有不存在的干部',
        unknown.map((id) => ({ field: `cadreIds.${payload.cadreIds.indexOf(id)}`, message: `干部 ${id} 不存在` })),
      );
    const id = randomUUID();
    const year = new Date().getUTCFullYear();
    await this.repository.insertBatch({
      id,
      tenantId: ctx.tenantId,
      name: payload.name,
      decidedOn: payload.decidedOn,
      cadreIds,
      note: payload.note ?? null,
      createdBy: ctx.username,
    });
    const [{ sortKey: _sortKey, ...batch }] = await this.repository.batches(ctx.tenantId, year, YOUNG_AGE, {
      id,
      limit: 1,
    });
    return batch;
  }

  /** The batches and what they add up to, e.g. "8 批次, 130 名干部, 年轻干部 22%, 战时表现突出 64%". */
  async batches(ctx: RequestContext, query: PageQuery): Promise<AdjustmentBatchesView> {
    requireOfficer(ctx, '查看干部调整批次');
    const { limit, after } = pageWindow(query, [cursorPart.date, cursorPart.timestamp, cursorPart.uuid]);
    const year = new Date().getUTCFullYear();
    const rows = await this.repository.batches(ctx.tenantId, year, YOUNG_AGE, { after, limit: limit + 1 });
    const all = await this.repository.batchTotals(ctx.tenantId, year, YOUNG_AGE);
    return {
      ...toPage(
        rows,
        limit,
        (b) => [b.decidedOn, b.sortKey, b.id],
        ({ sortKey: _sortKey, ...b }) => b,
      ),
      stats: {
        batches: all.batches,
        cadres: all.cadres,
        youngShare: share(all.young, all.cadres),
        wartimeDistinguishedShare: share(all.distinguished, all.cadres),
      },
    };
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
