import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 考用结合 at full strength: a batch records its moves (not only ids) and whether it was decided —
 * carried out in the roster, once —; the 选配沙盘's scenarios are kept and can become a batch.
 * A batch recorded before keeps its ids (cadre_ids) with status 'recorded' and no moves.
 */
export class SelectionMoves1765700000700 implements MigrationInterface {
  name = 'SelectionMoves1765700000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sandbox_scenarios (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        moves jsonb NOT NULL,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sandbox_scenarios_tenant ON sandbox_scenarios (tenant_id, created_at DESC)`);
    await q.query(`
      ALTER TABLE adjustment_batches
        ADD COLUMN moves jsonb,
        ADD COLUMN status text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'draft', 'decided')),
        ADD COLUMN scenario_id uuid REFERENCES sandbox_scenarios (id),
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN decided_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE adjustment_batches DROP COLUMN moves, DROP COLUMN status, DROP COLUMN scenario_id, DROP COLUMN decided_at, DROP COLUMN decided_by`,
    );
    await q.query(`DROP TABLE sandbox_scenarios`);
  }
}
