import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  AwardDetailView,
  AwardInput,
  AwardKind,
  AwardStoryCommand,
  AwardView,
  ById,
  DecideAwardCommand,
  Page,
  PageQuery,
  RequestContext,
} from '@cadre/contracts';
import { pageWindow, requireOfficer, RpcError, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import type { EntityManager } from 'typeorm';
import { RankingRepository } from '../ranking/ranking.repository';
import { Nominee, pick } from './award-nomination';
import { AwardRow, AwardsRepository } from './awards.repository';

/** 干事创业好班子 rates teams (by their unit); the other two rate cadres. */
export const AWARD_NAMES: Record<AwardKind, string> = {
  good_team: '干事创业好班子',
  good_cadre: '担当作为好干部',
  advanced_individual: '重点工作先进个人',
};

/** An award as the reply carries it: the times as JSON.stringify makes of the Dates. */
export function toAwardView(award: AwardRow): AwardView {
  return {
    ...award,
    createdAt: award.createdAt.toISOString(),
    decidedAt: award.decidedAt?.toISOString() ?? null,
    publishedAt: award.publishedAt?.toISOString() ?? null,
  };
}

/**
 * 正向激励: award campaigns. Nominees come from democratic recommendation (a review campaign's
 * results: excellent rate, then score) or, without one, from the cycle's composite; the political
 * gate keeps out anyone not `pass`; a share of the places is reserved for grassroots units (向基层倾斜).
 * The department decides (winners recorded), writes the exemplary stories and publishes (公示).
 */
@Injectable()
export class AwardsService {
  constructor(
    private readonly awards: AwardsRepository,
    private readonly rankings: RankingRepository,
  ) {}

  async create(ctx: RequestContext, payload: AwardInput): Promise<AwardDetailView> {
    requireOfficer(ctx, '发起评选');
    const cycle = await this.rankings.findCycle(ctx.tenantId, payload.cycleId);
    if (!cycle) throw RpcError.rule('考核周期不存在', [{ field: 'cycleId', message: '不是本单位的考核周期' }]);
    if (payload.campaignId) {
      const subject = await this.awards.campaignSubject(ctx.tenantId, payload.campaignId, cycle.id);
      if (!subject)
        throw RpcError.rule('推荐测评不存在或还没有结果', [
          { field: 'campaignId', message: '不是本考核周期内已有结果的测评' },
        ]);
      const wanted = payload.kind === 'good_team' ? 'unit' : 'cadre';
      if (subject !== wanted)
        throw RpcError.rule(
          `${AWARD_NAMES[payload.kind]}需要以${wanted === 'unit' ? '单位' : '干部'}为对象的推荐测评`,
          [{ field: 'campaignId', message: '测评对象类型不符' }],
        );
    }
    const id = randomUUID();
    await this.awards.insert({
      id,
      tenantId: ctx.tenantId,
      kind: payload.kind,
      name: payload.name ?? `${cycle.year}年度${AWARD_NAMES[payload.kind]}评选`,
      cycleId: cycle.id,
      quota: payload.quota,
      grassrootsMin: payload.grassrootsMin ?? 0.3,
      campaignId: payload.campaignId ?? null,
      createdBy: ctx.username,
    });
    return this.get(ctx, { id });
  }

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<AwardView>> {
    requireOfficer(ctx, '查看评选');
    const { limit, after } = pageWindow(query, [cursorPart.timestamp, cursorPart.uuid]);
    const rows = await this.awards.list(ctx.tenantId, { before: after, limit: limit + 1 });
    // The keyset's text of created_at stays with the cursor, not in the view.
    return toPage(
      rows,
      limit,
      (a) => [a.sortKey, a.id],
      ({ sortKey: _sortKey, ...award }) => toAwardView(award),
    );
  }

  /** The award with its nominees (while nominating: the proposal) or its winners and stories. */
  async get(ctx: RequestContext, payload: ById): Promise<AwardDetailView> {
    const award = await this.require(ctx, payload.id);
    if (award.status !== 'published') requireOfficer(ctx, '查看未公示的评选');
    const nominees = await this.nominees(ctx.tenantId, award);
    const winners = await this.awards.winners(ctx.tenantId, award.id);
    const named = new Map(nominees.map((n) => [n.targetId, n.name]));
    return {
      ...toAwardView(award),
      title: AWARD_NAMES[award.kind],
      proposal: award.status === 'nominating' ? pick(nominees, award.quota, award.grassrootsMin) : [],
      nominees: award.status === 'published' ? [] : nominees,
      winners: winners.map((w) => ({ ...w, name: named.get(w.targetId) ?? null })),
    };
  }

  /** Records the winners: the proposal, or the department's own choice among the nominees. */
  async decide(ctx: RequestContext, payload: DecideAwardCommand): Promise<AwardDetailView> {
    requireOfficer(ctx, '确定评选结果');
    await this.awards.transaction(async (m) => {
      const award = await this.require(ctx, payload.id, m, true);
      if (award.status !== 'nominating') throw RpcError.conflict('评选结果已经确定');
      const nominees = await this.nominees(ctx.tenantId, award);
      let winners = pick(nominees, award.quota, award.grassrootsMin);
      if (payload.targetIds) {
        if (payload.targetIds.length > award.quota)
          throw new RpcError(400, `最多 ${award.quota} 个名额`, [
            { field: 'targetIds', message: `超过名额 ${award.quota}` },
          ]);
        const unknown = payload.targetIds.filter((t) => !nominees.some((n) => n.targetId === t));
        if (unknown.length)
          throw RpcError.rule(
            '只能从候选中确定（政治体检未通过者不在候选之列）',
            unknown.map((t) => ({ field: `targetIds.${payload.targetIds!.indexOf(t)}`, message: '不在候选名单中' })),
          );
        winners = payload.targetIds.map((t, i) => ({ ...nominees.find((n) => n.targetId === t)!, place: i + 1 }));
      }
      await this.awards.decide(m, ctx.tenantId, award.id, winners);
    });
    return this.get(ctx, payload);
  }

  /** 先进事迹: the story of a winner, written before publication. */
  async story(ctx: RequestContext, payload: AwardStoryCommand): Promise<AwardDetailView> {
    requireOfficer(ctx, '撰写先进事迹');
    const award = await this.require(ctx, payload.id);
    if (award.status === 'nominating') throw RpcError.conflict('请先确定评选结果');
    const n = await this.awards.writeStory(ctx.tenantId, award.id, payload.targetId, payload.title, payload.text);
    if (n === 0) throw RpcError.notFound('获评对象');
    return this.get(ctx, payload);
  }

  /** 公示: visible to every user of the tenant from now on. */
  async publish(ctx: RequestContext, payload: ById): Promise<AwardDetailView> {
    requireOfficer(ctx, '公示评选结果');
    const n = await this.awards.publish(ctx.tenantId, payload.id);
    if (n === 0) {
      await this.require(ctx, payload.id);
      throw RpcError.conflict('只有已确定结果、尚未公示的评选可以公示');
    }
    return this.get(ctx, payload);
  }

  private async require(ctx: RequestContext, id: string, m?: EntityManager, lock = false): Promise<AwardRow> {
    const award = await this.awards.find(ctx.tenantId, id, m, lock);
    if (!award) throw RpcError.notFound('评选');
    return award;
  }

  /** Everyone eligible, best first; a team with neither recommendation nor ranked members is not. */
  private async nominees(tenantId: string, award: AwardRow): Promise<Nominee[]> {
    if (award.kind === 'good_team')
      return (await this.awards.teamNominees(tenantId, award.cycleId, award.campaignId)).filter(
        (r) => r.score !== null,
      );
    return this.awards.cadreNominees(tenantId, award.cycleId, award.campaignId);
  }
}
