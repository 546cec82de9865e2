import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The three mechanisms' own records (adjustment batches, talks) and who may read a dossier. */
export class CreateMechanisms1764000000701 implements MigrationInterface {
  name = 'CreateMechanisms1764000000701';

  async up(q: QueryRunner): Promise<void> {
    // Projection of appraisal.group.updated: the assessors assigned to a cadre may read the dossier.
    await q.query(`
      CREATE TABLE assignments (
        group_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        assessor_user_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        PRIMARY KEY (group_id, assessor_user_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX assignments_lookup ON assignments (tenant_id, assessor_user_id, cadre_id)`);
    await q.query(`
      CREATE TABLE adjustment_batches (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        decided_on date NOT NULL,
        cadre_ids uuid[] NOT NULL,
        note text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX adjustment_batches_tenant ON adjustment_batches (tenant_id, decided_on)`);
    await q.query(`
      CREATE TABLE talks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        held_on date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('collective', 'individual')),
        topic text NOT NULL,
        cadre_ids uuid[] NOT NULL,
        notes text,
        cycle_id uuid,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX talks_cadres ON talks USING gin (cadre_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['talks', 'adjustment_batches', 'assignments']) await q.query(`DROP TABLE ${t}`);
  }
}
