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
  IssuedRecommendationView,
  IssueRecommendationCommand,
  Page,
  PublicHonoursView,
  RequestPattern,
  RequestPayload,
  RequestReply,
  PageQuery,
  RequestContext,
} from '@cadre/contracts';
import { REVIEW_REQUESTS } from '@cadre/contracts';
import { pageWindow, requireOfficer, RpcError, RpcFailure, ServiceClient, toPage } from '@cadre/messaging';
import { cursorPart } from '@cadre/persistence';
import type { EntityManager } from 'typeorm';
import { RankingRepository } from '../ranking/ranking.repository';
import { byRecommendations, Nominee, pick } from './award-nomination';
import { AwardRow, AwardsRepository } from './awards.repository';

/** 干事创业好班子 rates teams (from the team rankings, or a team or unit campaign); the other two rate cadres. */
export const AWARD_NAMES: Record<AwardKind, string> = {
  good_team: '干事创业好班子',
  good_cadre: '担当作为好干部',
  advanced_individual: '重点工作先进个人',
};

/** An award as the reply carries it: the times as JSON.stringify makes of the Dates. */
export function toAwardView(award: AwardRow): AwardView {
  const { maxPicks, recommendationStatus, recommendationBallots, recommendationSuppressed, ...rest } = award;
  return {
    ...rest,
    recommendation:
      recommendationStatus && maxPicks
        ? {
            maxPicks,
            status: recommendationStatus,
            ballots: recommendationStatus === 'closed' ? recommendationBallots : null,
            suppressed: recommendationStatus === 'closed' ? recommendationSuppressed : null,
          }
        : null,
    createdAt: award.createdAt.toISOString(),
    decidedAt: award.decidedAt?.toISOString() ?? null,
    publishedAt: award.publishedAt?.toISOString() ?? null,
  };
}

/** A nominee as the views show it: key (扛标) always said, picks null until tallied and shown. */
const nomineeView = <N extends Nominee>(n: N) => ({ ...n, key: !!n.key, picks: n.picks ?? null });

/**
 * 正向激励: award campaigns. Nominees come from democratic recommendation (a review campaign's
 * results: excellent rate, then score) or, without one, from the cycle's composite (好班子: the team
 * rankings); the political gate keeps out anyone not `pass`. The award may issue its own
 * recommendation ballots (民主推荐, kept by review): once tallied above the anonymity threshold the
 * nominees go by recommendations, the composite breaking ties. Shares of the places are reserved for
 * grassroots units (向基层倾斜) and for the key units and fields (扛标). The department decides
 * (winners recorded), writes the exemplary stories and publishes (公示, also on the public page).
 */
@Injectable()
export class AwardsService {
  constructor(
    private readonly awards: AwardsRepository,
    private readonly rankings: RankingRepository,
    private readonly rpc: ServiceClient,
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
      // 好班子: a team campaign (班子民主测评) or one of the units; the others: a cadre campaign.
      const wanted = payload.kind === 'good_team' ? ['team', 'unit'] : ['cadre'];
      if (!wanted.includes(subject))
        throw RpcError.rule(
          `${AWARD_NAMES[payload.kind]}需要以${payload.kind === 'good_team' ? '领导班子或单位' : '干部'}为对象的推荐测评`,
          [{ field: 'campaignId', message: '测评对象类型不符' }],
        );
    }
    const keyUnitIds = [...new Set(payload.keyUnitIds ?? [])];
    const keyFieldIds = [...new Set(payload.keyFieldIds ?? [])];
    const units = await this.awards.knownIds(ctx.tenantId, 'units', keyUnitIds);
    const fields = await this.awards.knownIds(ctx.tenantId, 'fields', keyFieldIds);
    const unknown = [
      ...(payload.keyUnitIds ?? []).flatMap((id, i) =>
        units.has(id) ? [] : [{ field: `keyUnitIds.${i}`, message: '单位不存在' }],
      ),
      ...(payload.keyFieldIds ?? []).flatMap((id, i) =>
        fields.has(id) ? [] : [{ field: `keyFieldIds.${i}`, message: '领域不存在' }],
      ),
    ];
    if (unknown.length) throw RpcError.rule('扛标单位或领域不存在', unknown);
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
      keyMin: payload.keyMin ?? 0,
      keyUnitIds,
      keyFieldIds,
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
      proposal:
        award.status === 'nominating'
          ? pick(nominees, award.quota, award.grassrootsMin, award.keyMin).map(nomineeView)
          : [],
      nominees: award.status === 'published' ? [] : nominees.map(nomineeView),
      winners: winners.map((w) => ({ ...w, name: named.get(w.targetId) ?? null })),
    };
  }

  /** Records the winners: the proposal, or the department's own choice among the nominees. */
  async decide(ctx: RequestContext, payload: DecideAwardCommand): Promise<AwardDetailView> {
    requireOfficer(ctx, '确定评选结果');
    await this.awards.transaction(async (m) => {
      const award = await this.require(ctx, payload.id, m, true);
      if (award.status !== 'nominating') throw RpcError.conflict('评选结果已经确定');
      if (award.recommendationStatus === 'open') throw RpcError.conflict('民主推荐尚未结束，请先结束推荐并计票');
      const nominees = await this.nominees(ctx.tenantId, award);
      let winners = pick(nominees, award.quota, award.grassrootsMin, award.keyMin);
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

  /**
   * 民主推荐: ballots for the nominees as they stand, each voter picking up to `maxPicks`; the tokens
   * (review keeps their hashes and, as ballots, only the counts) are in this answer alone.
   */
  async issueRecommendation(
    ctx: RequestContext,
    payload: IssueRecommendationCommand,
  ): Promise<IssuedRecommendationView> {
    requireOfficer(ctx, '发放推荐票');
    const award = await this.require(ctx, payload.id);
    if (award.status !== 'nominating') throw RpcError.conflict('评选结果已经确定，不能再发放推荐票');
    if (award.recommendationStatus) throw RpcError.conflict('该评选已经发放过推荐票');
    const nominees = await this.nominees(ctx.tenantId, award);
    if (nominees.length === 0) throw RpcError.conflict('没有候选人，不能发放推荐票');
    if (payload.maxPicks > nominees.length)
      throw RpcError.rule('每票可推荐人数超过候选人数', [
        { field: 'maxPicks', message: `候选人只有 ${nominees.length} 个` },
      ]);
    // Claimed here first, so two issues at once make one round; given back when review refuses.
    if ((await this.awards.openRecommendation(ctx.tenantId, award.id, payload.maxPicks)) === 0)
      throw RpcError.conflict('该评选已经发放过推荐票');
    try {
      return await this.ask(ctx, REVIEW_REQUESTS.openRecommendation, {
        awardId: award.id,
        name: award.name,
        maxPicks: payload.maxPicks,
        nominees: nominees.map((n) => ({ id: n.targetId, name: n.name })),
        voters: payload.voters,
      });
    } catch (err) {
      await this.awards.withdrawRecommendation(ctx.tenantId, award.id);
      throw err;
    }
  }

  /**
   * Ends the recommendation and keeps its tally: the nominees are then ordered by recommendations,
   * the composite breaking ties — unless fewer ballots than the anonymity threshold came in, when no
   * count is shown or used. Asked again, review answers the same tally.
   */
  async closeRecommendation(ctx: RequestContext, payload: ById): Promise<AwardDetailView> {
    requireOfficer(ctx, '结束民主推荐');
    const award = await this.require(ctx, payload.id);
    if (!award.recommendationStatus) throw RpcError.conflict('该评选没有发放推荐票');
    if (award.status !== 'nominating') throw RpcError.conflict('评选结果已经确定');
    const tally = await this.ask(ctx, REVIEW_REQUESTS.closeRecommendation, { awardId: award.id });
    await this.awards.storeTally(ctx.tenantId, award.id, tally.ballots, tally.suppressed, tally.counts ?? []);
    return this.get(ctx, payload);
  }

  /** 公示 without login: the tenant's published awards, their winners' name, unit, position and story. */
  async publicHonours(ctx: RequestContext, payload: { tenantName: string }): Promise<PublicHonoursView> {
    const rows = await this.awards.publicWinners(ctx.tenantId);
    const awards = new Map<string, PublicHonoursView['awards'][number]>();
    for (const r of rows) {
      let award = awards.get(r.awardId);
      if (!award) {
        award = {
          id: r.awardId,
          title: AWARD_NAMES[r.kind],
          name: r.awardName,
          publishedAt: new Date(r.publishedAt).toISOString(),
          winners: [],
        };
        awards.set(r.awardId, award);
      }
      award.winners.push({
        place: r.place,
        name: r.name,
        unit: r.unit,
        position: r.position,
        storyTitle: r.storyTitle,
        storyText: r.storyText,
      });
    }
    return { tenantName: payload.tenantName, awards: [...awards.values()] };
  }

  /** A question to review; its refusal is this request's (the same status, fields and detail). */
  private async ask<P extends RequestPattern>(
    ctx: RequestContext,
    pattern: P,
    payload: RequestPayload<P>,
  ): Promise<RequestReply<P>> {
    const { idempotencyKey: _key, ...context } = ctx;
    try {
      return await this.rpc.request(pattern, payload, context);
    } catch (err) {
      if (err instanceof RpcFailure)
        throw new RpcError(err.problem.status, err.problem.detail ?? err.problem.title, err.problem.errors);
      throw err;
    }
  }

  /**
   * Everyone eligible, best first — by recommendations once the award's own ballots are tallied (and
   * shown); a team with neither recommendation nor ranking nor ranked members is not.
   */
  private async nominees(tenantId: string, award: AwardRow): Promise<Nominee[]> {
    const scope = { awardId: award.id, keyUnitIds: award.keyUnitIds, keyFieldIds: award.keyFieldIds };
    const rows =
      award.kind === 'good_team'
        ? (await this.awards.teamNominees(tenantId, award.cycleId, award.campaignId, scope)).filter(
            (r) => r.score !== null,
          )
        : await this.awards.cadreNominees(tenantId, award.cycleId, award.campaignId, scope);
    const tallied = award.recommendationStatus === 'closed' && award.recommendationSuppressed === false;
    return tallied ? byRecommendations(rows) : rows.map((r) => ({ ...r, picks: null }));
  }
}
