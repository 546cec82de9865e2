import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 校准 between close and publish: the tenant's and each cycle's 优秀 guideline, the calibrated values
 * (the current ones) and their trail (every change, never updated). The ranking row keeps the
 * computed composite beside the calibrated one, so the original survives every recompute.
 */
export class Calibration1765200000700 implements MigrationInterface {
  name = 'Calibration1765200000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE grade_guidelines (
        tenant_id uuid PRIMARY KEY,
        excellent_max_share float8 NOT NULL CHECK (excellent_max_share BETWEEN 0 AND 1),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cycle_guidelines (
        cycle_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        excellent_max_share float8 NOT NULL CHECK (excellent_max_share BETWEEN 0 AND 1),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calibrations (
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        composite float8 CHECK (composite BETWEEN 0 AND 100),
        grade text CHECK (grade IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
        PRIMARY KEY (cycle_id, cadre_id)
      )`);
    // Append-only: an id per entry (the publish override's is the published event's, so a
    // redelivery adds nothing); from/to as JSON since a grade is text and a composite a number.
    await q.query(`
      CREATE TABLE calibration_changes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        cadre_id uuid,
        field text NOT NULL CHECK (field IN ('grade', 'composite', 'guideline', 'publish_override')),
        from_value jsonb,
        to_value jsonb,
        reason text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX calibration_changes_cycle ON calibration_changes (tenant_id, cycle_id, at)`);
    // Null unless the row's composite is a calibrated one: then this is the composite as computed.
    await q.query(`ALTER TABLE rankings ADD COLUMN computed_composite float8`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rankings DROP COLUMN computed_composite`);
    for (const t of ['calibration_changes', 'calibrations', 'cycle_guidelines', 'grade_guidelines'])
      await q.query(`DROP TABLE ${t}`);
  }
}
