import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignDirection, CampaignSubject } from '@cadre/contracts';
import type { Rating } from './results';

export interface DirtyCampaign {
  id: string;
  tenantId: string;
  cycleId: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  targetIds: string[];
  groupWeights: Record<string, number> | null;
}

const DIRTY_COLUMNS = `id, tenant_id AS "tenantId", cycle_id AS "cycleId", direction, subject, target_ids AS "targetIds", group_weights AS "groupWeights"`;

@Injectable()
export class ResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Every rating of the campaign. Identical ratings come as one row with their count and are expanded
   * here: a few hundred grouped rows cost far less to send and parse than one row per rating of a large
   * campaign (the results only depend on the multiset of ratings, not their order).
   */
  async ratings(campaignId: string, manager: EntityManager = this.dataSource.manager): Promise<Rating[]> {
    const rows: Array<{
      targetId: string;
      group: string;
      grade: Rating['grade'];
      value: string;
      scores: Record<string, number> | null;
      n: number;
    }> = await manager.query(
      `SELECT target_id AS "targetId", voter_group AS "group", grade, value, scores, count(*)::int AS n
         FROM ballots WHERE campaign_id = $1 GROUP BY target_id, voter_group, grade, value, scores`,
      [campaignId],
    );
    const ratings: Rating[] = [];
    for (const { targetId, group, grade, value, scores, n } of rows) {
      const rating: Rating = { targetId, group, grade, value: Number(value), ...(scores ? { scores } : {}) };
      for (let i = 0; i < n; i++) ratings.push(rating);
    }
    return ratings;
  }

  /**
   * Takes campaigns with new ballots whose cycle is still open, in a short transaction of its own so
   * that batches of ballots (which set the flag) never wait behind it. Replicas skip each other's.
   * Their results are not published (the cycle is open); their used tokens are remixed.
   */
  async claimOpenDirty(limit: number): Promise<DirtyCampaign[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows] = await this.dataSource.query(
      `UPDATE campaigns SET results_dirty = false
        WHERE id IN (SELECT c.id FROM campaigns c JOIN cycles cy ON cy.id = c.cycle_id
                      WHERE c.results_dirty AND cy.status NOT IN ('closed', 'published')
                      ORDER BY c.id LIMIT $1 FOR NO KEY UPDATE OF c SKIP LOCKED)
        RETURNING ${DIRTY_COLUMNS}`,
      [limit],
    );
    return rows;
  }

  /**
   * Takes one marked campaign of a closed (or published) cycle inside the caller's transaction, which
   * publishes its final results: a process that stops before commit leaves it marked, so the final
   * results are published exactly once per mark. No ballot can arrive any more (the cycle is closed).
   */
  async claimClosedDirty(manager: EntityManager): Promise<DirtyCampaign | null> {
    const [rows] = await manager.query(
      `UPDATE campaigns SET results_dirty = false
        WHERE id IN (SELECT c.id FROM campaigns c JOIN cycles cy ON cy.id = c.cycle_id
                      WHERE c.results_dirty AND cy.status IN ('closed', 'published')
                      ORDER BY c.id LIMIT 1 FOR NO KEY UPDATE OF c SKIP LOCKED)
        RETURNING ${DIRTY_COLUMNS}`,
    );
    return rows[0] ?? null;
  }

  async markDirty(campaignIds: string[]): Promise<void> {
    if (campaignIds.length > 0)
      await this.dataSource.query(`UPDATE campaigns SET results_dirty = true WHERE id = ANY($1::uuid[])`, [
        campaignIds,
      ]);
  }

  /** Campaigns of an open cycle whose used tokens may have been left unremixed by a process that stopped. */
  async markUnsettledDirty(): Promise<void> {
    await this.dataSource.query(
      `UPDATE campaigns c SET results_dirty = true FROM cycles cy
        WHERE cy.id = c.cycle_id AND cy.status = 'open' AND NOT c.results_dirty
          AND EXISTS (SELECT 1 FROM voter_tokens t WHERE t.campaign_id = c.id AND t.voted)`,
    );
  }

  /** Every campaign of the tenant's closed and published cycles: their results are published again. */
  async markClosedOfTenant(tenantId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE campaigns SET results_dirty = true
        WHERE tenant_id = $1 AND NOT results_dirty AND cycle_id IN (SELECT id FROM cycles WHERE tenant_id = $1 AND status IN ('closed', 'published'))`,
      [tenantId],
    );
  }

  /**
   * Rewrites every used token of the campaign in one statement. A batch of ballots marks its tokens
   * and inserts its ballot rows in one transaction, so until this runs their row versions share that
   * transaction's id (xmin); afterwards every used token carries this statement's, and nothing in
   * the tables ties a token to a batch of ballots (docs/anonymity.md).
   */
  async remixUsedTokens(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query(`UPDATE voter_tokens SET voted = voted WHERE campaign_id = $1 AND voted`, [campaignId]);
  }

  /**
   * Deletes the campaign's ballots and writes them again in one statement, in an order drawn from
   * gen_random_uuid() (a cryptographic source), all with the same day — the last day of casting.
   * Afterwards every ballot row of the campaign carries this transaction's id (xmin), none its batch's,
   * their physical order (ctid) follows no cast order, and no per-row day tells early casts from late
   * ones. The campaign's written opinions are rewritten the same way. Once per closed campaign: it
   * rewrites every row.
   */
  async shuffleBallots(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query(
      `WITH gone AS (DELETE FROM ballots WHERE campaign_id = $1 RETURNING *),
            last AS (SELECT max(cast_on) AS day FROM gone)
       INSERT INTO ballots (tenant_id, campaign_id, target_id, voter_group, grade, scores, value, cast_on)
       SELECT tenant_id, campaign_id, target_id, voter_group, grade, scores, value, (SELECT day FROM last)
         FROM gone ORDER BY gen_random_uuid()`,
      [campaignId],
    );
    // The opinions too, in the same transaction (the same transaction id as every ballot row).
    await manager.query(
      `WITH gone AS (DELETE FROM ballot_opinions WHERE campaign_id = $1 RETURNING *)
       INSERT INTO ballot_opinions (tenant_id, campaign_id, target_id, opinion)
       SELECT tenant_id, campaign_id, target_id, opinion FROM gone ORDER BY gen_random_uuid()`,
      [campaignId],
    );
  }

  /**
   * The written opinions of the campaigns' ballots, by campaign and target. No order is asked for: the
   * view orders them by a hash of their text (opinions.ts), never by how they lie in the table.
   */
  async opinions(campaignIds: string[]): Promise<Array<{ campaignId: string; targetId: string; opinions: string[] }>> {
    if (campaignIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT campaign_id AS "campaignId", target_id AS "targetId", array_agg(opinion) AS opinions
         FROM ballot_opinions WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id, target_id`,
      [campaignIds],
    );
  }

  /** The targets the campaign's ballots rated, each once. */
  async ratedTargets(manager: EntityManager, campaignId: string): Promise<string[]> {
    const rows: Array<{ targetId: string }> = await manager.query(
      `SELECT DISTINCT target_id AS "targetId" FROM ballots WHERE campaign_id = $1`,
      [campaignId],
    );
    return rows.map((r) => r.targetId);
  }

  /** Scores of units as targets of a cycle's top-down and bottom-up unit campaigns, with their campaign. */
  async unitCampaigns(tenantId: string, cycleId: string): Promise<DirtyCampaign[]> {
    return this.dataSource.query(
      `SELECT ${DIRTY_COLUMNS} FROM campaigns WHERE tenant_id = $1 AND cycle_id = $2 AND subject = 'unit' AND direction IN ('top_down', 'bottom_up')`,
      [tenantId, cycleId],
    );
  }
}
