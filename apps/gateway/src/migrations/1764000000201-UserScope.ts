import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit leader belongs to a unit (what they may read and act on), and a cadre has one account: the one
 * that signs and amends their task list. The unique index is partial, as most users are no cadre.
 */
export class UserScope1764000000201 implements MigrationInterface {
  name = 'UserScope1764000000201';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN unit_id uuid`);
    await q.query(`CREATE UNIQUE INDEX users_tenant_cadre ON users (tenant_id, cadre_id) WHERE cadre_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_tenant_cadre`);
    await q.query(`ALTER TABLE users DROP COLUMN unit_id`);
  }
}
