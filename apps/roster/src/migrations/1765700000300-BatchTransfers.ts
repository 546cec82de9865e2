import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version may be the move of an adjustment batch (调整批次, decided in analytics): the batch is named
 * on it, and one cadre is moved by one batch once, however often the decision is sent.
 */
export class BatchTransfers1765700000300 implements MigrationInterface {
  name = 'BatchTransfers1765700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cadre_versions ADD COLUMN batch_id uuid`);
    await q.query(
      `CREATE UNIQUE INDEX cadre_versions_batch ON cadre_versions (tenant_id, batch_id, cadre_id) WHERE batch_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cadre_versions_batch`);
    await q.query(`ALTER TABLE cadre_versions DROP COLUMN batch_id`);
  }
}
