import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the publish gate needs from analytics' 校准 (projections of its events): the calibrated grades
 * of each cycle and the 优秀 guidelines — the tenant's (scope_id = tenant id) and each cycle's own.
 */
export class CalibrationProjection1765200000500 implements MigrationInterface {
  name = 'CalibrationProjection1765200000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calibrated_grades (
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        grade text NOT NULL,
        PRIMARY KEY (cycle_id, cadre_id)
      )`);
    await q.query(`
      CREATE TABLE grade_guidelines (
        scope_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        excellent_max_share float8 NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE grade_guidelines`);
    await q.query(`DROP TABLE calibrated_grades`);
  }
}
