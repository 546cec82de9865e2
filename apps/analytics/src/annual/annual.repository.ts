import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AnnualWeights, RankingExclusion } from '@cadre/contracts';
import type { AnnualCadreRow, AnnualTeamRow, YearCycle } from './annual-rules';
import { RANDOM_PART_SELECT } from './random-part.sql';

export interface YearCycleRow extends YearCycle {
  id: string;
  half: number | null;
}

export interface CadreCyclePointRow {
  cadreId: string;
  half: number | null;
  composite: number;
  unitId: string | null;
  teamId: string | null;
  fieldId: string | null;
  /** The verdict frozen in that cycle's snapshot (null: none, or no snapshot). */
  verdict: string | null;
}

export interface TeamCyclePointRow {
  teamId: string;
  half: number | null;
  composite: number;
  unitId: string;
  fieldId: string | null;
}

export interface AnnualEvaluationRow {
  id: string;
  tenantId: string;
  year: number;
  source: 'publish' | 'hand';
  cycleIds: string[];
  randomCycleIds: string[];
  weights: AnnualWeights;
  gateAsOf: Date;
  cadres: number;
  teams: number;
  publishedAt: Date;
}

/** A row of an annual ranking list, with what scoping it needs. */
export interface AnnualListRow {
  cadreId: string;
  name: string;
  unitId: string | null;
  composite: number;
  rank: number | null;
  percentile: number | null;
  excluded: RankingExclusion | null;
  periodic: number | null;
  random: number | null;
  democratic: number | null;
}

export interface AnnualCoordinateRow {
  cadreId: string;
  name: string;
  unitId: string | null;
  teamId: string | null;
  fieldId: string | null;
  composite: number;
  x: number;
  y: number;
}

export interface AnnualTeamCoordinateRow {
  teamId: string;
  name: string;
  unitId: string;
  fieldId: string | null;
  composite: number;
  x: number;
  y: number;
}

export interface AnnualTrendRow {
  year: number;
  composite: number;
  verticalRank: number | null;
  horizontalRank: number | null;
  horizontalPercentile: number | null;
}

const CADRE_COLUMNS = `cadre_id AS "cadreId", unit_id AS "unitId", team_id AS "teamId", field_id AS "fieldId", periodic, random, democratic, composite, excluded,
  vertical_rank AS "verticalRank", vertical_n AS "verticalN", vertical_percentile AS "verticalPercentile",
  horizontal_rank AS "horizontalRank", horizontal_n AS "horizontalN", horizontal_percentile AS "horizontalPercentile"`;
const TEAM_COLUMNS = `team_id AS "teamId", unit_id AS "unitId", field_id AS "fieldId", periodic, democratic, composite, rank, n, percentile,
  overall_rank AS "overallRank", overall_n AS "overallN", overall_percentile AS "overallPercentile"`;
const EVALUATION_COLUMNS = `id, tenant_id AS "tenantId", year, source, cycle_ids AS "cycleIds", random_cycle_ids AS "randomCycleIds", weights,
  gate_as_of AS "gateAsOf", cadres, teams, published_at AS "publishedAt"`;

/**
 * Every statement of the annual evaluation (年度综合评价): its inputs (the year's published periodic
 * cycles' rows, random and democratic parts, the verdict history), its frozen rows, and the reads of
 * them. A method given a manager runs in that transaction; every statement names the tenant.
 */
@Injectable()
export class AnnualRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private q(m?: EntityManager) {
    return m ?? this.dataSource.manager;
  }

  /** The year's periodic cycles, whether each is published and sealed. */
  yearCycles(m: EntityManager, tenantId: string, year: number): Promise<YearCycleRow[]> {
    return m.query(
      `SELECT c.id, c.half, c.status, (r.digest IS NOT NULL) AS sealed
         FROM cycles c LEFT JOIN records r ON r.cycle_id = c.id AND r.tenant_id = c.tenant_id
        WHERE c.tenant_id = $1 AND c.year = $2 AND c.kind = 'periodic' ORDER BY c.half, c.id`,
      [tenantId, year],
    );
  }

  /** The year of a cycle the projection holds (null: unknown, or not periodic). */
  async periodicYear(m: EntityManager, tenantId: string, cycleId: string): Promise<number | null> {
    const [row]: Array<{ year: number }> = await m.query(
      `SELECT year FROM cycles WHERE tenant_id = $1 AND id = $2 AND kind = 'periodic'`,
      [tenantId, cycleId],
    );
    return row?.year ?? null;
  }

  /** The cadres' rows of the given (published, sealed) cycles: the record's values, and where each ranked them. */
  cadrePoints(m: EntityManager, tenantId: string, cycleIds: string[]): Promise<CadreCyclePointRow[]> {
    return m.query(
      `SELECT r.cadre_id AS "cadreId", c.half, r.composite, coalesce(s.unit_id, k.unit_id) AS "unitId", r.team_id AS "teamId", r.field_id AS "fieldId", s.verdict
         FROM rankings r JOIN cycles c ON c.id = r.cycle_id AND c.tenant_id = r.tenant_id
         LEFT JOIN cadres k ON k.id = r.cadre_id
         LEFT JOIN cycle_snapshots s ON s.tenant_id = r.tenant_id AND s.cycle_id = r.cycle_id AND s.cadre_id = r.cadre_id
        WHERE r.tenant_id = $1 AND r.cycle_id = ANY ($2::uuid[])`,
      [tenantId, cycleIds],
    );
  }

  teamPoints(m: EntityManager, tenantId: string, cycleIds: string[]): Promise<TeamCyclePointRow[]> {
    return m.query(
      `SELECT t.team_id AS "teamId", c.half, t.composite, t.unit_id AS "unitId", t.field_id AS "fieldId"
         FROM team_rankings t JOIN cycles c ON c.id = t.cycle_id AND c.tenant_id = t.tenant_id
        WHERE t.tenant_id = $1 AND t.cycle_id = ANY ($2::uuid[])`,
      [tenantId, cycleIds],
    );
  }

  /** The random appraisals' part per cadre (random-part.sql.ts). */
  randomParts(
    m: EntityManager,
    tenantId: string,
    year: number,
  ): Promise<Array<{ cadreId: string; random: number; cycleIds: string[] }>> {
    return m.query(RANDOM_PART_SELECT, [tenantId, year]);
  }

  /**
   * The mean democratic score per target over the shown results (a suppressed target has no row) of
   * the campaigns of the year's cycles.
   */
  democraticParts(
    m: EntityManager,
    tenantId: string,
    year: number,
    subject: 'cadre' | 'team',
  ): Promise<Array<{ targetId: string; score: number }>> {
    return m.query(
      `SELECT d.target_id AS "targetId", avg(d.score)::float8 AS score
         FROM democratic d JOIN cycles c ON c.id = d.cycle_id AND c.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND c.year = $2 AND d.subject = $3 AND d.score IS NOT NULL
        GROUP BY d.target_id`,
      [tenantId, year, subject],
    );
  }

  /** The cadres' verdicts that occurred before `asOf`. */
  verdictHistory(
    m: EntityManager,
    tenantId: string,
    cadreIds: string[],
    asOf: Date,
  ): Promise<Array<{ cadreId: string; verdict: string; occurredAt: Date }>> {
    return m.query(
      `SELECT cadre_id AS "cadreId", verdict, occurred_at AS "occurredAt" FROM political_history
        WHERE tenant_id = $1 AND cadre_id = ANY ($2::uuid[]) AND occurred_at < $3`,
      [tenantId, cadreIds, asOf.toISOString()],
    );
  }

  /** Serialises the making of one tenant's year (the automatic one, the hand, the sweep). */
  async lockYear(m: EntityManager, tenantId: string, year: number): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('annual:' || $1::text || ':' || $2::text, 0))`, [
      tenantId,
      year,
    ]);
  }

  async findEvaluation(tenantId: string, year: number, m?: EntityManager): Promise<AnnualEvaluationRow | null> {
    const [row]: AnnualEvaluationRow[] = await this.q(m).query(
      `SELECT ${EVALUATION_COLUMNS} FROM annual_evaluations WHERE tenant_id = $1 AND year = $2`,
      [tenantId, year],
    );
    return row ?? null;
  }

  async findEvaluationById(tenantId: string, id: string, m?: EntityManager): Promise<AnnualEvaluationRow | null> {
    const [row]: AnnualEvaluationRow[] = await this.q(m).query(
      `SELECT ${EVALUATION_COLUMNS} FROM annual_evaluations WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return row ?? null;
  }

  /** The evaluation and its rows, set-based; the rows are never written again (frozen). */
  async insert(
    m: EntityManager,
    e: Omit<AnnualEvaluationRow, 'gateAsOf' | 'publishedAt'> & { gateAsOf: string; publishedAt: string },
    rows: AnnualCadreRow[],
    teams: AnnualTeamRow[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO annual_evaluations (id, tenant_id, year, source, cycle_ids, random_cycle_ids, weights, gate_as_of, cadres, teams, published_at)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6::uuid[], $7, $8, $9, $10, $11)`,
      [
        e.id,
        e.tenantId,
        e.year,
        e.source,
        e.cycleIds,
        e.randomCycleIds,
        JSON.stringify(e.weights),
        e.gateAsOf,
        e.cadres,
        e.teams,
        e.publishedAt,
      ],
    );
    await m.query(
      `INSERT INTO annual_rankings (tenant_id, year, cadre_id, unit_id, team_id, field_id, periodic, random, democratic, composite, excluded,
              vertical_rank, vertical_n, vertical_percentile, horizontal_rank, horizontal_n, horizontal_percentile)
       SELECT $1, $2, x."cadreId", x."unitId", x."teamId", x."fieldId", x.periodic, x.random, x.democratic, x.composite, x.excluded,
              x."verticalRank", x."verticalN", x."verticalPercentile", x."horizontalRank", x."horizontalN", x."horizontalPercentile"
         FROM jsonb_to_recordset($3::jsonb) AS x("cadreId" uuid, "unitId" uuid, "teamId" uuid, "fieldId" uuid, periodic float8, random float8,
              democratic float8, composite float8, excluded text, "verticalRank" int, "verticalN" int, "verticalPercentile" float8,
              "horizontalRank" int, "horizontalN" int, "horizontalPercentile" float8)`,
      [e.tenantId, e.year, JSON.stringify(rows)],
    );
    await m.query(
      `INSERT INTO annual_team_rankings (tenant_id, year, team_id, unit_id, field_id, periodic, democratic, composite, rank, n, percentile,
              overall_rank, overall_n, overall_percentile)
       SELECT $1, $2, x."teamId", x."unitId", x."fieldId", x.periodic, x.democratic, x.composite, x.rank, x.n, x.percentile,
              x."overallRank", x."overallN", x."overallPercentile"
         FROM jsonb_to_recordset($3::jsonb) AS x("teamId" uuid, "unitId" uuid, "fieldId" uuid, periodic float8, democratic float8,
              composite float8, rank int, n int, percentile float8, "overallRank" int, "overallN" int, "overallPercentile" float8)`,
      [e.tenantId, e.year, JSON.stringify(teams)],
    );
  }

  /** The cadres' rows as stored now (what the record's digest is recomputed from). */
  rows(tenantId: string, year: number, m?: EntityManager): Promise<AnnualCadreRow[]> {
    return this.q(m).query(
      `SELECT ${CADRE_COLUMNS} FROM annual_rankings WHERE tenant_id = $1 AND year = $2 ORDER BY cadre_id`,
      [tenantId, year],
    );
  }

  teams(tenantId: string, year: number, m?: EntityManager): Promise<AnnualTeamRow[]> {
    return this.q(m).query(
      `SELECT ${TEAM_COLUMNS} FROM annual_team_rankings WHERE tenant_id = $1 AND year = $2 ORDER BY team_id`,
      [tenantId, year],
    );
  }

  /** A year to make at its end; a second ask changes nothing. */
  async request(m: EntityManager, tenantId: string, year: number, dueAt: Date): Promise<void> {
    await m.query(`INSERT INTO annual_requests (tenant_id, year, due_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      tenantId,
      year,
      dueAt.toISOString(),
    ]);
  }

  async clearRequest(m: EntityManager, tenantId: string, year: number): Promise<void> {
    await m.query(`DELETE FROM annual_requests WHERE tenant_id = $1 AND year = $2`, [tenantId, year]);
  }

  /** The years of every tenant whose end has come. */
  dueRequests(now: Date): Promise<Array<{ tenantId: string; year: number }>> {
    return this.dataSource.query(
      `SELECT tenant_id AS "tenantId", year FROM annual_requests WHERE due_at <= $1 ORDER BY due_at, tenant_id, year`,
      [now.toISOString()],
    );
  }

  /** One team's (vertical) or one field's (horizontal) annual list; those stopped at the gate last. */
  list(tenantId: string, year: number, scope: 'vertical' | 'horizontal', scopeId: string): Promise<AnnualListRow[]> {
    const p = scope;
    return this.dataSource.query(
      `SELECT a.cadre_id AS "cadreId", k.name, a.unit_id AS "unitId", a.composite, a.${p}_rank AS rank, a.${p}_percentile AS percentile,
              a.excluded, a.periodic, a.random, a.democratic
         FROM annual_rankings a JOIN cadres k ON k.id = a.cadre_id
        WHERE a.tenant_id = $1 AND a.year = $2 AND a.${scope === 'vertical' ? 'team_id' : 'field_id'} = $3
        ORDER BY a.excluded NULLS FIRST, a.${p}_rank, k.name, a.cadre_id`,
      [tenantId, year, scopeId],
    );
  }

  coordinates(tenantId: string, year: number): Promise<AnnualCoordinateRow[]> {
    return this.dataSource.query(
      `SELECT a.cadre_id AS "cadreId", k.name, a.unit_id AS "unitId", a.team_id AS "teamId", a.field_id AS "fieldId", a.composite,
              a.horizontal_percentile AS x, a.vertical_percentile AS y
         FROM annual_rankings a JOIN cadres k ON k.id = a.cadre_id
        WHERE a.tenant_id = $1 AND a.year = $2 AND a.excluded IS NULL AND a.horizontal_percentile IS NOT NULL AND a.vertical_percentile IS NOT NULL
        ORDER BY a.composite DESC, k.name, a.cadre_id`,
      [tenantId, year],
    );
  }

  teamCoordinates(tenantId: string, year: number, unitId?: string): Promise<AnnualTeamCoordinateRow[]> {
    return this.dataSource.query(
      `SELECT a.team_id AS "teamId", t.name, a.unit_id AS "unitId", a.field_id AS "fieldId", a.composite, a.percentile AS x, a.overall_percentile AS y
         FROM annual_team_rankings a JOIN teams t ON t.id = a.team_id
        WHERE a.tenant_id = $1 AND a.year = $2 AND ($3::uuid IS NULL OR a.unit_id = $3)
        ORDER BY a.composite DESC, t.name, a.team_id`,
      [tenantId, year, unitId ?? null],
    );
  }

  /** The cadre's annual rows, oldest year first; without those where the gate stopped them when asked. */
  trend(tenantId: string, cadreId: string, withoutGated: boolean): Promise<AnnualTrendRow[]> {
    return this.dataSource.query(
      `SELECT year, composite, vertical_rank AS "verticalRank", horizontal_rank AS "horizontalRank", horizontal_percentile AS "horizontalPercentile"
         FROM annual_rankings WHERE tenant_id = $1 AND cadre_id = $2 AND (NOT $3 OR excluded IS NULL) ORDER BY year`,
      [tenantId, cadreId, withoutGated],
    );
  }

  async findWeights(tenantId: string, m?: EntityManager): Promise<AnnualWeights | null> {
    const [row]: AnnualWeights[] = await this.q(m).query(
      `SELECT periodic, random, democratic FROM annual_weights WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  /** The weights of the evaluations made from now on; one made already keeps its own (frozen). */
  async saveWeights(tenantId: string, w: AnnualWeights): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO annual_weights (tenant_id, periodic, random, democratic) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET periodic = EXCLUDED.periodic, random = EXCLUDED.random, democratic = EXCLUDED.democratic, updated_at = now()`,
      [tenantId, w.periodic, w.random, w.democratic],
    );
  }
}
