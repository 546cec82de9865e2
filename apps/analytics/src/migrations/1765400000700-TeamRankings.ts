import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 班子排名: the leadership teams of a periodic cycle get a composite and a rank in their field, as
 * cadres do. `team_apply_results` is the teams' 切 (from appraisal.team_step.recorded);
 * `team_rankings` is written by the cycle's recompute, after the cadres' rows it averages.
 */
export class TeamRankings1765400000700 implements MigrationInterface {
  name = 'TeamRankings1765400000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team_apply_results (
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        team_id uuid NOT NULL,
        score float8 NOT NULL,
        running_state text NOT NULL,
        PRIMARY KEY (cycle_id, team_id)
      )`);
    await q.query(`
      CREATE TABLE team_rankings (
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        team_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        field_id uuid,
        apply float8,
        democratic float8,
        bottom_up float8,
        members float8,
        composite float8 NOT NULL,
        rank int NOT NULL,
        n int NOT NULL,
        percentile float8 NOT NULL,
        PRIMARY KEY (cycle_id, team_id)
      )`);
    await q.query(`CREATE INDEX team_rankings_team ON team_rankings (tenant_id, team_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE team_rankings');
    await q.query('DROP TABLE team_apply_results');
  }
}
