import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  AdjustmentBatchView,
  AdjustmentMove,
  Gender,
  Grade,
  RankingExclusion,
  SandboxMove,
  ScenarioView,
  TalkKind,
  TalkView,
} from '@cadre/contracts';
import type { AdjustedCadre } from './selection-statistics';
import type { Member } from './team-metrics';
import { SNAPSHOT_OF_ROW } from '../ranking/cycle-snapshot.sql';

/**
 * "Distinguished in wartime" (战时表现突出): an outstanding record, or a volunteered one rated good or
 * better. The SQL predicate over the `wartime` projection, aliased w.
 */
const DISTINGUISHED = `(w.performance = 'outstanding' OR (w.volunteered AND w.performance = 'good'))`;

/**
 * The moves of batch b as rows m(cadre_id, effective_date, to_unit_id): its moves, or for a batch of
 * the old form its ids, effective on the decision date.
 */
const BATCH_MOVES = `(
  SELECT mv."cadreId" AS cadre_id, mv."effectiveDate" AS effective_date, mv."toUnitId" AS to_unit_id
    FROM jsonb_to_recordset(coalesce(b.moves, '[]'::jsonb)) AS mv("cadreId" uuid, "effectiveDate" date, "toUnitId" uuid)
  UNION ALL
  SELECT c, b.decided_on, NULL::uuid FROM unnest(CASE WHEN b.moves IS NULL THEN b.cadre_ids ELSE '{}'::uuid[] END) AS c
) m`;

/** Young on the move's day: below the limit ($2 years) on m.effective_date (a 40th birthday that day is not young). */
const YOUNG_ON_MOVE = `k.birth_date > m.effective_date - make_interval(years => $2)`;

/** A ranked, politically clean cadre of the cycle at or above the selection percentile. */
export interface SelectionCandidateRow {
  cadreId: string;
  name: string;
  gender: Gender;
  birthDate: string;
  composite: number;
  horizontalPercentile: number;
  verticalRank: number | null;
  grade: Grade | null;
  distinguished: boolean;
}

/** Cadres moved in any batch, how many of them young and how many distinguished in wartime. */
export interface BatchTotalsRow {
  batches: number;
  cadres: number;
  young: number;
  distinguished: number;
}

/** A ranking row of the cycle with what the follow-up looks at. */
export interface FollowUpRow {
  cadreId: string;
  name: string;
  teamId: string | null;
  composite: number;
  horizontalPercentile: number | null;
  excluded: RankingExclusion | null;
  grade: Grade | null;
  /** A talk was held with the cadre about this cycle or since it closed. */
  talked: boolean;
}

export interface NewBatch {
  id: string;
  tenantId: string;
  name: string;
  decidedOn: string;
  cadreIds: string[];
  /** Null for a batch of the old form (ids only). */
  moves: AdjustmentMove[] | null;
  scenarioId?: string | null;
  note: string | null;
  createdBy: string;
}

/** A batch as stored, its decision time as the driver gives it. */
export type BatchRow = Omit<AdjustmentBatchView, 'decidedAt'> & { decidedAt: Date | null };

export interface CadrePlaceRow {
  id: string;
  unitId: string;
  teamId: string | null;
  status: string;
}

export interface NewScenario {
  id: string;
  tenantId: string;
  name: string;
  moves: SandboxMove[];
  note: string | null;
  createdBy: string;
}

export type ScenarioRow = Omit<ScenarioView, 'createdAt'> & { createdAt: Date };

export interface NewTalk {
  id: string;
  tenantId: string;
  heldOn: string;
  kind: TalkKind;
  topic: string;
  cadreIds: string[];
  notes: string | null;
  cycleId: string | null;
  createdBy: string;
}

export interface CadreTeamRow {
  id: string;
  teamId: string | null;
}

export interface TeamNameRow {
  id: string;
  name: string;
  /** 配合度 of the team's latest periodic cycle that has one; null without. */
  cooperation: number | null;
}

/** A cadre as the sandbox weighs them: latest composite, and the strengths as the conclusion wrote them. */
export type SandboxMemberRow = Omit<Member, 'strengths'> & { teamId: string; strengths: string | null };

/** The statements of selection (考用结合), follow-up (考管联动) and the sandbox (选配沙盘). */
@Injectable()
export class MechanismsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The cycle's candidates, best first: not stopped at the gate, verdict pass (as of the close for a
   * closed or published cycle), horizontal percentile at least `minPercentile`.
   */
  selectionCandidates(tenantId: string, cycleId: string, minPercentile: number): Promise<SelectionCandidateRow[]> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, k.gender, k.birth_date::text AS "birthDate", r.composite, r.horizontal_percentile AS "horizontalPercentile",
                r.vertical_rank AS "verticalRank", a.grade,
                EXISTS (SELECT 1 FROM wartime w WHERE w.cadre_id = r.cadre_id AND ${DISTINGUISHED}) AS distinguished
           FROM rankings r JOIN cadres k ON k.id = r.cadre_id
           LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
           LEFT JOIN political p ON p.cadre_id = r.cadre_id
           ${SNAPSHOT_OF_ROW}
          WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.excluded IS NULL
            AND coalesce(CASE WHEN s.cycle_id IS NULL THEN p.verdict ELSE s.verdict END, 'pass') = 'pass'
            AND r.horizontal_percentile >= $3
          ORDER BY r.horizontal_percentile DESC, r.composite DESC, k.name`,
      [tenantId, cycleId, minPercentile],
    );
  }

  /** Those of the ids that are cadres of the tenant. */
  async existingCadres(tenantId: string, ids: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
    return rows.map((r) => r.id);
  }

  async insertBatch(b: NewBatch): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO adjustment_batches (id, tenant_id, name, decided_on, cadre_ids, note, created_by, moves, status, scenario_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        b.id,
        b.tenantId,
        b.name,
        b.decidedOn,
        b.cadreIds,
        b.note,
        b.createdBy,
        b.moves ? JSON.stringify(b.moves) : null,
        b.moves ? 'draft' : 'recorded',
        b.scenarioId ?? null,
      ],
    );
  }

  /**
   * The tenant's batches in the order decided, each with its young cadres (under `youngAgeLimit` on
   * each move's effective date, an old batch's decision date) and those distinguished in wartime.
   * Keyset on (decided_on, created_at, id), after `page.after` (created_at as its text, `sortKey`:
   * microseconds kept); `page.limit` rows at most.
   */
  batches(
    tenantId: string,
    youngAgeLimit: number,
    page: { after?: [string, string, string]; id?: string; limit: number },
  ): Promise<Array<BatchRow & { sortKey: string }>> {
    const params: unknown[] = [tenantId, youngAgeLimit];
    let after = page.after
      ? `AND (b.decided_on, b.created_at, b.id) > ($${params.push(page.after[0])}::date, $${params.push(page.after[1])}::timestamptz, $${params.push(page.after[2])}::uuid)`
      : '';
    if (page.id) after += ` AND b.id = $${params.push(page.id)}::uuid`;
    return this.dataSource.query(
      `SELECT b.id, b.name, b.decided_on::text AS "decidedOn", b.note, cardinality(b.cadre_ids) AS cadres,
              (SELECT count(DISTINCT m.cadre_id)::int FROM ${BATCH_MOVES} JOIN cadres k ON k.id = m.cadre_id
                WHERE ${YOUNG_ON_MOVE}) AS young,
              (SELECT count(DISTINCT w.cadre_id)::int FROM wartime w WHERE w.cadre_id = ANY (b.cadre_ids) AND ${DISTINGUISHED}) AS distinguished,
              b.status, b.moves, b.scenario_id AS "scenarioId", b.decided_at AS "decidedAt", b.decided_by AS "decidedBy",
              b.created_at::text AS "sortKey"
         FROM adjustment_batches b WHERE b.tenant_id = $1 ${after}
        ORDER BY b.decided_on, b.created_at, b.id LIMIT ${page.limit}`,
      params,
    );
  }

  /** Over the distinct cadres of all the tenant's batches (one moved twice counts once, by the latest move). */
  async batchTotals(tenantId: string, youngAgeLimit: number): Promise<BatchTotalsRow> {
    const [all]: BatchTotalsRow[] = await this.dataSource.query(
      `WITH moved AS (
         SELECT DISTINCT ON (m.cadre_id) m.cadre_id, m.effective_date
           FROM adjustment_batches b CROSS JOIN LATERAL ${BATCH_MOVES}
          WHERE b.tenant_id = $1 ORDER BY m.cadre_id, m.effective_date DESC)
       SELECT (SELECT count(*)::int FROM adjustment_batches WHERE tenant_id = $1) AS batches, count(*)::int AS cadres,
              count(*) FILTER (WHERE k.birth_date > moved.effective_date - make_interval(years => $2))::int AS young,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM wartime w WHERE w.cadre_id = moved.cadre_id AND ${DISTINGUISHED}))::int AS distinguished
         FROM moved JOIN cadres k ON k.id = moved.cadre_id`,
      [tenantId, youngAgeLimit],
    );
    return all;
  }

  /**
   * The cadres adjusted, a row per move: of one batch (`batchId`), or of the recorded and decided
   * batches with moves effective between `from` and `to`. Excellent: 优秀 in `excellenceCycleId` after
   * calibration; distinguished: in a random cycle of `topic`.
   */
  adjustedCadres(
    tenantId: string,
    scope: { batchId: string } | { from: string; to: string },
    excellenceCycleId: string | null,
    topic: string | null,
  ): Promise<Array<AdjustedCadre & { batchId: string }>> {
    const params: unknown[] = [tenantId, excellenceCycleId, topic];
    const where =
      'batchId' in scope
        ? `b.id = $${params.push(scope.batchId)}::uuid`
        : `b.status IN ('recorded', 'decided') AND m.effective_date BETWEEN $${params.push(scope.from)}::date AND $${params.push(scope.to)}::date`;
    return this.dataSource.query(
      `SELECT b.id AS "batchId", m.cadre_id AS "cadreId", k.birth_date::text AS "birthDate", m.effective_date::text AS "effectiveDate",
              u.kind AS "unitKind",
              coalesce(cal.grade, a.grade) IS NOT DISTINCT FROM 'excellent' AS excellent,
              ($3::text IS NOT NULL AND EXISTS (
                SELECT 1 FROM wartime w JOIN cycles c ON c.id = w.cycle_id
                 WHERE w.cadre_id = m.cadre_id AND c.tenant_id = b.tenant_id AND c.topic = $3 AND ${DISTINGUISHED})) AS distinguished
         FROM adjustment_batches b CROSS JOIN LATERAL ${BATCH_MOVES}
         JOIN cadres k ON k.id = m.cadre_id AND k.tenant_id = $1
         JOIN units u ON u.id = coalesce(m.to_unit_id, k.unit_id)
         LEFT JOIN apply_results a ON a.cycle_id = $2 AND a.cadre_id = m.cadre_id
         LEFT JOIN calibrations cal ON cal.cycle_id = $2 AND cal.cadre_id = m.cadre_id
        WHERE b.tenant_id = $1 AND ${where}
        ORDER BY m.effective_date, b.created_at, m.cadre_id`,
      params,
    );
  }

  /** The latest published periodic cycle of the tenant: whose 优秀 counts as "excellent". */
  async latestPublishedPeriodic(tenantId: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM cycles WHERE tenant_id = $1 AND kind = 'periodic' AND status = 'published' ORDER BY year DESC, half DESC NULLS LAST, closes_at DESC LIMIT 1`,
      [tenantId],
    );
    return row?.id ?? null;
  }

  /** Batches with a counted move in the period. */
  async batchesIn(tenantId: string, from: string, to: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT b.id)::int AS n FROM adjustment_batches b CROSS JOIN LATERAL ${BATCH_MOVES}
        WHERE b.tenant_id = $1 AND b.status IN ('recorded', 'decided') AND m.effective_date BETWEEN $2::date AND $3::date`,
      [tenantId, from, to],
    );
    return row.n;
  }

  /** Marks a draft batch decided; 0 when it is not (any more) a draft. */
  async markDecided(tenantId: string, id: string, by: string): Promise<number> {
    const [, n]: [unknown[], number] = await this.dataSource.query(
      `UPDATE adjustment_batches SET status = 'decided', decided_at = now(), decided_by = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'draft'`,
      [tenantId, id, by],
    );
    return n;
  }

  /** Where the cadres of the tenant among the ids are now. */
  cadrePlaces(tenantId: string, ids: string[]): Promise<CadrePlaceRow[]> {
    return this.dataSource.query(
      `SELECT id, unit_id AS "unitId", team_id AS "teamId", status FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
  }

  /** The units of the tenant among the ids. */
  async knownUnits(tenantId: string, ids: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM units WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The teams of the tenant among the ids, with their unit. */
  teamUnits(tenantId: string, ids: string[]): Promise<Array<{ id: string; unitId: string }>> {
    return this.dataSource.query(
      `SELECT id, unit_id AS "unitId" FROM teams WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
  }

  async insertScenario(sc: NewScenario): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sandbox_scenarios (id, tenant_id, name, moves, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sc.id, sc.tenantId, sc.name, JSON.stringify(sc.moves), sc.note, sc.createdBy],
    );
  }

  /**
   * The tenant's scenarios, the latest first, with the batches made of each. Keyset on (created_at,
   * id) descending before `page.before`; or the one of `page.id`.
   */
  scenarios(
    tenantId: string,
    page: { before?: [string, string]; id?: string; limit: number },
  ): Promise<Array<ScenarioRow & { sortKey: string }>> {
    const params: unknown[] = [tenantId];
    let where = page.before
      ? `AND (s.created_at, s.id) < ($${params.push(page.before[0])}::timestamptz, $${params.push(page.before[1])}::uuid)`
      : '';
    if (page.id) where += ` AND s.id = $${params.push(page.id)}::uuid`;
    return this.dataSource.query(
      `SELECT s.id, s.name, s.moves, s.note, s.created_by AS "createdBy", s.created_at AS "createdAt",
              coalesce((SELECT array_agg(b.id ORDER BY b.created_at, b.id) FROM adjustment_batches b WHERE b.scenario_id = s.id AND b.tenant_id = s.tenant_id), '{}') AS "batchIds",
              s.created_at::text AS "sortKey"
         FROM sandbox_scenarios s WHERE s.tenant_id = $1 ${where}
        ORDER BY s.created_at DESC, s.id DESC LIMIT ${page.limit}`,
      params,
    );
  }

  /** Every ranking row of the cycle with its conclusion and whether a talk followed. */
  followUp(tenantId: string, cycleId: string): Promise<FollowUpRow[]> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, r.team_id AS "teamId", r.composite, r.horizontal_percentile AS "horizontalPercentile", r.excluded, a.grade,
                EXISTS (SELECT 1 FROM talks t WHERE t.tenant_id = r.tenant_id AND r.cadre_id = ANY (t.cadre_ids) AND (t.cycle_id = r.cycle_id OR t.held_on >= c.closes_at::date)) AS talked
           FROM rankings r JOIN cadres k ON k.id = r.cadre_id JOIN cycles c ON c.id = r.cycle_id
           LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
          WHERE r.tenant_id = $1 AND r.cycle_id = $2`,
      [tenantId, cycleId],
    );
  }

  async insertTalk(t: NewTalk): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO talks (id, tenant_id, held_on, kind, topic, cadre_ids, notes, cycle_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [t.id, t.tenantId, t.heldOn, t.kind, t.topic, t.cadreIds, t.notes, t.cycleId, t.createdBy],
    );
  }

  /** The tenant's talks, latest first; only those with the cadre when given. */
  /**
   * The latest first. Keyset on (held_on, created_at, id) descending, before `page.before` (created_at
   * as its text, `sortKey`: microseconds kept); `page.limit` rows at most.
   */
  talks(
    tenantId: string,
    cadreId: string | null,
    page: { before?: [string, string, string]; limit: number },
  ): Promise<Array<TalkView & { sortKey: string }>> {
    const params: unknown[] = [tenantId, cadreId];
    const before = page.before
      ? `AND (held_on, created_at, id) < ($${params.push(page.before[0])}::date, $${params.push(page.before[1])}::timestamptz, $${params.push(page.before[2])}::uuid)`
      : '';
    return this.dataSource.query(
      `SELECT id, held_on::text AS "heldOn", kind, topic, cadre_ids AS "cadreIds", notes, cycle_id AS "cycleId", created_by AS "createdBy",
              created_at::text AS "sortKey"
         FROM talks WHERE tenant_id = $1 AND ($2::uuid IS NULL OR $2 = ANY (cadre_ids)) ${before}
        ORDER BY held_on DESC, created_at DESC, id DESC LIMIT ${page.limit}`,
      params,
    );
  }

  /** The cadres of the tenant among the ids, with their current team. */
  cadreTeams(tenantId: string, ids: string[]): Promise<CadreTeamRow[]> {
    return this.dataSource.query(
      `SELECT id, team_id AS "teamId" FROM cadres WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
  }

  /** The teams of the tenant among the ids. */
  /** The teams with their latest 配合度 (the cooperation of their latest periodic cycle that has one). */
  teams(tenantId: string, ids: string[]): Promise<TeamNameRow[]> {
    return this.dataSource.query(
      `SELECT t.id, t.name,
              (SELECT r.cooperation FROM team_rankings r JOIN cycles c ON c.id = r.cycle_id
                WHERE r.tenant_id = t.tenant_id AND r.team_id = t.id AND r.cooperation IS NOT NULL
                ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1) AS cooperation
         FROM teams t WHERE t.tenant_id = $1 AND t.id = ANY ($2::uuid[])`,
      [tenantId, ids],
    );
  }

  /** The active members of the teams and the moved cadres, with their latest periodic composite and strengths. */
  sandboxMembers(tenantId: string, teamIds: string[], cadreIds: string[]): Promise<SandboxMemberRow[]> {
    return this.dataSource.query(
      `SELECT k.id AS "cadreId", k.name, k.birth_date::text AS "birthDate", k.gender, k.team_id AS "teamId",
              (SELECT r.composite FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = k.id WHERE c.tenant_id = k.tenant_id AND c.kind = 'periodic' ORDER BY c.year DESC, c.half DESC LIMIT 1) AS composite,
              (SELECT a.strengths FROM apply_results a JOIN cycles c ON c.id = a.cycle_id WHERE a.cadre_id = k.id ORDER BY c.year DESC, c.half DESC NULLS LAST LIMIT 1) AS strengths
         FROM cadres k WHERE k.tenant_id = $1 AND k.status = 'active' AND (k.team_id = ANY ($2::uuid[]) OR k.id = ANY ($3::uuid[]))`,
      [tenantId, teamIds, cadreIds],
    );
  }
}
