import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 正向激励 at full strength: an award names key units and fields (扛标) with their share of the places,
 * and may issue its own recommendation ballots (民主推荐, kept in review); their tally, as review
 * answers it under the anonymity threshold, is kept per nominee for the award's order.
 */
export class AwardRecommendations1765700000701 implements MigrationInterface {
  name = 'AwardRecommendations1765700000701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE awards
        ADD COLUMN key_min float8 NOT NULL DEFAULT 0 CHECK (key_min BETWEEN 0 AND 1),
        ADD COLUMN key_unit_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN key_field_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN max_picks int CHECK (max_picks > 0),
        ADD COLUMN recommendation_status text CHECK (recommendation_status IN ('open', 'closed')),
        ADD COLUMN recommendation_ballots int,
        ADD COLUMN recommendation_suppressed boolean`);
    await q.query(`
      CREATE TABLE award_recommendations (
        award_id uuid NOT NULL REFERENCES awards (id),
        target_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        picks int NOT NULL,
        PRIMARY KEY (award_id, target_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE award_recommendations`);
    await q.query(`
      ALTER TABLE awards DROP COLUMN key_min, DROP COLUMN key_unit_ids, DROP COLUMN key_field_ids, DROP COLUMN max_picks,
        DROP COLUMN recommendation_status, DROP COLUMN recommendation_ballots, DROP COLUMN recommendation_suppressed`);
  }
}
