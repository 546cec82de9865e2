import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What 一干部一档案 and 一班子一档案 print beyond the rankings, projected from the events that carry
 * it: the problems found in the 问 step (appraisal.step.recorded), the 责任清单 with fulfilment
 * (checklists.responsibility.updated), a team's problems and rectification requirement from its 切
 * (appraisal.team_step.recorded) and the rectification items of two-way review opinions with their
 * state (review.rectification.overdue / done). Rebuildable by replaying the stream.
 */
export class DossierSources1765800000700 implements MigrationInterface {
  name = 'DossierSources1765800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ask_problems (
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        problems jsonb NOT NULL,
        PRIMARY KEY (cycle_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX ask_problems_cadre ON ask_problems (tenant_id, cadre_id)`);
    await q.query(`
      CREATE TABLE responsibilities (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        year int NOT NULL,
        duty text NOT NULL,
        target jsonb NOT NULL,
        measures text NOT NULL,
        actual float8,
        fulfillment_rate float8 NOT NULL,
        fulfillments int NOT NULL,
        rating text,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX responsibilities_cadre ON responsibilities (tenant_id, cadre_id, year)`);
    await q.query(`ALTER TABLE team_apply_results ADD COLUMN problems text, ADD COLUMN rectification text`);
    await q.query(`
      CREATE TABLE rectifications (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        opinion_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        title text NOT NULL,
        deadline date NOT NULL,
        state text NOT NULL CHECK (state IN ('overdue', 'done')),
        done_on date,
        late boolean,
        note text
      )`);
    await q.query(`CREATE INDEX rectifications_unit ON rectifications (tenant_id, unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rectifications`);
    await q.query(`ALTER TABLE team_apply_results DROP COLUMN problems, DROP COLUMN rectification`);
    await q.query(`DROP TABLE responsibilities`);
    await q.query(`DROP TABLE ask_problems`);
  }
}
