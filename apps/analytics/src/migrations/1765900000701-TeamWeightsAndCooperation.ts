import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A team's 配合度 and the tenant's team weights:
 * - `democratic.item_scores`: the per-item scores a campaign's result carries (团结协作 `unity` …);
 * - `team_rankings.cooperation`: the team's democratic score on `unity` in the cycle (配合度);
 * - `team_weights`: the tenant's weights of the team composite (the defaults until it sets them);
 * - `cycle_freezes.team_weights`: those in force at the cycle's close (null: frozen before there were
 *   any, i.e. the defaults).
 */
export class TeamWeightsAndCooperation1765900000701 implements MigrationInterface {
  name = 'TeamWeightsAndCooperation1765900000701';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE democratic ADD COLUMN item_scores jsonb`);
    await q.query(`ALTER TABLE team_rankings ADD COLUMN cooperation float8`);
    await q.query(`
      CREATE TABLE team_weights (
        tenant_id uuid PRIMARY KEY,
        apply float8 NOT NULL,
        democratic float8 NOT NULL,
        bottom_up float8 NOT NULL,
        members float8 NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE cycle_freezes ADD COLUMN team_weights jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cycle_freezes DROP COLUMN team_weights`);
    await q.query(`DROP TABLE team_weights`);
    await q.query(`ALTER TABLE team_rankings DROP COLUMN cooperation`);
    await q.query(`ALTER TABLE democratic DROP COLUMN item_scores`);
  }
}
