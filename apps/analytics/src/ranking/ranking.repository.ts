import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompositeWeights, CoordinatePoint, CycleKind, RankingExclusion, TrendPoint } from '@cadre/contracts';
import { FROZEN_RANKING_SELECT, SNAPSHOT_OF_ROW } from './cycle-snapshot.sql';
import { halfYear, RANKING_COLUMNS, RANKING_SELECT } from './ranking.sql';

/** The tables RANKING_SELECT reads. */
export const RANKING_INPUTS = [
  'cadres',
  'units',
  'apply_results',
  'democratic',
  'task_scores',
  'wartime',
  'political',
  'rankings',
  'cycle_snapshots',
];

/** A cycle as the projection holds it. */
export interface CycleRow {
  id: string;
  year: number;
  half: number | null;
  kind: string;
  status: string;
  name: string;
}

/** What a recompute needs of its cycle. */
export interface RecomputeCycleRow {
  kind: CycleKind;
  year: number;
  half: number | null;
  /** The units the cycle appraises; null: all of the tenant's. */
  unitIds: string[] | null;
}

export interface RecomputeStateRow {
  dirty: boolean;
  revision: number;
  /** Milliseconds since the last mark, and since the first mark of this dirty spell (null: not known). */
  quietMs: number | null;
  dirtyMs: number | null;
}

export interface RankingRevisionRow {
  revision: number;
  computedAt: Date | null;
}

/** Active cadres of one field (null: units without a field) in a cycle's units. */
export interface FieldSizeRow {
  fieldId: string | null;
  n: number;
}

/** The fields one part of a recompute writes. */
export interface FieldPart {
  fields: string[];
  withoutField: boolean;
}

/** The inputs of RANKING_SELECT that are the same for every part of one recompute. */
export interface RankingInput {
  tenantId: string;
  cycleId: string;
  weights: CompositeWeights;
  cycle: RecomputeCycleRow;
  /** Closed or published: ranked from its snapshot (FROZEN_RANKING_SELECT) with `weights` frozen at close. */
  frozen?: boolean;
}

/** A row of a vertical (team) or horizontal (field) ranking list. */
export interface RankingListRow {
  cadreId: string;
  name: string;
  unitId: string | null;
  composite: number;
  rank: number | null;
  percentile: number | null;
  excluded: RankingExclusion | null;
  periodic: number | null;
  democratic: number | null;
  task: number | null;
  wartime: number | null;
}

export type CoordinateRow = Omit<CoordinatePoint, 'quadrant'> & { unitId: string | null };

export interface CadreUnitRow {
  id: string;
  unitId: string | null;
}

export type TrendPointRow = TrendPoint & { cadreId: string };

/** One cycle's debounce mark: its generation key, and whether this mark started the generation. */
export interface MarkedCycleRow {
  cycleId: string;
  key: string;
  fresh: boolean;
}

export interface DirtyCycleRow {
  cycleId: string;
  tenantId: string;
  key: string;
}

/** A statement an outbox `addSelected` turns into events: rows `(aggregate_id uuid, data jsonb)`. */
export interface SelectedEvents {
  select: string;
  params: unknown[];
}

/**
 * Every statement of 比对考核: the recompute (set-based, see ranking.sql.ts), its debounce state,
 * the weights and the reads of rankings and trends. A method given a manager runs in that transaction.
 */
@Injectable()
export class RankingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * ANALYZE the inputs that were never analyzed or changed much since (autovacuum's own rule, 10% +
   * 500 rows): the projections fill from events in bulk (an import of 100,000 cadres, a cycle's
   * democratic results), and without statistics the planner takes them for empty and joins 20,000
   * cadres by nested loops — the recompute ran past statement_timeout (30 s) on every attempt where
   * autovacuum was off or had not come round yet (found by the province bench). Sampling costs
   * milliseconds; run it outside the recompute's transaction so no lock is held meanwhile.
   * Returns the tables analyzed.
   */
  async analyzeStaleInputs(): Promise<string[]> {
    const stale: Array<{ relname: string }> = await this.dataSource.query(
      `SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND relname = ANY ($1::text[])
          AND ((last_analyze IS NULL AND last_autoanalyze IS NULL AND n_live_tup + n_mod_since_analyze > 0) OR n_mod_since_analyze > 0.1 * n_live_tup + 500)`,
      [RANKING_INPUTS],
    );
    for (const { relname } of stale) await this.dataSource.query(`ANALYZE "${relname}"`);
    return stale.map((s) => s.relname);
  }

  /** Locks the cycle's state row for the whole recompute: marks arriving meanwhile wait. */
  async lockState(m: EntityManager, tenantId: string, cycleId: string): Promise<RecomputeStateRow | null> {
    const [state]: RecomputeStateRow[] = await m.query(
      `SELECT dirty, revision,
              (extract(epoch FROM clock_timestamp() - marked_at) * 1000)::float8 AS "quietMs",
              (extract(epoch FROM clock_timestamp() - dirty_since) * 1000)::float8 AS "dirtyMs"
         FROM recompute_state WHERE cycle_id = $1 AND tenant_id = $2 FOR UPDATE`,
      [cycleId, tenantId],
    );
    return state ?? null;
  }

  async findRecomputeCycle(m: EntityManager, tenantId: string, cycleId: string): Promise<RecomputeCycleRow | null> {
    const [cycle]: RecomputeCycleRow[] = await m.query(
      `SELECT kind, year, half, unit_ids AS "unitIds" FROM cycles WHERE id = $1 AND tenant_id = $2`,
      [cycleId, tenantId],
    );
    return cycle ?? null;
  }

  async clearDirty(m: EntityManager, tenantId: string, cycleId: string): Promise<void> {
    await m.query(`UPDATE recompute_state SET dirty = false WHERE cycle_id = $1 AND tenant_id = $2`, [
      cycleId,
      tenantId,
    ]);
  }

  async finishRecompute(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    revision: number,
    computedAt: string,
  ): Promise<void> {
    await m.query(
      `UPDATE recompute_state SET dirty = false, revision = $2, recomputes = recomputes + 1, computed_at = $3 WHERE cycle_id = $1 AND tenant_id = $4`,
      [cycleId, revision, computedAt, tenantId],
    );
  }

  /**
   * Deletes the cycle's rows of cadres who changed field (or left), before the parts run, so that no
   * two parts touch the same row. On its own connection, as the recompute has always run it.
   */
  async deleteMovedRows(cycleId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rankings r WHERE r.cycle_id = $1 AND NOT EXISTS (
           SELECT 1 FROM cadres k JOIN units u ON u.id = k.unit_id WHERE k.id = r.cadre_id AND k.status = 'active' AND u.field_id IS NOT DISTINCT FROM r.field_id)`,
      [cycleId],
    );
  }

  /** Active cadres per field in the cycle's units, largest first. */
  fieldSizes(m: EntityManager, tenantId: string, unitIds: string[] | null): Promise<FieldSizeRow[]> {
    return m.query(
      `SELECT u.field_id AS "fieldId", count(*)::int AS n FROM cadres k JOIN units u ON u.id = k.unit_id
        WHERE k.tenant_id = $1 AND k.status = 'active' AND ($2::uuid[] IS NULL OR k.unit_id = ANY ($2::uuid[])) GROUP BY u.field_id ORDER BY n DESC`,
      [tenantId, unitIds],
    );
  }

  /** Rewrites the rankings of one part's fields with RANKING_SELECT. Returns the rows written. */
  async writePart(m: EntityManager, input: RankingInput, part: FieldPart): Promise<number> {
    const { tenantId, cycleId, weights: w, cycle } = input;
    const [from, to] = halfYear(cycle.year, cycle.half);
    // Sorting the rows twice for the two ranks: in memory, not in temporary files.
    await m.query(`SET LOCAL work_mem = '64MB'`);
    await m.query(
      `DELETE FROM rankings WHERE cycle_id = $1 AND (field_id = ANY ($2::uuid[]) OR ($3 AND field_id IS NULL))`,
      [cycleId, part.fields, part.withoutField],
    );
    const [{ ranked }]: Array<{ ranked: number }> = await m.query(
      `WITH written AS (INSERT INTO rankings (${RANKING_COLUMNS}) ${input.frozen ? FROZEN_RANKING_SELECT : RANKING_SELECT} RETURNING 1) SELECT count(*)::int AS ranked FROM written`,
      [
        cycleId,
        w.periodic,
        w.democratic,
        w.task,
        w.wartime,
        tenantId,
        cycle.kind,
        cycle.year,
        cycle.unitIds,
        from,
        to,
        part.fields,
        part.withoutField,
      ],
    );
    return ranked;
  }

  /** analytics.rankings.recomputed per team and per field of the part, built in SQL from the rows just written. */
  recomputedEvents(cycleId: string, revision: number, computedAt: string, part: FieldPart): SelectedEvents {
    const item = (p: 'vertical' | 'horizontal') =>
      `json_build_object('cadreId', cadre_id, 'composite', composite, 'rank', ${p}_rank, 'percentile', ${p}_percentile, 'excluded', excluded) ORDER BY excluded NULLS FIRST, ${p}_rank, cadre_id`;
    const data = (scope: string, column: string, p: 'vertical' | 'horizontal') =>
      `SELECT $1::uuid AS aggregate_id, jsonb_build_object('cycleId', $1::uuid, 'scope', '${scope}', 'scopeId', ${column}, 'revision', $2::int, 'computedAt', $3::text, 'items', json_agg(${item(p)})) AS data
         FROM rankings WHERE cycle_id = $1 AND ${column} IS NOT NULL AND (field_id = ANY ($4::uuid[]) OR ($5 AND field_id IS NULL)) GROUP BY ${column}`;
    return {
      select: `${data('vertical', 'team_id', 'vertical')} UNION ALL ${data('horizontal', 'field_id', 'horizontal')}`,
      params: [cycleId, revision, computedAt, part.fields, part.withoutField],
    };
  }

  /** A state row for a cycle no input has marked yet, so that a recompute by hand finds one to lock. */
  async ensureState(tenantId: string, cycleId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO recompute_state (cycle_id, tenant_id, dirty, generation) VALUES ($1, $2, false, 1) ON CONFLICT DO NOTHING`,
      [cycleId, tenantId],
    );
  }

  async revision(tenantId: string, cycleId: string): Promise<RankingRevisionRow | null> {
    const [state]: RankingRevisionRow[] = await this.dataSource.query(
      `SELECT revision, computed_at AS "computedAt" FROM recompute_state WHERE cycle_id = $1 AND tenant_id = $2`,
      [cycleId, tenantId],
    );
    return state ?? null;
  }

  /** One team's (vertical) or one field's (horizontal) ranking list; those stopped at the gate last. */
  rankingList(
    tenantId: string,
    cycleId: string,
    scope: 'vertical' | 'horizontal',
    scopeId: string,
  ): Promise<RankingListRow[]> {
    const vertical = scope === 'vertical';
    const p = vertical ? 'vertical' : 'horizontal';
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, coalesce(s.unit_id, k.unit_id) AS "unitId", r.composite, r.${p}_rank AS rank, r.${p}_percentile AS percentile, r.excluded,
              r.periodic, r.democratic, r.task, r.wartime
         FROM rankings r JOIN cadres k ON k.id = r.cadre_id ${SNAPSHOT_OF_ROW}
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.${vertical ? 'team_id' : 'field_id'} = $3
        ORDER BY r.excluded NULLS FIRST, r.${p}_rank, k.name`,
      [tenantId, cycleId, scopeId],
    );
  }

  /** The ranked cadres with both percentiles, best first. */
  coordinates(tenantId: string, cycleId: string): Promise<CoordinateRow[]> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", k.name, coalesce(s.unit_id, k.unit_id) AS "unitId", r.team_id AS "teamId", r.field_id AS "fieldId", r.composite, r.horizontal_percentile AS x, r.vertical_percentile AS y
         FROM rankings r JOIN cadres k ON k.id = r.cadre_id ${SNAPSHOT_OF_ROW}
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.excluded IS NULL AND r.horizontal_percentile IS NOT NULL AND r.vertical_percentile IS NOT NULL
        ORDER BY r.composite DESC, k.name`,
      [tenantId, cycleId],
    );
  }

  async findCadre(tenantId: string, cadreId: string): Promise<CadreUnitRow | null> {
    const [cadre]: CadreUnitRow[] = await this.dataSource.query(
      `SELECT id, unit_id AS "unitId" FROM cadres WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cadreId],
    );
    return cadre ?? null;
  }

  /** Closed or published periodic cycles with a ranking row for the cadres, oldest first; up to a cycle when given. */
  trendPoints(
    tenantId: string,
    cadreIds: string[],
    upTo?: { year: number; half: number | null },
    withoutGated = false,
  ): Promise<TrendPointRow[]> {
    return this.dataSource.query(
      `SELECT r.cadre_id AS "cadreId", c.id AS "cycleId", c.year, c.half, r.composite, r.vertical_rank AS "verticalRank", r.horizontal_rank AS "horizontalRank",
              r.horizontal_percentile AS "horizontalPercentile"
         FROM cycles c JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = ANY ($2::uuid[])
        WHERE c.tenant_id = $1 AND c.kind = 'periodic' AND c.status IN ('closed', 'published')
          AND ($3::int IS NULL OR (c.year, c.half) <= ($3, $4)) AND (NOT $5 OR r.excluded IS NULL)
        ORDER BY r.cadre_id, c.year, c.half`,
      [tenantId, cadreIds, upTo?.year ?? null, upTo?.half ?? 2, withoutGated],
    );
  }

  /** The tenant's weights; null while it has set none. */
  async findWeights(tenantId: string, m: EntityManager = this.dataSource.manager): Promise<CompositeWeights | null> {
    const [row]: CompositeWeights[] = await m.query(
      `SELECT periodic, democratic, task, wartime FROM weights WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ?? null;
  }

  /**
   * Saves the weights and marks every cycle of the tenant not frozen yet dirty in one transaction (a
   * closed or published cycle keeps the weights in force at its close): a clean cycle starts a new
   * generation (new key, so the sweep queues a job for it), a dirty one stays in its own.
   */
  async saveWeights(tenantId: string, w: CompositeWeights): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO weights (tenant_id, periodic, democratic, task, wartime) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id) DO UPDATE SET periodic = EXCLUDED.periodic, democratic = EXCLUDED.democratic, task = EXCLUDED.task, wartime = EXCLUDED.wartime, updated_at = now()`,
        [tenantId, w.periodic, w.democratic, w.task, w.wartime],
      );
      const open = `NOT EXISTS (SELECT 1 FROM cycle_freezes f WHERE f.cycle_id = recompute_state.cycle_id)`;
      await m.query(
        `UPDATE recompute_state SET dirty = true, generation = generation + 1, generation_key = gen_random_uuid() WHERE tenant_id = $1 AND NOT dirty AND ${open}`,
        [tenantId],
      );
      await m.query(`UPDATE recompute_state SET dirty = true WHERE tenant_id = $1 AND ${open}`, [tenantId]);
    });
  }

  async findCycle(tenantId: string, cycleId: string): Promise<CycleRow | null> {
    const [cycle]: CycleRow[] = await this.dataSource.query(
      `SELECT id, year, half, kind, status, name FROM cycles WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cycleId],
    );
    return cycle ?? null;
  }

  /** Ids of every cycle of the tenant not frozen yet (a closed or published one ranks from its snapshot). */
  async cycleIds(m: EntityManager, tenantId: string): Promise<string[]> {
    const cycles: Array<{ id: string }> = await m.query(
      `SELECT id FROM cycles c WHERE tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM cycle_freezes f WHERE f.cycle_id = c.id)`,
      [tenantId],
    );
    return cycles.map((c) => c.id);
  }

  /**
   * Marks the cycles dirty in the caller's transaction. `fresh` compares generations, not the dirty
   * flag the statement's snapshot saw: when a recompute holding the row commits (dirty → false) while
   * this waits for it, the update starts a new generation although `before` still saw the row dirty —
   * and that generation needs its job.
   */
  markDirty(m: EntityManager, tenantId: string, cycleIds: string[]): Promise<MarkedCycleRow[]> {
    return m.query(
      `WITH before AS (SELECT cycle_id, generation FROM recompute_state WHERE cycle_id = ANY ($2::uuid[]))
       INSERT INTO recompute_state (cycle_id, tenant_id, dirty, generation, marked_at, dirty_since)
         SELECT id, $1, true, 1, clock_timestamp(), clock_timestamp() FROM unnest($2::uuid[]) AS u(id)
       ON CONFLICT (cycle_id) DO UPDATE SET dirty = true, marked_at = clock_timestamp(),
         dirty_since = CASE WHEN recompute_state.dirty THEN coalesce(recompute_state.dirty_since, clock_timestamp()) ELSE clock_timestamp() END,
         generation = recompute_state.generation + CASE WHEN recompute_state.dirty THEN 0 ELSE 1 END,
         generation_key = CASE WHEN recompute_state.dirty THEN recompute_state.generation_key ELSE gen_random_uuid() END
       RETURNING cycle_id AS "cycleId", generation_key AS key,
         recompute_state.generation IS DISTINCT FROM (SELECT generation FROM before WHERE before.cycle_id = recompute_state.cycle_id) AS fresh`,
      [tenantId, cycleIds],
    );
  }

  /**
   * Names a new job for a cycle that stays dirty (its recompute waits for quiet): the job that runs now
   * completes and keeps its id, so the next one needs another, and the sweep looks for this one.
   */
  async renewGenerationKey(m: EntityManager, tenantId: string, cycleId: string): Promise<string> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [[row]]: [Array<{ key: string }>, number] = await m.query(
      `UPDATE recompute_state SET generation_key = gen_random_uuid() WHERE cycle_id = $1 AND tenant_id = $2 RETURNING generation_key AS key`,
      [cycleId, tenantId],
    );
    return row.key;
  }

  /** Every dirty cycle of every tenant, for the sweep. */
  dirtyCycles(): Promise<DirtyCycleRow[]> {
    return this.dataSource.query(
      `SELECT cycle_id AS "cycleId", tenant_id AS "tenantId", generation_key AS key FROM recompute_state WHERE dirty`,
    );
  }
}
