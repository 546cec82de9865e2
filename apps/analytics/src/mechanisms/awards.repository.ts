import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AwardKind, AwardStatus, AwardWinnerView } from '@cadre/contracts';
import type { Nominee } from './award-nomination';

const GRASSROOTS = `('town', 'street', 'zone')`;

const COLUMNS = `id, kind, name, cycle_id AS "cycleId", quota, grassroots_min AS "grassrootsMin", campaign_id AS "campaignId", status,
  created_at AS "createdAt", decided_at AS "decidedAt", published_at AS "publishedAt",
  key_min AS "keyMin", key_unit_ids AS "keyUnitIds", key_field_ids AS "keyFieldIds", max_picks AS "maxPicks",
  recommendation_status AS "recommendationStatus", recommendation_ballots AS "recommendationBallots",
  recommendation_suppressed AS "recommendationSuppressed"`;

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
  keyMin: number;
  keyUnitIds: string[];
  keyFieldIds: string[];
  maxPicks: number | null;
  recommendationStatus: 'open' | 'closed' | null;
  recommendationBallots: number | null;
  recommendationSuppressed: boolean | null;
}

/** Who is 扛标 (key) and whose recommendations count, for the nominee queries. */
export interface NomineeScope {
  awardId: string;
  keyUnitIds: string[];
  keyFieldIds: string[];
}

/** A published award's winner as the public honours page names them. */
export interface PublicWinnerRow {
  awardId: string;
  kind: AwardKind;
  awardName: string;
  publishedAt: Date;
  place: number;
  name: string;
  unit: string;
  position: string | null;
  storyTitle: string | null;
  storyText: string | null;
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
  keyMin: number;
  keyUnitIds: string[];
  keyFieldIds: string[];
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
      `INSERT INTO awards (id, tenant_id, kind, name, cycle_id, quota, grassroots_min, campaign_id, created_by, key_min, key_unit_ids, key_field_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        a.id,
        a.tenantId,
        a.kind,
        a.name,
        a.cycleId,
        a.quota,
        a.grassrootsMin,
        a.campaignId,
        a.createdBy,
        a.keyMin,
        a.keyUnitIds,
        a.keyFieldIds,
      ],
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

  /** Those of the ids that are the tenant's units (or fields). */
  async knownIds(tenantId: string, table: 'units' | 'fields', ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ${table} WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Gives back the claim of a recommendation review did not open. */
  async withdrawRecommendation(tenantId: string, id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE awards SET max_picks = NULL, recommendation_status = NULL WHERE tenant_id = $1 AND id = $2 AND recommendation_status = 'open'`,
      [tenantId, id],
    );
  }

  /** Marks the award's recommendation issued; 0 when it is decided already or has one. */
  async openRecommendation(tenantId: string, id: string, maxPicks: number): Promise<number> {
    const [, n]: [unknown[], number] = await this.dataSource.query(
      `UPDATE awards SET max_picks = $3, recommendation_status = 'open'
        WHERE tenant_id = $1 AND id = $2 AND status = 'nominating' AND recommendation_status IS NULL`,
      [tenantId, id, maxPicks],
    );
    return n;
  }

  /** Keeps the tally review answered (counts only when shown) and closes the recommendation. */
  async storeTally(
    tenantId: string,
    awardId: string,
    ballots: number,
    suppressed: boolean,
    counts: Array<{ targetId: string; picks: number }>,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM award_recommendations WHERE award_id = $1 AND tenant_id = $2`, [awardId, tenantId]);
      if (!suppressed && counts.length)
        await m.query(
          `INSERT INTO award_recommendations (award_id, target_id, tenant_id, picks) SELECT $1, t, $2, p FROM unnest($3::uuid[], $4::int[]) AS u(t, p)`,
          [awardId, tenantId, counts.map((c) => c.targetId), counts.map((c) => c.picks)],
        );
      await m.query(
        `UPDATE awards SET recommendation_status = 'closed', recommendation_ballots = $3, recommendation_suppressed = $4 WHERE tenant_id = $1 AND id = $2`,
        [tenantId, awardId, ballots, suppressed],
      );
    });
  }

  /**
   * Teams, best first: their recommendation in the campaign (a team campaign rates the team, a unit
   * campaign its unit), else their composite in the cycle's team rankings (班子排名), else the mean
   * composite of the members; none with a member stopped at the gate.
   */
  async teamNominees(
    tenantId: string,
    cycleId: string,
    campaignId: string | null,
    scope: NomineeScope,
  ): Promise<Nominee[]> {
    const rows: Nominee[] = await this.dataSource.query(
      `SELECT t.id AS "targetId", t.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation,
                coalesce(d.score, tr.composite, (SELECT round(avg(r.composite)::numeric, 2)::float8 FROM rankings r WHERE r.cycle_id = $2 AND r.team_id = t.id)) AS score,
                (u.id = ANY ($5::uuid[]) OR u.field_id = ANY ($6::uuid[])) AS key, ar.picks
           FROM teams t JOIN units u ON u.id = t.unit_id
           LEFT JOIN team_rankings tr ON tr.cycle_id = $2 AND tr.team_id = t.id AND tr.tenant_id = t.tenant_id
           LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id IN (t.id, u.id)
           LEFT JOIN award_recommendations ar ON ar.award_id = $4 AND ar.target_id = t.id
          WHERE t.tenant_id = $1
            AND NOT EXISTS (SELECT 1 FROM cadres k JOIN political p ON p.cadre_id = k.id WHERE k.team_id = t.id AND k.status = 'active' AND p.verdict = 'fail')
            AND ($3::uuid IS NULL OR d.target_id IS NOT NULL)
          ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, t.name`,
      [tenantId, cycleId, campaignId, scope.awardId, scope.keyUnitIds, scope.keyFieldIds],
    );
    return rows;
  }

  /** Active cadres who pass the gate, best first: recommended in the campaign, or ranked in the cycle without one. */
  cadreNominees(tenantId: string, cycleId: string, campaignId: string | null, scope: NomineeScope): Promise<Nominee[]> {
    return this.dataSource.query(
      `SELECT k.id AS "targetId", k.name, u.kind IN ${GRASSROOTS} AS grassroots, d.excellent_rate AS recommendation, coalesce(d.score, r.composite) AS score,
              (k.unit_id = ANY ($5::uuid[]) OR coalesce(k.field_id, u.field_id) = ANY ($6::uuid[])) AS key, ar.picks
         FROM cadres k JOIN units u ON u.id = k.unit_id
         LEFT JOIN rankings r ON r.cycle_id = $2 AND r.cadre_id = k.id
         LEFT JOIN democratic d ON d.campaign_id = $3 AND d.target_id = k.id
         LEFT JOIN political p ON p.cadre_id = k.id
         LEFT JOIN award_recommendations ar ON ar.award_id = $4 AND ar.target_id = k.id
        WHERE k.tenant_id = $1 AND k.status = 'active' AND coalesce(p.verdict, 'pass') = 'pass'
          AND (CASE WHEN $3::uuid IS NULL THEN r.cadre_id IS NOT NULL AND r.excluded IS NULL ELSE d.target_id IS NOT NULL END)
        ORDER BY d.excellent_rate DESC NULLS LAST, score DESC NULLS LAST, k.name`,
      [tenantId, cycleId, campaignId, scope.awardId, scope.keyUnitIds, scope.keyFieldIds],
    );
  }

  /**
   * The published awards' winners of the tenant for the public page: name, unit, position and
   * story only (a team: its name and unit). Latest award first, by place.
   */
  publicWinners(tenantId: string): Promise<PublicWinnerRow[]> {
    return this.dataSource.query(
      `SELECT a.id AS "awardId", a.kind, a.name AS "awardName", a.published_at AS "publishedAt", w.place,
              coalesce(k.name, t.name) AS name, coalesce(uk.name, ut.name) AS unit, k.position,
              w.story_title AS "storyTitle", w.story_text AS "storyText"
         FROM awards a JOIN award_winners w ON w.award_id = a.id AND w.tenant_id = a.tenant_id
         LEFT JOIN cadres k ON k.id = w.target_id AND k.tenant_id = a.tenant_id AND a.kind <> 'good_team'
         LEFT JOIN units uk ON uk.id = k.unit_id
         LEFT JOIN teams t ON t.id = w.target_id AND t.tenant_id = a.tenant_id AND a.kind = 'good_team'
         LEFT JOIN units ut ON ut.id = t.unit_id
        WHERE a.tenant_id = $1 AND a.status = 'published' AND coalesce(k.id, t.id) IS NOT NULL
        ORDER BY a.published_at DESC, a.id, w.place`,
      [tenantId],
    );
  }
}
