import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notification may be addressed to the leaders of a unit (`leaders_of_unit`): every `unit_leader` of
 * that unit sees it in his inbox (review.rectification.overdue: the unit must rectify). Users live in
 * the gateway, so appraisal cannot list the unit's leaders; the unit is the address.
 */
export class UnitLeaderNotifications1765300000610 implements MigrationInterface {
  name = 'UnitLeaderNotifications1765300000610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN leaders_of_unit uuid`);
    // The unnamed CHECK of the first migration (Postgres named it notifications_check).
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_check`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_recipient CHECK (user_id IS NOT NULL OR cadre_id IS NOT NULL OR leaders_of_unit IS NOT NULL)`,
    );
    await q.query(
      `CREATE INDEX notifications_unit ON notifications (tenant_id, leaders_of_unit, created_at DESC) WHERE leaders_of_unit IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE leaders_of_unit IS NOT NULL)`,
    );
    await q.query(`DELETE FROM notifications WHERE leaders_of_unit IS NOT NULL`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_recipient`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_check CHECK (user_id IS NOT NULL OR cadre_id IS NOT NULL)`,
    );
    await q.query(`ALTER TABLE notifications DROP COLUMN leaders_of_unit`);
  }
}
