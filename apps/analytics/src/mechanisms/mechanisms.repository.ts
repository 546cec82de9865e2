import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AdjustmentBatchView, Gender, Grade, RankingExclusion, TalkKind, TalkView } from '@cadre/contracts';
import type { Member } from './team-metrics';
import { SNAPSHOT_OF_ROW } from '../ranking/cycle-snapshot.sql';

/**
 * "Distinguished in wartime" (战时表现突出): an outstanding record, or a volunteered one rated good or
 * better. The SQL predicate over the `wartime` projection, aliased w.
 */
const DISTINGUISHED = `(w.performance = 'outstanding' OR (w.volunteered AND w.performance = 'good'))`;

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
  note: string | null;
  createdBy: string;
}

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
      `INSERT INTO adjustment_batches (id, tenant_id, name, decided_on, cadre_ids, note, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [b.id, b.tenantId, b.name, b.decidedOn, b.cadreIds, b.note, b.createdBy],
    );
  }

  /** The tenant's batches in the order decided, each with its young (under `youngAge` in `year`) and distinguished cadres. */
  /**
   * Keyset on (decided_on, created_at, id), after `page.after` (created_at as its text, `sortKey`:
   * microseconds kept); `page.limit` rows at most.
   */
  batches(
    tenantId: string,
    year: number,
    youngAge: number,
    page: { after?: [string, string, string]; id?: string; limit: number },
  ): Promise<Array<AdjustmentBatchView & { sortKey: string }>> {
    const params: unknown[] = [tenantId, year, youngAge];
    let after = page.after
      ? `AND (b.decided_on, b.created_at, b.id) > ($${params.push(page.after[0])}::date, $${params.push(page.after[1])}::timestamptz, $${params.push(page.after[2])}::uuid)`
      : '';
    if (page.id) after += ` AND b.id = $${params.push(page.id)}::uuid`;
    return this.dataSource.query(
      `SELECT b.id, b.name, b.decided_on::text AS "decidedOn", b.note, cardinality(b.cadre_ids) AS cadres,
              (SELECT count(*)::int FROM cadres k WHERE k.id = ANY (b.cadre_ids) AND $2 - extract(year FROM k.birth_date) < $3) AS young,
              (SELECT count(DISTINCT w.cadre_id)::int FROM wartime w WHERE w.cadre_id = ANY (b.cadre_ids) AND ${DISTINGUISHED}) AS distinguished,
              b.created_at::text AS "sortKey"
         FROM adjustment_batches b WHERE b.tenant_id = $1 ${after}
        ORDER BY b.decided_on, b.created_at, b.id LIMIT ${page.limit}`,
      params,
    );
  }

  /** Over the distinct cadres of all the tenant's batches (one moved twice counts once). */
  async batchTotals(tenantId: string, year: number, youngAge: number): Promise<BatchTotalsRow> {
    const [all]: BatchTotalsRow[] = await this.dataSource.query(
      `WITH moved AS (SELECT DISTINCT unnest(cadre_ids) AS id FROM adjustment_batches WHERE tenant_id = $1)
       SELECT (SELECT count(*)::int FROM adjustment_batches WHERE tenant_id = $1) AS batches, count(*)::int AS cadres,
              count(*) FILTER (WHERE $2 - extract(year FROM k.birth_date) < $3)::int AS young,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM wartime w WHERE w.cadre_id = moved.id AND ${DISTINGUISHED}))::int AS distinguished
         FROM moved JOIN cadres k ON k.id = moved.id`,
      [tenantId, year, youngAge],
    );
    return all;
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
