import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CalibrationChangeField, Grade, PoliticalVerdict } from '@cadre/contracts';
import type { FieldPart } from '../ranking/ranking.repository';

export interface CalibrationItemRow {
  cadreId: string;
  name: string;
  teamId: string | null;
  fieldId: string | null;
  composite: number;
  grade: Grade | null;
  calibratedComposite: number | null;
  calibratedGrade: Grade | null;
}

/** One cadre of a cycle as an adjustment needs it (locked for the adjustment). */
export interface CalibrationTargetRow {
  composite: number;
  grade: Grade | null;
  calibratedComposite: number | null;
  calibratedGrade: Grade | null;
  verdict: PoliticalVerdict | null;
}

export interface CalibrationChangeRow {
  id: string;
  cadreId: string | null;
  field: CalibrationChangeField;
  from: string | number | null;
  to: string | number | null;
  reason: string;
  actor: string;
  at: Date;
}

export interface GuidelineRows {
  tenant: number | null;
  cycle: number | null;
}

/** Every statement of 校准 (calibration); the tenant is named in each, a given manager is the caller's transaction. */
@Injectable()
export class CalibrationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async knowsCadre(tenantId: string, cadreId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM cadres WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      cadreId,
    ]);
    return rows.length > 0;
  }

  async guidelines(
    tenantId: string,
    cycleId: string | null,
    m: EntityManager = this.dataSource.manager,
  ): Promise<GuidelineRows> {
    const [row]: GuidelineRows[] = await m.query(
      `SELECT (SELECT excellent_max_share FROM grade_guidelines WHERE tenant_id = $1) AS tenant,
              (SELECT excellent_max_share FROM cycle_guidelines WHERE tenant_id = $1 AND cycle_id = $2) AS cycle`,
      [tenantId, cycleId],
    );
    return row;
  }

  async putTenantGuideline(m: EntityManager, tenantId: string, share: number, by: string): Promise<void> {
    await m.query(
      `INSERT INTO grade_guidelines (tenant_id, excellent_max_share, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET excellent_max_share = EXCLUDED.excellent_max_share, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [tenantId, share, by],
    );
  }

  async putCycleGuideline(m: EntityManager, tenantId: string, cycleId: string, share: number): Promise<void> {
    await m.query(
      `INSERT INTO cycle_guidelines (cycle_id, tenant_id, excellent_max_share) VALUES ($1, $2, $3)
       ON CONFLICT (cycle_id) DO UPDATE SET excellent_max_share = EXCLUDED.excellent_max_share, updated_at = now()`,
      [cycleId, tenantId, share],
    );
  }

  /** The cycle's ranked cadres with the original (computed) composite and grade beside the calibrated ones. */
  items(tenantId: string, cycleId: string, m: EntityManager = this.dataSource.manager): Promise<CalibrationItemRow[]> {
    return m.query(
      `SELECT r.cadre_id AS "cadreId", coalesce(k.name, '') AS name, r.team_id AS "teamId", r.field_id AS "fieldId",
              coalesce(r.computed_composite, r.composite) AS composite, a.grade,
              c.composite AS "calibratedComposite", c.grade AS "calibratedGrade"
         FROM rankings r
         LEFT JOIN cadres k ON k.id = r.cadre_id
         LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
         LEFT JOIN calibrations c ON c.cycle_id = r.cycle_id AND c.cadre_id = r.cadre_id
        WHERE r.tenant_id = $1 AND r.cycle_id = $2
        ORDER BY r.excluded NULLS FIRST, coalesce(c.composite, r.composite) DESC, k.name, r.cadre_id`,
      [tenantId, cycleId],
    );
  }

  /** Adjustments of one cycle one at a time, so that each change's `from` is the value the one before left. */
  async lockCycle(m: EntityManager, cycleId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('calibration:' || $1::text, 0))`, [cycleId]);
  }

  async target(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cadreId: string,
  ): Promise<CalibrationTargetRow | null> {
    const [row]: CalibrationTargetRow[] = await m.query(
      `SELECT coalesce(r.computed_composite, r.composite) AS composite, a.grade,
              c.composite AS "calibratedComposite", c.grade AS "calibratedGrade", p.verdict
         FROM rankings r
         LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
         LEFT JOIN calibrations c ON c.cycle_id = r.cycle_id AND c.cadre_id = r.cadre_id
         LEFT JOIN political p ON p.cadre_id = r.cadre_id AND p.tenant_id = r.tenant_id
        WHERE r.tenant_id = $1 AND r.cycle_id = $2 AND r.cadre_id = $3`,
      [tenantId, cycleId, cadreId],
    );
    return row ?? null;
  }

  async setCalibrated(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cadreId: string,
    field: 'grade' | 'composite',
    value: string | number,
  ): Promise<void> {
    await m.query(
      `INSERT INTO calibrations (cycle_id, cadre_id, tenant_id, ${field}) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id, cadre_id) DO UPDATE SET ${field} = EXCLUDED.${field}`,
      [cycleId, cadreId, tenantId, value],
    );
  }

  /** Appends to the trail; an id already there (a redelivered event's) adds nothing. */
  async addChange(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    change: Omit<CalibrationChangeRow, 'at'> & { at?: string },
  ): Promise<CalibrationChangeRow | null> {
    const [row]: CalibrationChangeRow[] = await m.query(
      `INSERT INTO calibration_changes (id, tenant_id, cycle_id, cadre_id, field, from_value, to_value, reason, actor, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now())) ON CONFLICT (id) DO NOTHING
       RETURNING ${this.changeColumns}`,
      [
        change.id,
        tenantId,
        cycleId,
        change.cadreId,
        change.field,
        JSON.stringify(change.from),
        JSON.stringify(change.to),
        change.reason,
        change.actor,
        change.at ?? null,
      ],
    );
    return row ?? null;
  }

  private readonly changeColumns = `id, cadre_id AS "cadreId", field, from_value AS "from", to_value AS "to", reason, actor, at`;

  changes(tenantId: string, cycleId: string): Promise<CalibrationChangeRow[]> {
    return this.dataSource.query(
      `SELECT ${this.changeColumns} FROM calibration_changes WHERE tenant_id = $1 AND cycle_id = $2 ORDER BY at, id`,
      [tenantId, cycleId],
    );
  }

  /**
   * After a recompute part has written its rows: the calibrated composites replace the computed ones
   * (kept in computed_composite) and the part is ranked again as RANKING_SELECT ranks — by team and
   * by field, those stopped at the gate apart and without a rank. Nothing is written for a cycle
   * without calibrated composites. Returns whether the part was ranked again.
   */
  async applyToPart(m: EntityManager, cycleId: string, part: FieldPart): Promise<boolean> {
    const inPart = `(r.field_id = ANY ($2::uuid[]) OR ($3 AND r.field_id IS NULL))`;
    const [{ n }]: Array<{ n: number }> = await m.query(
      `WITH calibrated AS (
         UPDATE rankings r SET computed_composite = r.composite, composite = c.composite
           FROM calibrations c
          WHERE r.cycle_id = $1 AND c.cycle_id = $1 AND c.cadre_id = r.cadre_id AND c.composite IS NOT NULL
            AND r.computed_composite IS NULL AND ${inPart}
         RETURNING 1)
       SELECT count(*)::int AS n FROM calibrated`,
      [cycleId, part.fields, part.withoutField],
    );
    if (n === 0) return false;
    const percentile = (p: string) =>
      `CASE WHEN x.${p}_n = 1 THEN 100 ELSE round((100.0 * (x.${p}_n - x.${p}_rank) / (x.${p}_n - 1))::numeric, 2)::float8 END`;
    await m.query(
      `WITH x AS (
         SELECT r.cadre_id,
                rank() OVER (PARTITION BY r.team_id, r.excluded IS NOT NULL ORDER BY r.composite DESC) AS v_rank,
                count(*) OVER (PARTITION BY r.team_id, r.excluded IS NOT NULL) AS v_n,
                rank() OVER (PARTITION BY r.field_id, r.excluded IS NOT NULL ORDER BY r.composite DESC) AS h_rank,
                count(*) OVER (PARTITION BY r.field_id, r.excluded IS NOT NULL) AS h_n
           FROM rankings r WHERE r.cycle_id = $1 AND ${inPart})
       UPDATE rankings r SET
         vertical_rank = CASE WHEN r.excluded IS NULL AND r.team_id IS NOT NULL THEN x.v_rank END,
         vertical_n = CASE WHEN r.excluded IS NULL AND r.team_id IS NOT NULL THEN x.v_n END,
         vertical_percentile = CASE WHEN r.excluded IS NULL AND r.team_id IS NOT NULL THEN ${percentile('v')} END,
         horizontal_rank = CASE WHEN r.excluded IS NULL AND r.field_id IS NOT NULL THEN x.h_rank END,
         horizontal_n = CASE WHEN r.excluded IS NULL AND r.field_id IS NOT NULL THEN x.h_n END,
         horizontal_percentile = CASE WHEN r.excluded IS NULL AND r.field_id IS NOT NULL THEN ${percentile('h')} END
         FROM x WHERE r.cycle_id = $1 AND r.cadre_id = x.cadre_id`,
      [cycleId, part.fields, part.withoutField],
    );
    return true;
  }

  /** The cycle as the projection holds it (its status decides whether it may be calibrated). */
  async findCycle(
    tenantId: string,
    cycleId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ status: string } | null> {
    const [row]: Array<{ status: string }> = await m.query(
      `SELECT status FROM cycles WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cycleId],
    );
    return row ?? null;
  }
}
