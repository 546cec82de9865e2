import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type {
  CampaignDirection,
  CampaignSubject,
  CampaignView,
  ParticipationView,
  PendingVoterView,
  ReviewItemView,
} from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

export interface NewCampaign {
  id: string;
  tenantId: string;
  cycleId: string;
  name: string;
  direction: CampaignDirection;
  subject: CampaignSubject;
  items: ReviewItemView[];
  targetIds: string[];
  groupWeights: Record<string, number> | null;
  createdBy: string;
}

export interface NewToken {
  hash: Buffer;
  name: string;
  unitId: string;
  group: string;
  userId: string | null;
}

const CAMPAIGN_COLUMNS = `id, cycle_id AS "cycleId", name, direction, subject, items, target_ids AS "targetIds", group_weights AS "groupWeights", created_at AS "createdAt"`;

function view(row: CampaignView & { createdAt: Date | string }): CampaignView {
  return { ...row, createdAt: new Date(row.createdAt).toISOString() };
}

const ratio = (cast: number, issued: number) => (issued === 0 ? 0 : Math.round((cast / issued) * 10_000) / 10_000);

@Injectable()
export class CampaignsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The campaign and its tokens (hashes only), together or not at all. */
  async insert(manager: EntityManager, c: NewCampaign, tokens: NewToken[]): Promise<void> {
    await manager.query(
      `INSERT INTO campaigns (id, tenant_id, cycle_id, name, direction, subject, items, target_ids, group_weights, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        c.id,
        c.tenantId,
        c.cycleId,
        c.name,
        c.direction,
        c.subject,
        JSON.stringify(c.items),
        c.targetIds,
        c.groupWeights ? JSON.stringify(c.groupWeights) : null,
        c.createdBy,
      ],
    );
    // In slices: one statement per 5,000 tokens keeps the parameters small.
    for (let i = 0; i < tokens.length; i += 5_000) {
      const slice = tokens.slice(i, i + 5_000);
      await manager.query(
        `INSERT INTO voter_tokens (token_hash, tenant_id, campaign_id, name, unit_id, voter_group, user_id)
         SELECT h, $1, $2, n, u, g, usr FROM unnest($3::bytea[], $4::text[], $5::uuid[], $6::text[], $7::uuid[]) AS t(h, n, u, g, usr)`,
        [
          c.tenantId,
          c.id,
          slice.map((t) => t.hash),
          slice.map((t) => t.name),
          slice.map((t) => t.unitId),
          slice.map((t) => t.group),
          slice.map((t) => t.userId),
        ],
      );
    }
  }

  async require(tenantId: string, campaignId: string): Promise<CampaignView> {
    const [row] = await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE tenant_id = $1 AND id = $2`,
      [tenantId, campaignId],
    );
    if (!row) throw RpcError.notFound('测评活动');
    return view(row);
  }

  /**
   * Keyset: oldest first by (created_at, id), after `after`; `limit` rows at most. `sortKey` is created_at
   * as Postgres writes it (microseconds kept: toISOString() would round them off and skip a row).
   */
  async ofCycle(
    tenantId: string,
    cycleId: string,
    page: { after?: [string, string]; limit: number },
  ): Promise<Array<{ campaign: CampaignView; sortKey: string }>> {
    const params: unknown[] = [tenantId, cycleId];
    const after = page.after
      ? `AND (created_at, id) > ($${params.push(page.after[0])}::timestamptz, $${params.push(page.after[1])}::uuid)`
      : '';
    const rows: Array<CampaignView & { sortKey: string }> = await this.dataSource.query(
      `SELECT ${CAMPAIGN_COLUMNS}, created_at::text AS "sortKey" FROM campaigns
        WHERE tenant_id = $1 AND cycle_id = $2 ${after} ORDER BY created_at, id LIMIT ${page.limit}`,
      params,
    );
    return rows.map(({ sortKey, ...row }) => ({ campaign: view(row), sortKey }));
  }

  /** Those of the cycles that have at least one campaign. */
  async cyclesWithCampaigns(tenantId: string, cycleIds: string[]): Promise<Set<string>> {
    const rows: Array<{ cycleId: string }> = await this.dataSource.query(
      `SELECT DISTINCT cycle_id AS "cycleId" FROM campaigns WHERE tenant_id = $1 AND cycle_id = ANY($2::uuid[])`,
      [tenantId, cycleIds],
    );
    return new Set(rows.map((r) => r.cycleId));
  }

  async participation(
    campaignId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ParticipationView> {
    const rows: Array<{ group: string; issued: number; cast: number }> = await manager.query(
      `SELECT voter_group AS "group", count(*)::int AS issued, count(*) FILTER (WHERE voted)::int AS cast
         FROM voter_tokens WHERE campaign_id = $1 GROUP BY voter_group ORDER BY voter_group`,
      [campaignId],
    );
    const issued = rows.reduce((s, r) => s + r.issued, 0);
    const cast = rows.reduce((s, r) => s + r.cast, 0);
    return {
      issued,
      cast,
      rate: ratio(cast, issued),
      byGroup: rows.map((r) => ({ ...r, rate: ratio(r.cast, r.issued) })),
    };
  }

  /** Holders of unused tokens in a cycle's campaigns: who has not voted (never what anyone voted). */
  async pendingVoters(tenantId: string | null, cycleId: string): Promise<PendingVoterView[]> {
    return this.dataSource.query(
      `SELECT t.campaign_id AS "campaignId", t.name, t.unit_id AS "unitId", t.user_id AS "userId"
         FROM voter_tokens t JOIN campaigns c ON c.id = t.campaign_id
        WHERE c.cycle_id = $1 AND ($2::uuid IS NULL OR c.tenant_id = $2::uuid) AND NOT t.voted
        ORDER BY t.campaign_id, t.unit_id, t.name`,
      [cycleId, tenantId],
    );
  }
}
