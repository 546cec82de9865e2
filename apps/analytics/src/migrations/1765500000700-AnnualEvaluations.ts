import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 年度综合评价: one annual evaluation per tenant and year (docs/records.md "The annual record"), its
 * cadres' and teams' rows frozen when it is made, and sealed in the tenant's chain of records (a
 * `records` row of kind `annual`, whose `cycle_id` is the evaluation's id). None of these is a
 * projection: `replay-projections` keeps them, as it keeps the cycles' records.
 * `political_history` is one: every verdict with the time it occurred, so the gate can be read as
 * of the year's end; it starts from the verdicts held now (their time is the last change's).
 */
export class AnnualEvaluations1765500000700 implements MigrationInterface {
  name = 'AnnualEvaluations1765500000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE political_history (
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        verdict text NOT NULL,
        PRIMARY KEY (cadre_id, occurred_at)
      )`);
    await q.query(
      `INSERT INTO political_history (tenant_id, cadre_id, occurred_at, verdict) SELECT tenant_id, cadre_id, updated_at, verdict FROM political`,
    );
    await q.query(
      `CREATE TABLE annual_weights (tenant_id uuid PRIMARY KEY, periodic float8 NOT NULL, random float8 NOT NULL, democratic float8 NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`
      CREATE TABLE annual_evaluations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        year int NOT NULL,
        source text NOT NULL,
        cycle_ids uuid[] NOT NULL,
        random_cycle_ids uuid[] NOT NULL,
        weights jsonb NOT NULL,
        gate_as_of timestamptz NOT NULL,
        cadres int NOT NULL,
        teams int NOT NULL,
        published_at timestamptz NOT NULL,
        UNIQUE (tenant_id, year)
      )`);
    // A year whose periodic cycles are all published before the year is over: made at its end (the sweep).
    await q.query(`
      CREATE TABLE annual_requests (
        tenant_id uuid NOT NULL,
        year int NOT NULL,
        due_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, year)
      )`);
    await q.query(`
      CREATE TABLE annual_rankings (
        tenant_id uuid NOT NULL,
        year int NOT NULL,
        cadre_id uuid NOT NULL,
        unit_id uuid,
        team_id uuid,
        field_id uuid,
        periodic float8,
        random float8,
        democratic float8,
        composite float8 NOT NULL,
        excluded text,
        vertical_rank int,
        vertical_n int,
        vertical_percentile float8,
        horizontal_rank int,
        horizontal_n int,
        horizontal_percentile float8,
        PRIMARY KEY (tenant_id, year, cadre_id)
      )`);
    await q.query(`CREATE INDEX annual_rankings_cadre ON annual_rankings (tenant_id, cadre_id, year)`);
    await q.query(`
      CREATE TABLE annual_team_rankings (
        tenant_id uuid NOT NULL,
        year int NOT NULL,
        team_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        field_id uuid,
        periodic float8,
        democratic float8,
        composite float8 NOT NULL,
        rank int NOT NULL,
        n int NOT NULL,
        percentile float8 NOT NULL,
        overall_rank int NOT NULL,
        overall_n int NOT NULL,
        overall_percentile float8 NOT NULL,
        PRIMARY KEY (tenant_id, year, team_id)
      )`);
    await q.query(`ALTER TABLE records ADD COLUMN kind text NOT NULL DEFAULT 'cycle', ADD COLUMN year int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM records WHERE kind = 'annual'`);
    await q.query(`ALTER TABLE records DROP COLUMN kind, DROP COLUMN year`);
    for (const t of [
      'annual_team_rankings',
      'annual_rankings',
      'annual_requests',
      'annual_evaluations',
      'annual_weights',
      'political_history',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
