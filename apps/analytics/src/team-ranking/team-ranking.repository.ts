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

export interface TeamCoordinateRow {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  x: number;
  y: number;
}

export interface TeamFollowUpRow {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  percentile: number;
  principalId: string | null;
  principalName: string | null;
  talked: boolean;
  /** The team's composites in the published periodic cycles up to this one, and this one, oldest first. */
  composites: number[];
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

  /**
   * The cycle's teams on the map: x the percentile in the field (as ranked), y the percentile among all
   * the cycle's teams (ties share it, as ranks do). A unit id: that unit's team only, placed among all.
   */
  coordinates(tenantId: string, cycleId: string, unitId?: string): Promise<TeamCoordinateRow[]> {
    return this.dataSource.query(
      `WITH placed AS (
         SELECT r.team_id, r.unit_id, r.field_id, r.composite, r.percentile AS x,
                rank() OVER (ORDER BY r.composite DESC) AS r, count(*) OVER () AS n
           FROM team_rankings r WHERE r.tenant_id = $1 AND r.cycle_id = $2
       )
       SELECT p.team_id AS "teamId", t.name, p.unit_id AS "unitId", p.field_id AS "fieldId", p.composite, p.x,
              CASE WHEN p.n = 1 THEN 100 ELSE round((100.0 * (p.n - p.r) / (p.n - 1))::numeric, 2)::float8 END AS y
         FROM placed p JOIN teams t ON t.id = p.team_id
        WHERE $3::uuid IS NULL OR p.unit_id = $3::uuid
        ORDER BY p.composite DESC, p.team_id`,
      [tenantId, cycleId, unitId ?? null],
    );
  }

  /**
   * The cycle's teams with what following up needs: the principal in the roster now (the first by
   * name should a team hold two), whether a talk with them was held for the cycle or after its close,
   * and the team's composites over the tenant's published periodic cycles up to this one.
   */
  followUp(tenantId: string, cycleId: string): Promise<TeamFollowUpRow[]> {
    return this.dataSource.query(
      `SELECT r.team_id AS "teamId", t.name, r.unit_id AS "unitId", r.field_id AS "fieldId", r.composite, r.percentile,
              p.id AS "principalId", p.name AS "principalName",
              p.id IS NOT NULL AND EXISTS (SELECT 1 FROM talks k WHERE k.tenant_id = r.tenant_id AND p.id = ANY (k.cadre_ids)
                                             AND (k.cycle_id = r.cycle_id OR k.held_on >= c.closes_at::date)) AS talked,
              ARRAY(SELECT h.composite FROM team_rankings h JOIN cycles hc ON hc.id = h.cycle_id AND hc.tenant_id = h.tenant_id
                     WHERE h.tenant_id = r.tenant_id AND h.team_id = r.team_id AND hc.kind = 'periodic'
                       AND (hc.id = r.cycle_id OR (hc.status = 'published' AND (hc.year, coalesce(hc.half, 0)) < (c.year, coalesce(c.half, 0))))
                     ORDER BY hc.year, hc.half NULLS LAST, hc.opens_at) AS composites
         FROM team_rankings r
         JOIN teams t ON t.id = r.team_id
         JOIN cycles c ON c.id = r.cycle_id AND c.tenant_id = r.tenant_id
         LEFT JOIN LATERAL (SELECT k.id, k.name FROM cadres k
                             WHERE k.tenant_id = r.tenant_id AND k.team_id = r.team_id AND k.team_role = 'principal' AND k.status = 'active'
                             ORDER BY k.name, k.id LIMIT 1) p ON true
        WHERE r.tenant_id = $1 AND r.cycle_id = $2`,
      [tenantId, cycleId],
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
