import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTeamsProjection } from '@cadre/roster-projection';

/**
 * 班子考核: a periodic cycle appraises the leadership teams of its units as well as their cadres, in
 * the same four steps. Appraisal now keeps the roster's teams (their unit and name) to know whose
 * team it is; the table is the one libs/roster-projection makes (createTeamsProjection: the
 * helper for the whole shape would make the cadres table again). A database from before this migration fills it by
 * `main.js replay-projections` (docs/operating.md).
 */
export class TeamAppraisals1765400000500 implements MigrationInterface {
  name = 'TeamAppraisals1765400000500';

  async up(q: QueryRunner): Promise<void> {
    await createTeamsProjection(q);
    await q.query(`CREATE INDEX teams_unit ON teams (tenant_id, unit_id)`);
    await q.query(`
      CREATE TABLE team_appraisals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL REFERENCES cycles (id),
        team_id uuid NOT NULL,
        completed_steps text[] NOT NULL DEFAULT '{}',
        score float8,
        running_state text CHECK (running_state IN ('good', 'fairly_good', 'average', 'poor')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, team_id)
      )`);
    await q.query(`CREATE INDEX team_appraisals_team ON team_appraisals (tenant_id, team_id)`);
    await q.query(`
      CREATE TABLE team_appraisal_steps (
        team_appraisal_id uuid NOT NULL REFERENCES team_appraisals (id),
        step text NOT NULL CHECK (step IN ('look', 'listen', 'ask', 'apply')),
        tenant_id uuid NOT NULL,
        content jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_appraisal_id, step)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE team_appraisal_steps');
    await q.query('DROP TABLE team_appraisals');
    await q.query('DROP TABLE teams');
  }
}
