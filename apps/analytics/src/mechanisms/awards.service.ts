import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ANALYTICS_REQUESTS, RequestContext } from '@cadre/contracts';
import type { AwardDetailView, AwardInput, AwardKind, AwardStoryCommand, AwardView, AwardWinnerView, ById, DecideAwardCommand } from '@cadre/contracts';
import { requireOfficer, RpcError } from '@cadre/messaging';
import { RankingRepository } from '../ranking/ranking.repository';
import { Nominee, pick } from './award-nomination';

/** 干事创业好班子 rates teams (by their unit); the other two rate cadres. */
export const AWARD_NAMES: Record<AwardKind, string> = { good_team: '干事创业好班子', good_cadre: '担当作为好干部', advanced_individual: '重点工作先进个人' };

const GRASSROOTS = `('town', 'street', 'zone')`;

interface AwardRow {
  id: string;
  kind: AwardKind;
  name: string;
  cycleId: string;
  quota: number;
  grassrootsMin: number;
  campaignId: string | null;
  status: 'nominating' | 'decided' | 'published';
  createdAt: Date;
  decidedAt: Date | null;
  publishedAt: Date | null;
}

const COLUMNS = `id, kind, name, cycle_id AS "cycleId", quota, grassroots_min AS "grassrootsMin", campaign_id AS "campaignId", status,
  created_at AS "createdAt", decided_at AS "decidedAt", published_at AS "publishedAt"`;

/**
 * 正向激励: award campaigns. Nominees come from democratic recommendation (a review campaign's
 * results: excellent rate, then score) or, without one, from the cycle's composite; the political
 * gate keeps out anyone not `pass`; a share of the places is reserved for grassroots units (向基层倾斜).
 * The department decides (winners recorded), writes the exemplary stories and publishes (公示).
 */
@Injectable()
export class AwardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rankings: RankingRepository,
  ) {}
  async create(payload: AwardInput, ctx: RequestContext): Promise<AwardDetailView> {
    requireOfficer(ctx, '发起评选');
    const cycle = await this.rankings.findCycle(ctx.tenantId, payload.cycleId);
    if (!cycle) throw RpcError.rule('考核周期不存在', [{ field: 'cycleId', message: '不是本单位的考核周期' }]);
    if (payload.campaignId) {
      const [campaign] = await this.dataSource.query(`SELECT subject FROM democratic WHERE tenant_id = $1 AND campaign_id = $2 AND cycle_id = $3 LIMIT 1`, [ctx.tenantId, payload.campaignId, cycle.id]);
      if (!campaign) throw RpcError.rule('推荐测评不存在或还没有结果', [{ field: 'campaignId', message: '不是本考核周期内已有结果的测评' }]);
      const wanted = payload.kind === 'good_team' ? 'unit' : 'cadre';
      if (campaign.subject !== wanted) throw RpcError.rule(`${AWARD_NAMES[payload.kind]}需要以${wanted === 'unit' ? '单位' : '干部'}为对象的推荐测评`, [{ field: 'campaignId', message: '测评对象类型不符' }]);
    }
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO awards (id, tenant_id, kind, name, cycle_id, quota, grassroots_min, campaign_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, ctx.tenantId, payload.kind, payload.name ?? `${cycle.year}年度${AWARD_NAMES[payload.kind]}评选`, cycle.id, payload.quota, payload.grassrootsMin ?? 0.3, payload.campaignId ?? null, ctx.username],
    );
    return this.get({ id }, ctx);
  }
  async list(_payload: unknown, ctx: RequestContext): Promise<{ items: AwardView[] }> {
    requireOfficer(ctx, '查看评选');
    return { items: await this.dataSource.query(`SELECT ${COLUMNS} FROM awards WHERE tenant_id = $1 ORDER BY created_at DESC`, [ctx.tenantId]) };
  }

  /** The award with its nominees (while nominating: the proposal) or its winners and stories. */
  async get(payload: ById, ctx: RequestContext): Promise<AwardDetailView> {
    const award = await this.require(this.dataSource.manager, ctx, payload.id);
    if (award.status !== 'published') requireOfficer(ctx, '查看未公示的评选');
    const nominees = await this.nominees(ctx.tenantId, award);
    const winners = await this.dataSource.query(
      `SELECT target_id AS "targetId", place, grassroots, story_title AS "storyTitle", story_text AS "storyText" FROM award_winners WHERE award_id = $1 ORDER BY place`,
      [award.id],
    );
    const named = new Map(nominees.map((n) => [n.targetId, n.name]));
    return {
      ...award,
      // The times as the reply carries them (what JSON.stringify made of the Dates before).
      createdAt: award.createdAt.toISOString(),
      decidedAt: award.decidedAt?.toISOString() ?? null,
      publishedAt: award.publishedAt?.toISOString() ?? null,
      title: AWARD_NAMES[award.kind],
      proposal: award.status === 'nominating' ? pick(nominees, award.quota, award.grassrootsMin) : [],
      nominees: award.status === 'published' ? [] : nominees,
      winners: winners.map((w: Omit<AwardWinnerView, 'name'>) => ({ ...w, name: named.get(w.targetId) ?? null })),
    };
  }

  /** Records the winners: the proposal, or the department's own choice among the nominees. */
  async decide(payload: DecideAwardCommand, ctx: RequestContext): Promise<AwardDetailView> {
    requireOfficer(ctx, '确定评选结果');
    await this.dataSource.transaction(async (m) => {
      const award = await this.require(m, ctx, payload.id, true);
      if (award.status !== 'nominating') throw RpcError.conflict('评选结果已经确定');
      const nominees = await this.nominees(ctx.tenantId, award);
      let winners = pick(nominees, award.quota, award.grassrootsMin);
      if (payload.targetIds) {
        if (payload.targetIds.length > award.quota) throw new RpcError(400, `最多 ${award.quota} 个名额`, [{ field: 'targetIds', message: `超过名额 ${award.quota}` }]);
        const unknown = payload.targetIds.filter((t) => !nominees.some((n) => n.targetId === t));
        if (unknown.length) throw RpcError.rule('只能从候选中确定（政治体检未通过者不在候选之列）', unknown.map((t) => ({ field: `targetIds.${payload.targetIds!.indexOf(t)}`, message: '不在候选名单中' })));
        winners = payload.targetIds.map((t, i) => ({ ...nominees.find((n) => n.targetId === t)!, place: i + 1 }));
      }
      await m.query(
        `INSERT INTO award_winners (award_id, target_id, tenant_id, place, grassroots) SELECT $1, t, $2, p, g FROM unnest($3::uuid[], $4::int[], $5::bool[]) AS u(t, p, g)`,
        [award.id, ctx.tenantId, winners.map((w) => w.targetId), winners.map((w) => w.place), winners.map((w) => w.grassroots)],
      );
      await m.query(`UPDATE awards SET status = 'decided', decided_at = now() WHERE id = $1`, [award.id]);
    });
    return this.get(payload, ctx);
  }

  /** 先进事迹: the story of a winner, written before publication. */
  async story(payload: AwardStoryCommand, ctx: RequestContext): Promise<AwardDetailView> {
    requireOfficer(ctx, '撰写先进事迹');
    const award = await this.require(this.dataSource.manager, ctx, payload.id);
    if (award.status === 'nominating') throw RpcError.conflict('请先确定评选结果');
    const [, n] = await this.dataSource.query(`UPDATE award_winners SET story_title = $3, story_text = $4 WHERE award_id = $1 AND target_id = $2`, [award.id, payload.targetId, payload.title, payload.text]);
    if (n === 0) throw RpcError.notFound('获评对象');
    return this.get(payload, ctx);
  }

  /** 公示: visible to every user of the tenant from now on. */
  async publish(payload: ById, ctx: RequestContext): Promise<AwardDetailView> {
    requireOfficer(ctx, '公示评选结果');
    const [, n] = await this.dataSource.query(`UPDATE awards SET status = 'published', published_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'decided'`, [ctx.tenantId, payload.id]);
    if (n === 0) {
      await this.require(this.dataSource.manager, ctx, payload.id);
      throw RpcError.conflict('只有已确定结果、尚未公示的评选可以公示');
    }
    return this.get(payload, ctx);
  }

  private async require(m: EntityManager, ctx: RequestContext, id: string, lock = false): Promise<AwardRow> {
    const [award] = await m.query(`SELECT ${COLUMNS} FROM awards WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`, [ctx.tenantId, id]);
    if (!award) throw RpcError.notFound('评选');
    return award;
  }

  /** Everyone eligible, best first. */
  private async nominees(tenantId: string, award: AwardRow): Promise<Nominee[]> {
    if (award.kind === 'good_team') {
      // Teams by their unit: recommendation of the unit, else the mean composite of the members.
      return this.dataSource.query(
        `SELECT t.id AS "targetId", t.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation,
                coalesce(d.score, (SELECT round(avg(r.composite)::numeric, 2)::float8 FROM rankings r WHERE r.cycle_id = $2 AND r.team_id = t.id)) AS score
           FROM teams t JOIN units u ON u.id = t.unit_id
           LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id = u.id
          WHERE t.tenant_id = $1
            AND NOT EXISTS (SELECT 1 FROM cadres k JOIN political p ON p.cadre_id = k.id WHERE k.team_id = t.id AND k.status = 'active' AND p.verdict = 'fail')
            AND ($3::uuid IS NULL OR d.target_id IS NOT NULL)
          ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, t.name`,
        [tenantId, award.cycleId, award.campaignId],
      ).then((rows: Nominee[]) => rows.filter((r) => r.score !== null));
    }
    return this.dataSource.query(
      `SELECT k.id AS "targetId", k.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation, coalesce(d.score, r.composite) AS score
         FROM cadres k JOIN units u ON u.id = k.unit_id
         LEFT JOIN rankings r ON r.cycle_id = $2 AND r.cadre_id = k.id
         LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id = k.id
         LEFT JOIN political p ON p.cadre_id = k.id
        WHERE k.tenant_id = $1 AND k.status = 'active' AND coalesce(p.verdict, 'pass') = 'pass'
          AND (CASE WHEN $3::uuid IS NULL THEN r.cadre_id IS NOT NULL AND r.excluded IS NULL ELSE d.target_id IS NOT NULL END)
        ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, k.name`,
      [tenantId, award.cycleId, award.campaignId],
    );
  }
}
