import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a cycle was last marked dirty and since when it has been dirty: the recompute waits until its
 * inputs have been quiet for RECOMPUTE_DEBOUNCE_MS (a trailing debounce), but not longer than
 * RECOMPUTE_MAX_WAIT_MS after the first mark. Null (rows from before, weights changes) means no wait.
 */
export class RecomputeQuietPeriod1765900000700 implements MigrationInterface {
  name = 'RecomputeQuietPeriod1765900000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recompute_state ADD COLUMN marked_at timestamptz, ADD COLUMN dirty_since timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recompute_state DROP COLUMN marked_at, DROP COLUMN dirty_since`);
  }
}
