import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Grade } from '@cadre/contracts';

/** The grades of a cycle as the publish gate counts them, with the guideline in force (null: the default). */
export interface PublishGateRow {
  grades: Grade[];
  cycleShare: number | null;
  tenantShare: number | null;
}

/**
 * Every statement of the publish gate: the projections of analytics' 校准 events (in the event's
 * transaction) and the one read at publish (in the publish's transaction). The tenant is named in each.
 */
@Injectable()
export class PublishGateRepository {
  async setCalibratedGrade(
    m: EntityManager,
    tenantId: string,
    cycleId: string,
    cadreId: string,
    grade: Grade,
  ): Promise<void> {
    await m.query(
      `INSERT INTO calibrated_grades (cycle_id, cadre_id, tenant_id, grade) VALUES ($1, $2, $3, $4)
       ON CONFLICT (cycle_id, cadre_id) DO UPDATE SET grade = EXCLUDED.grade`,
      [cycleId, cadreId, tenantId, grade],
    );
  }

  /** The guideline of a scope (the tenant, or one cycle); null removes a cycle's own. */
  async setGuideline(m: EntityManager, tenantId: string, scopeId: string, share: number | null): Promise<void> {
    if (share === null) {
      await m.query(`DELETE FROM grade_guidelines WHERE tenant_id = $1 AND scope_id = $2`, [tenantId, scopeId]);
      return;
    }
    await m.query(
      `INSERT INTO grade_guidelines (scope_id, tenant_id, excellent_max_share) VALUES ($1, $2, $3)
       ON CONFLICT (scope_id) DO UPDATE SET excellent_max_share = EXCLUDED.excellent_max_share`,
      [scopeId, tenantId, share],
    );
  }

  /** The 切 grades of the cycle, each replaced by its calibration where there is one. */
  async gate(m: EntityManager, tenantId: string, cycleId: string): Promise<PublishGateRow> {
    const [row]: PublishGateRow[] = await m.query(
      `SELECT coalesce((SELECT array_agg(coalesce(g.grade, a.grade)) FROM appraisals a
                         LEFT JOIN calibrated_grades g ON g.cycle_id = a.cycle_id AND g.cadre_id = a.cadre_id
                        WHERE a.tenant_id = $1 AND a.cycle_id = $2 AND a.grade IS NOT NULL), '{}') AS grades,
              (SELECT excellent_max_share FROM grade_guidelines WHERE tenant_id = $1 AND scope_id = $2) AS "cycleShare",
              (SELECT excellent_max_share FROM grade_guidelines WHERE tenant_id = $1 AND scope_id = $1) AS "tenantShare"`,
      [tenantId, cycleId],
    );
    return row;
  }
}
