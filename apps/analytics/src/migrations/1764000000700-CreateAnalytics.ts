import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRosterProjection } from '@cadre/roster-projection';

/**
 * Projections of every other service's events (rebuildable by replaying the stream) and what
 * analytics derives from them: composites and ranks per cycle, weights, the recompute state.
 */
export class CreateAnalytics1764000000700 implements MigrationInterface {
  name = 'CreateAnalytics1764000000700';

  async up(q: QueryRunner): Promise<void> {
    // A literal, not ROSTER_PROJECTION: what a migration creates must not change once it has run.
    await createRosterProjection(q, { fields: true, units: true, teams: true, profile: true });
    await q.query(`CREATE INDEX cadres_tenant ON cadres (tenant_id, team_id)`);
    await q.query(`
      CREATE TABLE cadre_history (
        cadre_id uuid NOT NULL,
        version_no int NOT NULL,
        tenant_id uuid NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        summary jsonb NOT NULL,
        PRIMARY KEY (cadre_id, version_no)
      )`);
    await q.query(
      `CREATE TABLE political (cadre_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, verdict text NOT NULL, dimensions jsonb NOT NULL, updated_at timestamptz NOT NULL)`,
    );
    await q.query(
      `CREATE TABLE task_scores (tenant_id uuid NOT NULL, cadre_id uuid NOT NULL, year int NOT NULL, completion float8 NOT NULL, signed boolean NOT NULL DEFAULT false, overdue int NOT NULL DEFAULT 0, PRIMARY KEY (cadre_id, year))`,
    );
    await q.query(`
      CREATE TABLE cycles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        year int NOT NULL,
        half int,
        topic text,
        status text NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        unit_ids uuid[]
      )`);
    await q.query(`CREATE INDEX cycles_tenant ON cycles (tenant_id, year, half)`);
    await q.query(`
      CREATE TABLE apply_results (
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        score float8 NOT NULL,
        grade text NOT NULL,
        strengths text NOT NULL,
        weaknesses text NOT NULL,
        traits text[] NOT NULL,
        suggestion text NOT NULL,
        PRIMARY KEY (cycle_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX apply_results_cadre ON apply_results (cadre_id)`);
    await q.query(`
      CREATE TABLE democratic (
        campaign_id uuid NOT NULL,
        target_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        subject text NOT NULL,
        direction text NOT NULL,
        ballots int NOT NULL,
        excellent_rate float8 NOT NULL,
        score float8,
        PRIMARY KEY (campaign_id, target_id)
      )`);
    await q.query(`CREATE INDEX democratic_cycle ON democratic (cycle_id, target_id)`);
    await q.query(`
      CREATE TABLE wartime (
        record_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        date date NOT NULL,
        volunteered boolean NOT NULL,
        duty_hours float8 NOT NULL,
        performance text NOT NULL,
        points float8 NOT NULL
      )`);
    await q.query(`CREATE INDEX wartime_cadre ON wartime (cadre_id, date)`);

    await q.query(
      `CREATE TABLE weights (tenant_id uuid PRIMARY KEY, periodic float8 NOT NULL, democratic float8 NOT NULL, task float8 NOT NULL, wartime float8 NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    // One row per cadre and cycle: the composite, its parts and both ranks. Derived: a recompute rewrites the cycle's rows.
    await q.query(`
      CREATE TABLE rankings (
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        team_id uuid,
        field_id uuid,
        periodic float8,
        democratic float8,
        task float8,
        wartime float8,
        composite float8 NOT NULL,
        excluded text,
        vertical_rank int,
        vertical_n int,
        vertical_percentile float8,
        horizontal_rank int,
        horizontal_n int,
        horizontal_percentile float8,
        PRIMARY KEY (cycle_id, cadre_id)
      )`);
    // No index on cadre_id: a recompute writes 100,000 rows, and maintaining a second index cost
    // ~15% of it. Reads by cadre go through the tenant's cycles and the primary key instead.
    // Debounce: an input marks the cycle dirty; the first mark of a generation queues its one job.
    await q.query(`
      CREATE TABLE recompute_state (
        cycle_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        dirty boolean NOT NULL,
        generation int NOT NULL,
        -- Names the generation's job. Random, so a schema rebuilt by replay never meets the ids of
        -- jobs BullMQ still keeps from before (same events, same generation numbers).
        generation_key uuid NOT NULL DEFAULT gen_random_uuid(),
        revision int NOT NULL DEFAULT 0,
        computed_at timestamptz,
        recomputes int NOT NULL DEFAULT 0
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'recompute_state',
      'rankings',
      'weights',
      'wartime',
      'democratic',
      'apply_results',
      'cycles',
      'task_scores',
      'political',
      'cadre_history',
      'cadres',
      'teams',
      'units',
      'fields',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
