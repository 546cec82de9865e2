import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AwardKind, AwardStatus, AwardWinnerView } from '@cadre/contracts';
import type { Nominee } from './award-nomination';

const GRASSROOTS = `('town', 'street', 'zone')`;

const COLUMNS = `id, kind, name, cycle_id AS "cycleId", quota, grassroots_min AS "grassrootsMin", campaign_id AS "campaignId", status,
  created_at AS "createdAt", decided_at AS "decidedAt", published_at AS "publishedAt"`;

export interface AwardRow {
  id: string;
  kind: AwardKind;
  name: string;
  cycleId: string;
  quota: number;
  grassrootsMin: number;
  campaignId: string | null;
  status: AwardStatus;
  createdAt: Date;
  decidedAt: Date | null;
  publishedAt: Date | null;
}

export interface NewAward {
  id: string;
  tenantId: string;
  kind: AwardKind;
  name: string;
  cycleId: string;
  quota: number;
  grassrootsMin: number;
  campaignId: string | null;
  createdBy: string;
}

export type AwardWinnerRow = Omit<AwardWinnerView, 'name'>;

/** The statements of 正向激励: awards, their winners and the nominees drawn from results. */
@Injectable()
export class AwardsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction (the statements given its manager take part). */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The subject (`cadre` or `unit`) of a campaign with results in the cycle; null without any. */
  async campaignSubject(tenantId: string, campaignId: string, cycleId: string): Promise<string | null> {
    const [campaign]: Array<{ subject: string }> = await this.dataSource.query(
      `SELECT subject FROM democratic WHERE tenant_id = $1 AND campaign_id = $2 AND cycle_id = $3 LIMIT 1`,
      [tenantId, campaignId, cycleId],
    );
    return campaign?.subject ?? null;
  }

  async insert(a: NewAward): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO awards (id, tenant_id, kind, name, cycle_id, quota, grassroots_min, campaign_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [a.id, a.tenantId, a.kind, a.name, a.cycleId, a.quota, a.grassrootsMin, a.campaignId, a.createdBy],
    );
  }

  /** The tenant's awards, latest first. */
  /**
   * The latest first. Keyset on (created_at, id) descending, before `page.before` (created_at as its
   * text, `sortKey`: microseconds kept); `page.limit` rows at most.
   */
  list(
    tenantId: string,
    page: { before?: [string, string]; limit: number },
  ): Promise<Array<AwardRow & { sortKey: string }>> {
    const params: unknown[] = [tenantId];
    const before = page.before
      ? `AND (created_at, id) < ($${params.push(page.before[0])}::timestamptz, $${params.push(page.before[1])}::uuid)`
      : '';
    return this.dataSource.query(
      `SELECT ${COLUMNS}, created_at::text AS "sortKey" FROM awards WHERE tenant_id = $1 ${before}
        ORDER BY created_at DESC, id DESC LIMIT ${page.limit}`,
      params,
    );
  }

  /** One award of the tenant; `lock` holds it for the rest of the transaction of `m`. */
  async find(
    tenantId: string,
    id: string,
    m: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<AwardRow | null> {
    const [award]: AwardRow[] = await m.query(
      `SELECT ${COLUMNS} FROM awards WHERE tenant_id = $1 AND id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return award ?? null;
  }

  winners(tenantId: string, awardId: string): Promise<AwardWinnerRow[]> {
    return this.dataSource.query(
      `SELECT target_id AS "targetId", place, grassroots, story_title AS "storyTitle", story_text AS "storyText" FROM award_winners WHERE award_id = $1 AND tenant_id = $2 ORDER BY place`,
      [awardId, tenantId],
    );
  }

  /** Records the winners and marks the award decided, in the transaction of `m`. */
  async decide(
    m: EntityManager,
    tenantId: string,
    awardId: string,
    winners: Array<{ targetId: string; place: number; grassroots: boolean }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO award_winners (award_id, target_id, tenant_id, place, grassroots) SELECT $1, t, $2, p, g FROM unnest($3::uuid[], $4::int[], $5::bool[]) AS u(t, p, g)`,
      [
        awardId,
        tenantId,
        winners.map((w) => w.targetId),
        winners.map((w) => w.place),
        winners.map((w) => w.grassroots),
      ],
    );
    await m.query(`UPDATE awards SET status = 'decided', decided_at = now() WHERE id = $1 AND tenant_id = $2`, [
      awardId,
      tenantId,
    ]);
  }

  /** Writes a winner's story. Returns the rows changed: 0 when the target is not a winner. */
  async writeStory(tenantId: string, awardId: string, targetId: string, title: string, text: string): Promise<number> {
    const [, n]: [unknown[], number] = await this.dataSource.query(
      `UPDATE award_winners SET story_title = $3, story_text = $4 WHERE award_id = $1 AND target_id = $2 AND tenant_id = $5`,
      [awardId, targetId, title, text, tenantId],
    );
    return n;
  }

  /** Publishes a decided award. Returns the rows changed: 0 when there is none, or it is not decided. */
  async publish(tenantId: string, id: string): Promise<number> {
    const [, n]: [unknown[], number] = await this.dataSource.query(
      `UPDATE awards SET status = 'published', published_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'decided'`,
      [tenantId, id],
    );
    return n;
  }

  /**
   * Teams by their unit, best first: the unit's recommendation in the campaign, else the mean
   * composite of the members in the cycle; none with a member stopped at the gate.
   */
  async teamNominees(tenantId: string, cycleId: string, campaignId: string | null): Promise<Nominee[]> {
    const rows: Nominee[] = await this.dataSource.query(
      `SELECT t.id AS "targetId", t.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation,
                coalesce(d.score, (SELECT round(avg(r.composite)::numeric, 2)::float8 FROM rankings r WHERE r.cycle_id = $2 AND r.team_id = t.id)) AS score
           FROM teams t JOIN units u ON u.id = t.unit_id
           LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id = u.id
          WHERE t.tenant_id = $1
            AND NOT EXISTS (SELECT 1 FROM cadres k JOIN political p ON p.cadre_id = k.id WHERE k.team_id = t.id AND k.status = 'active' AND p.verdict = 'fail')
            AND ($3::uuid IS NULL OR d.target_id IS NOT NULL)
          ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, t.name`,
      [tenantId, cycleId, campaignId],
    );
    return rows;
  }

  /** Active cadres who pass the gate, best first: recommended in the campaign, or ranked in the cycle without one. */
  cadreNominees(tenantId: string, cycleId: string, campaignId: string | null): Promise<Nominee[]> {
    return this.dataSource.query(
      `SELECT k.id AS "targetId", k.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation, coalesce(d.score, r.composite) AS score
         FROM cadres k JOIN units u ON u.id = k.unit_id
         LEFT JOIN rankings r ON r.cycle_id = $2 AND r.cadre_id = k.id
         LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id = k.id
         LEFT JOIN political p ON p.cadre_id = k.id
        WHERE k.tenant_id = $1 AND k.status = 'active' AND coalesce(p.verdict, 'pass') = 'pass'
          AND (CASE WHEN $3::uuid IS NULL THEN r.cadre_id IS NOT NULL AND r.excluded IS NULL ELSE d.target_id IS NOT NULL END)
        ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, k.name`,
      [tenantId, cycleId, campaignId],
    );
  }
}
