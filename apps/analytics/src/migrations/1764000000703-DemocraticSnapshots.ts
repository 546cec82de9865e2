import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which snapshot of a campaign's results the `democratic` projection holds: review publishes the whole
 * result again and again while ballots arrive, and a redelivered older snapshot (after a nak) must
 * not replace a newer one. Ballots only accumulate, so the cast count orders them.
 */
export class DemocraticSnapshots1764000000703 implements MigrationInterface {
  name = 'DemocraticSnapshots1764000000703';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE democratic_snapshots (
        campaign_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cast_count int NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE democratic_snapshots`);
  }
}
