import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TeamCompositeWeights, TeamRunningState } from '@cadre/contracts';
import { TEAM_RANKING_INSERT } from './team-ranking.sql';

export interface TeamRankingRow {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  apply: number | null;
  democratic: number | null;
  bottomUp: number | null;
  members: number | null;
  cooperation: number | null;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
}

export interface TeamTrendRow {
  cycleId: string;
  year: number;
  half: number | null;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
}

export interface TeamRankingFilter {
  fieldId?: string;
  /** A unit leader's own unit: its team only. */
  unitId?: string;
  /** Keyset: rows sorted by (field, rank, team id) after this one. */
  after?: [string, number, string];
  limit: number;
}

const ROW = `r.team_id AS "teamId", t.name, r.unit_id AS "unitId", r.field_id AS "fieldId", r.apply, r.democratic,
             r.bottom_up AS "bottomUp", r.members, r.cooperation, r.composite, r.rank, r.n, r.percentile`;

/** 班子排名: the teams' 切 results and their rows per cycle. Every statement names the tenant. */
@Injectable()
export class TeamRankingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The team's 切 in the cycle, recorded again over the earlier one. */
  async upsertApplyResult(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    teamId: string,
    result: { score: number; runningState: TeamRunningState },
  ): Promise<void> {
    await m.query(
      `INSERT INTO team_apply_results (tenant_id, cycle_id, team_id, score, running_state) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (cycle_id, team_id) DO UPDATE SET score = EXCLUDED.score, running_state = EXCLUDED.running_state
         WHERE team_apply_results.tenant_id = EXCLUDED.tenant_id`,
      [tenantId, cycleId, teamId, result.score, result.runningState],
    );
  }

  /** The tenant's team weights; null until it sets its own. */
  async findWeights(
    tenantId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<TeamCompositeWeights | null> {
    const [row]: TeamCompositeWeights[] = await m.query(
      `SELECT apply, democratic, bottom_up AS "bottomUp", members FROM team_weights WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  async saveWeights(m: EntityManager, tenantId: string, w: TeamCompositeWeights): Promise<void> {
    await m.query(
      `INSERT INTO team_weights (tenant_id, apply, democratic, bottom_up, members) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET apply = EXCLUDED.apply, democratic = EXCLUDED.democratic,
           bottom_up = EXCLUDED.bottom_up, members = EXCLUDED.members, updated_at = now()`,
      [tenantId, w.apply, w.democratic, w.bottomUp, w.members],
    );
  }

  /** Rewrites the cycle's team rows from its cadres' rows (TEAM_RANKING_INSERT); returns how many. */
  async rewrite(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    unitIds: string[] | null,
    w: TeamCompositeWeights,
  ): Promise<number> {
    await m.query(`DELETE FROM team_rankings WHERE tenant_id = $1 AND cycle_id = $2`, [tenantId, cycleId]);
    const result: [unknown[], number] = await m.query(TEAM_RANKING_INSERT, [
      cycleId,
      tenantId,
      unitIds,
      w.apply,
      w.democratic,
      w.bottomUp,
      w.members,
    ]);
    return result[1];
  }

  /** One `analytics.team_rankings.recomputed` per field of the cycle's rows, for Outbox.addSelected. */
  recomputedEvents(cycleId: string, revision: number, computedAt: string): { select: string; params: unknown[] } {
    return {
      select: `SELECT $1::uuid AS aggregate_id,
                      jsonb_build_object('cycleId', $1::uuid, 'fieldId', field_id, 'revision', $2::int, 'computedAt', $3::text,
                        'items', json_agg(json_build_object('teamId', team_id, 'composite', composite, 'rank', rank, 'percentile', percentile)
                                          ORDER BY rank, team_id)) AS data
                 FROM team_rankings WHERE cycle_id = $1 GROUP BY field_id`,
      params: [cycleId, revision, computedAt],
    };
  }

  async clear(m: EntityManager, tenantId: string, cycleId: string): Promise<void> {
    await m.query(`DELETE FROM team_rankings WHERE tenant_id = $1 AND cycle_id = $2`, [tenantId, cycleId]);
  }

  list(tenantId: string, cycleId: string, f: TeamRankingFilter): Promise<TeamRankingRow[]> {
    const params: unknown[] = [tenantId, cycleId];
    const where = [`r.tenant_id = $1`, `r.cycle_id = $2`];
    if (f.fieldId) where.push(`r.field_id = $${params.push(f.fieldId)}`);
    if (f.unitId) where.push(`r.unit_id = $${params.push(f.unitId)}`);
    if (f.after) {
      const [field, rank, team] = f.after;
      where.push(
        `(coalesce(r.field_id::text, ''), r.rank, r.team_id) > ($${params.push(field)}, $${params.push(rank)}::int, $${params.push(team)}::uuid)`,
      );
    }
    return this.dataSource.query(
      `SELECT ${ROW} FROM team_rankings r JOIN teams t ON t.id = r.team_id
        WHERE ${where.join(' AND ')}
        ORDER BY coalesce(r.field_id::text, ''), r.rank, r.team_id LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  async team(tenantId: string, teamId: string): Promise<{ name: string; unitId: string } | null> {
    const [row]: Array<{ name: string; unitId: string }> = await this.dataSource.query(
      `SELECT name, unit_id AS "unitId" FROM teams WHERE tenant_id = $1 AND id = $2`,
      [tenantId, teamId],
    );
    return row ?? null;
  }

  /** The team's rows in the tenant's published periodic cycles, oldest first. */
  trend(tenantId: string, teamId: string): Promise<TeamTrendRow[]> {
    return this.dataSource.query(
      `SELECT r.cycle_id AS "cycleId", c.year, c.half, r.composite, r.rank, r.n, r.percentile
         FROM team_rankings r JOIN cycles c ON c.id = r.cycle_id AND c.tenant_id = r.tenant_id
        WHERE r.tenant_id = $1 AND r.team_id = $2 AND c.status = 'published' AND c.kind = 'periodic'
        ORDER BY c.year, c.half NULLS LAST, c.opens_at`,
      [tenantId, teamId],
    );
  }
}
