import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTeamsProjection } from '@cadre/roster-projection';

/**
 * 班子民主测评: campaigns may rate leadership teams as a whole (`subject = 'team'`), so review keeps
 * the roster's teams (the table libs/roster-projection makes: createTeamsProjection). A database
 * from before this migration fills it by `main.js replay-projections` (docs/operating.md).
 */
export class TeamCampaigns1765400000600 implements MigrationInterface {
  name = 'TeamCampaigns1765400000600';

  async up(q: QueryRunner): Promise<void> {
    await createTeamsProjection(q);
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_subject_check`);
    await q.query(
      `ALTER TABLE campaigns ADD CONSTRAINT campaigns_subject_check CHECK (subject IN ('cadre', 'unit', 'team'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns DROP CONSTRAINT campaigns_subject_check`);
    await q.query(`ALTER TABLE campaigns ADD CONSTRAINT campaigns_subject_check CHECK (subject IN ('cadre', 'unit'))`);
    await q.query('DROP TABLE teams');
  }
}
