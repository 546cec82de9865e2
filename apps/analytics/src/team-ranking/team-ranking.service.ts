import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_TEAM_COMPOSITE_WEIGHTS, isOfficer } from '@cadre/contracts';
import type {
  ByCycle,
  ById,
  EventOf,
  RequestContext,
  TeamCompositeWeights,
  TeamRankingItem,
  TeamRankingsQuery,
  CyclePageQuery,
  TeamCoordinatesView,
  TeamRankingsView,
  TeamUnderperformersView,
  TeamTrendView,
} from '@cadre/contracts';
import { Outbox, pageOfSnapshot, pageWindow, RpcError, snapshotCursor } from '@cadre/messaging';
import { cursorPart, decodeCursor, encodeCursor, pageSize } from '@cadre/persistence';
import type { RecomputeCycleRow } from '../ranking/ranking.repository';
import type { CycleFreezeRow } from '../ranking/cycle-snapshot.repository';
import { teamWeightProblems } from '../ranking/composite';
import { quadrantOf } from '../ranking/ranking-rules';
import { teamFollowUp } from './team-follow-up';
import { RankingRepository } from '../ranking/ranking.repository';
import { RecomputeScheduler } from '../ranking/recompute.scheduler';
import { DossierSourcesRepository } from '../dossier/dossier-sources.repository';
import { TeamRankingRepository, TeamRankingRow } from './team-ranking.repository';

/**
 * 班子排名: a leadership team's composite and its rank inside its field, computed with the cycle's
 * cadre rankings (the mean composite of its members is one of its parts). The organization department
 * reads every team; a unit's leader their own unit's team; others have no business here.
 */
@Injectable()
export class TeamRankingService {
  constructor(
    private readonly teams: TeamRankingRepository,
    private readonly rankings: RankingRepository,
    private readonly recompute: RecomputeScheduler,
    private readonly outbox: Outbox,
    private readonly sources: DossierSourcesRepository,
  ) {}

  /** A team's 切: kept, and the cycle ranked again. */
  async applied(event: EventOf<'appraisal.team_step.recorded'>, m: EntityManager): Promise<void> {
    const s = event.data;
    if (s.step !== 'apply' || !s.result) return;
    await this.teams.upsertApplyResult(m, event.tenantId, s.cycleId, s.teamId, s.result);
    // The 切's text is the team dossier's (存在问题、整改要求), kept beside the score.
    await this.sources.setTeamProblems(
      m,
      event.tenantId,
      s.cycleId,
      s.teamId,
      s.result.problems,
      s.result.rectification,
    );
    await this.recompute.mark(m, event, [s.cycleId]);
  }

  /**
   * In the recompute's transaction, after the cadres' rows: the teams of a periodic cycle, with one
   * `analytics.team_rankings.recomputed` per field (the recompute's revision and time).
   */
  async write(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cycle: RecomputeCycleRow,
    revision: number,
    computedAt: string,
    frozen: CycleFreezeRow | null,
  ): Promise<number> {
    // A random cycle appraises conduct at a critical moment, not the teams: it has no team rows.
    if (cycle.kind !== 'periodic') {
      await this.teams.clear(m, tenantId, cycleId);
      return 0;
    }
    // A closed or published cycle: with the weights in force at its close (the defaults if it closed before
    // there were team weights); an open one with the tenant's current ones.
    const weights = frozen ? (frozen.teamWeights ?? DEFAULT_TEAM_COMPOSITE_WEIGHTS) : await this.weightsOf(tenantId, m);
    const written = await this.teams.rewrite(m, tenantId, cycleId, cycle.unitIds, weights);
    const events = this.teams.recomputedEvents(cycleId, revision, computedAt);
    await this.outbox.addSelected(m, 'analytics.team_rankings.recomputed', tenantId, events.select, events.params);
    return written;
  }

  async list(ctx: RequestContext, query: TeamRankingsQuery): Promise<TeamRankingsView> {
    const unitId = this.reach(ctx);
    if (!(await this.rankings.findCycle(ctx.tenantId, query.cycleId))) throw RpcError.notFound('考核周期');
    const limit = pageSize(query.limit);
    let after: [string, number, string] | undefined;
    if (query.cursor) {
      const key = decodeCursor(query.cursor, [cursorPart.text, cursorPart.text, cursorPart.uuid]);
      if (!key || !/^\d{1,9}$/.test(key[1]))
        throw new RpcError(400, '分页游标无效', [{ field: 'cursor', message: '不是本列表给出的游标' }]);
      after = [key[0], Number(key[1]), key[2]];
    }
    const rows = await this.teams.list(ctx.tenantId, query.cycleId, {
      fieldId: query.fieldId,
      unitId,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      cycleId: query.cycleId,
      items: page.map(item),
      nextCursor: rows.length > limit ? encodeCursor([last.fieldId ?? '', String(last.rank), last.teamId]) : null,
    };
  }

  /** 坐标系 of the teams (`?subject=team`): see TeamCoordinatePoint for what the axes are. */
  async coordinates(ctx: RequestContext, payload: ByCycle): Promise<TeamCoordinatesView> {
    const unitId = this.reach(ctx);
    if (!(await this.rankings.findCycle(ctx.tenantId, payload.cycleId))) throw RpcError.notFound('考核周期');
    const rows = await this.teams.coordinates(ctx.tenantId, payload.cycleId, unitId);
    return { subject: 'team', points: rows.map((r) => ({ ...r, quadrant: quadrantOf(r.x, r.y) })) };
  }

  /**
   * The cycle's teams that need following up — bottom decile of the field, or falling two cycles —
   * with their principal (主要负责人) for a collective or individual talk; the department only.
   */
  async underperformers(ctx: RequestContext, payload: CyclePageQuery): Promise<TeamUnderperformersView> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以查看需要谈话提醒的班子');
    pageWindow(payload, snapshotCursor('team-underperformers'));
    const cycle = await this.rankings.findCycle(ctx.tenantId, payload.cycleId);
    if (!cycle) throw RpcError.notFound('考核周期');
    const revision = (await this.rankings.revision(ctx.tenantId, cycle.id))?.revision ?? 0;
    const items = (await this.teams.followUp(ctx.tenantId, cycle.id))
      .map(({ principalId, principalName, composites, ...r }) => ({
        ...r,
        principal: principalId ? { cadreId: principalId, name: principalName! } : null,
        ...teamFollowUp(r.percentile, composites),
      }))
      .filter((r) => r.reasons.length > 0)
      // The team id last: one order for every page.
      .sort(
        (a, b) =>
          b.reasons.length - a.reasons.length ||
          a.composite - b.composite ||
          (a.teamId < b.teamId ? -1 : a.teamId > b.teamId ? 1 : 0),
      );
    return {
      cycleId: cycle.id,
      subject: 'team',
      ...pageOfSnapshot(items, payload, 'team-underperformers', revision),
    };
  }

  async trend(ctx: RequestContext, payload: ById): Promise<TeamTrendView> {
    const unitId = this.reach(ctx);
    const team = await this.teams.team(ctx.tenantId, payload.id);
    if (!team || (unitId && team.unitId !== unitId)) throw RpcError.notFound('领导班子');
    return { teamId: payload.id, name: team.name, points: await this.teams.trend(ctx.tenantId, payload.id) };
  }

  async weights(ctx: RequestContext): Promise<TeamCompositeWeights> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以查看班子综合评价权重');
    return this.weightsOf(ctx.tenantId);
  }

  /** New team weights re-rank every cycle of the tenant not closed yet; a closed one keeps those of its close. */
  async putWeights(ctx: RequestContext, w: TeamCompositeWeights): Promise<TeamCompositeWeights> {
    if (!isOfficer(ctx)) throw new RpcError(403, '只有组织部可以设置班子综合评价权重');
    const problems = teamWeightProblems(w);
    if (problems.length > 0) throw new RpcError(400, '权重设置有误', problems);
    await this.outbox.transaction(async (m) => {
      await this.teams.saveWeights(m, ctx.tenantId, w);
      await this.recompute.mark(m, { tenantId: ctx.tenantId }, await this.rankings.cycleIds(m, ctx.tenantId));
    });
    return this.weightsOf(ctx.tenantId);
  }

  /** The tenant's team weights, the defaults until it sets its own. */
  private async weightsOf(tenantId: string, m?: EntityManager): Promise<TeamCompositeWeights> {
    return (await this.teams.findWeights(tenantId, m)) ?? DEFAULT_TEAM_COMPOSITE_WEIGHTS;
  }

  /** Null: every team; a unit id: that unit's team only. */
  private reach(ctx: RequestContext): string | undefined {
    if (isOfficer(ctx)) return undefined;
    if (ctx.roles.includes('unit_leader') && ctx.unitId) return ctx.unitId;
    throw new RpcError(403, '班子排名仅限组织部和本单位领导查看');
  }
}

function item(r: TeamRankingRow): TeamRankingItem {
  return {
    teamId: r.teamId,
    name: r.name,
    unitId: r.unitId,
    fieldId: r.fieldId,
    composite: r.composite,
    rank: r.rank,
    n: r.n,
    percentile: r.percentile,
    parts: { apply: r.apply, democratic: r.democratic, bottomUp: r.bottomUp, members: r.members },
    cooperation: r.cooperation,
  };
}
