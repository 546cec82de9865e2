import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymity that holds in small groups (docs/anonymity.md):
 * - `settings`: the tenant's `minGroupSize` (no row: the default, 5);
 * - campaigns of cycles already closed get one more pass of the results publisher, which shuffles
 *   their ballots (one transaction id, no physical cast order) and republishes their results under
 *   the threshold;
 * - the per-batch `review.ballot.cast` rows still kept in the outbox lose their time of day.
 */
export class ReviewAnonymity1764000001600 implements MigrationInterface {
  name = 'ReviewAnonymity1764000001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        tenant_id uuid PRIMARY KEY,
        min_group_size int NOT NULL CHECK (min_group_size BETWEEN 3 AND 20)
      )`);
    await q.query(
      `UPDATE campaigns SET results_dirty = true WHERE cycle_id IN (SELECT id FROM cycles WHERE status IN ('closed', 'published'))`,
    );
    await q.query(
      `UPDATE outbox SET created_at = date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                         published_at = date_trunc('day', published_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        WHERE type = 'review.ballot.cast'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE settings`);
  }
}
