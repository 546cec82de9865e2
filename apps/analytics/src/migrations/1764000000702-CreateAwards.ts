import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 正向激励: award campaigns, their winners and the published exemplary stories. */
export class CreateAwards1764000000702 implements MigrationInterface {
  name = 'CreateAwards1764000000702';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE awards (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('good_team', 'good_cadre', 'advanced_individual')),
        name text NOT NULL,
        cycle_id uuid NOT NULL,
        quota int NOT NULL CHECK (quota > 0),
        grassroots_min float8 NOT NULL CHECK (grassroots_min BETWEEN 0 AND 1),
        campaign_id uuid,
        status text NOT NULL DEFAULT 'nominating' CHECK (status IN ('nominating', 'decided', 'published')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX awards_tenant ON awards (tenant_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE award_winners (
        award_id uuid NOT NULL REFERENCES awards (id),
        target_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        place int NOT NULL,
        grassroots boolean NOT NULL,
        story_title text,
        story_text text,
        PRIMARY KEY (award_id, target_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE award_winners`);
    await q.query(`DROP TABLE awards`);
  }
}
