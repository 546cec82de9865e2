import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRosterProjection } from '@cadre/roster-projection';

/** The three lists (政治清单, 责任清单, 任务清单) and the projections they are checked against. */
export class CreateChecklists1764000000400 implements MigrationInterface {
  name = 'CreateChecklists1764000000400';

  async up(q: QueryRunner): Promise<void> {
    // Projections of other services' events: never written by this service's API.
    // A literal, not ROSTER_PROJECTION: what a migration creates must not change once it has run.
    await createRosterProjection(q, {});
    await q.query(`CREATE INDEX cadres_tenant ON cadres (tenant_id)`);
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

    await q.query(`
      CREATE TABLE political_templates (
        tenant_id uuid PRIMARY KEY,
        dimensions jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE verdict_rules (
        tenant_id uuid PRIMARY KEY,
        rule jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE political_observations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        dimension text NOT NULL,
        polarity text NOT NULL CHECK (polarity IN ('positive', 'negative')),
        severity text NOT NULL CHECK (severity IN ('minor', 'major', 'red_line')),
        evidence text NOT NULL,
        occurred_at date NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX political_observations_cadre ON political_observations (tenant_id, cadre_id, occurred_at)`,
    );
    await q.query(`
      CREATE TABLE political_files (
        cadre_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('pass', 'attention', 'fail')),
        dimensions jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE responsibilities (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        year int NOT NULL,
        duty text NOT NULL,
        metric text NOT NULL,
        target numeric NOT NULL CHECK (target > 0),
        unit text NOT NULL,
        measures text NOT NULL,
        rating text CHECK (rating IN ('excellent', 'good', 'fair', 'poor')),
        rating_comment text,
        rated_by text,
        rated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX responsibilities_cadre ON responsibilities (tenant_id, cadre_id, year)`);
    await q.query(`
      CREATE TABLE fulfillments (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        responsibility_id uuid NOT NULL REFERENCES responsibilities (id),
        actual numeric NOT NULL,
        evidence text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX fulfillments_responsibility ON fulfillments (responsibility_id, recorded_at)`);

    await q.query(`
      CREATE TABLE priorities (
        tenant_id uuid NOT NULL,
        year int NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (tenant_id, year, code)
      )`);
    await q.query(`
      CREATE TABLE task_lists (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        year int NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'signed')),
        returned_reason text,
        signed_at timestamptz,
        amendments int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT task_lists_cadre_year UNIQUE (tenant_id, cadre_id, year)
      )`);
    await q.query(`
      CREATE TABLE task_list_history (
        id bigserial PRIMARY KEY,
        task_list_id uuid NOT NULL REFERENCES task_lists (id),
        action text NOT NULL,
        actor text NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        task_list_id uuid NOT NULL REFERENCES task_lists (id),
        title text NOT NULL,
        priority text,
        -- The post duty (责任清单 item) the task serves: 以年度中心工作为经、岗位主要工作为纬.
        responsibility_id uuid REFERENCES responsibilities (id),
        measures text NOT NULL,
        metric text NOT NULL,
        target numeric NOT NULL CHECK (target > 0),
        unit text NOT NULL,
        deadline date NOT NULL,
        weight numeric NOT NULL CHECK (weight > 0),
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'completed', 'overdue')),
        actual numeric,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_list ON tasks (task_list_id)`);
    // The overdue sweep: open tasks by deadline.
    await q.query(`CREATE INDEX tasks_open_deadline ON tasks (deadline) WHERE status IN ('planned', 'in_progress')`);
    await q.query(`
      CREATE TABLE task_progress (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks (id),
        actual numeric NOT NULL,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'task_progress',
      'tasks',
      'task_list_history',
      'task_lists',
      'priorities',
      'fulfillments',
      'responsibilities',
      'political_files',
      'political_observations',
      'verdict_rules',
      'political_templates',
      'assessment_assignments',
      'cadres',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
