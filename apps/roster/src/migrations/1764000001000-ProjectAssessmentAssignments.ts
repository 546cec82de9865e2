import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which assessor is assigned to which cadre, projected from `appraisal.group.updated`: the roster
 * shows an assessor only the cadres of their assessment groups (README "Who may see and do what").
 * Never written by the roster's API.
 */
export class ProjectAssessmentAssignments1764000001000 implements MigrationInterface {
  name = 'ProjectAssessmentAssignments1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_assignments (
        group_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        assessor_user_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        PRIMARY KEY (group_id, assessor_user_id, cadre_id)
      )`);
    await q.query(
      `CREATE INDEX assessment_assignments_lookup ON assessment_assignments (tenant_id, assessor_user_id, cadre_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assessment_assignments`);
  }
}
