import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRosterProjection } from '@cadre/roster-projection';

/** Cycles and their schedule, assessment groups, 望闻问切 records, wartime files and notifications. */
export class CreateAppraisal1764000000500 implements MigrationInterface {
  name = 'CreateAppraisal1764000000500';

  async up(q: QueryRunner): Promise<void> {
    // Projections of other services' events: never written by this service's API.
    // A literal, not ROSTER_PROJECTION: what a migration creates must not change once it has run.
    await createRosterProjection(q, {});
    await q.query(`CREATE INDEX cadres_tenant_unit ON cadres (tenant_id, unit_id)`);
    await q.query(`
      CREATE TABLE political_verdicts (
        cadre_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        verdict text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE signed_task_lists (
        tenant_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        year int NOT NULL,
        PRIMARY KEY (tenant_id, cadre_id, year)
      )`);
    await q.query(`
      CREATE TABLE democratic_results (
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        ballots int NOT NULL,
        excellent_rate float8 NOT NULL,
        score float8,
        grade_counts jsonb NOT NULL,
        PRIMARY KEY (campaign_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX democratic_results_cycle ON democratic_results (tenant_id, cycle_id, cadre_id)`);

    await q.query(`
      CREATE TABLE cycles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('periodic', 'random')),
        name text NOT NULL,
        year int NOT NULL,
        half int CHECK (half IN (1, 2)),
        topic text,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
        unit_ids uuid[],
        reminder_offsets_hours float8[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'open', 'closed', 'published')),
        opened_at timestamptz,
        closed_at timestamptz,
        published_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'periodic') = (half IS NOT NULL)),
        CHECK ((kind = 'random') = (topic IS NOT NULL))
      )`);
    // One half-yearly cycle per half: the schedule's job and a hand-made cycle cannot both make one.
    await q.query(`CREATE UNIQUE INDEX cycles_one_per_half ON cycles (tenant_id, year, half) WHERE kind = 'periodic'`);
    await q.query(`CREATE INDEX cycles_tenant_list ON cycles (tenant_id, opens_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX cycles_pending ON cycles (status, opens_at, closes_at) WHERE status IN ('scheduled', 'open')`,
    );

    await q.query(`
      CREATE TABLE cycle_schedules (
        tenant_id uuid PRIMARY KEY,
        enabled boolean NOT NULL,
        windows jsonb NOT NULL,
        reminder_offsets_hours float8[] NOT NULL,
        timezone text NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE assessment_groups (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        assessor_user_ids uuid[] NOT NULL,
        cadre_ids uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, name)
      )`);
    await q.query(`CREATE INDEX assessment_groups_cadres ON assessment_groups USING gin (cadre_ids)`);
    await q.query(`CREATE INDEX assessment_groups_assessors ON assessment_groups USING gin (assessor_user_ids)`);
    await q.query(`
      CREATE TABLE assessment_group_changes (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        group_id uuid NOT NULL REFERENCES assessment_groups (id),
        reason text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        assessors_added uuid[] NOT NULL,
        assessors_removed uuid[] NOT NULL,
        cadres_added uuid[] NOT NULL,
        cadres_removed uuid[] NOT NULL
      )`);
    await q.query(`CREATE INDEX assessment_group_changes_group ON assessment_group_changes (group_id, changed_at)`);

    await q.query(`
      CREATE TABLE appraisals (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL REFERENCES cycles (id),
        cadre_id uuid NOT NULL,
        completed_steps text[] NOT NULL DEFAULT '{}',
        score float8,
        grade text,
        suggestion text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX appraisals_cadre ON appraisals (tenant_id, cadre_id)`);
    await q.query(`
      CREATE TABLE appraisal_steps (
        appraisal_id uuid NOT NULL REFERENCES appraisals (id),
        step text NOT NULL CHECK (step IN ('look', 'listen', 'ask', 'apply')),
        tenant_id uuid NOT NULL,
        content jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (appraisal_id, step)
      )`);

    await q.query(`
      CREATE TABLE wartime_records (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL REFERENCES cycles (id),
        cadre_id uuid NOT NULL,
        date date NOT NULL,
        role text NOT NULL,
        volunteered boolean NOT NULL,
        duty_hours float8 NOT NULL CHECK (duty_hours >= 0),
        performance text NOT NULL CHECK (performance IN ('outstanding', 'good', 'fair', 'poor')),
        note text,
        commendation text,
        penalty text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX wartime_records_cadre ON wartime_records (tenant_id, cadre_id, date)`);

    // An in-app notification is addressed to a user, or to the cadre (whoever logs in as that cadre).
    // dedupe_key makes a reminder at most once per person and occasion, whatever reruns the job.
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        user_id uuid,
        cadre_id uuid,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        cycle_id uuid,
        dedupe_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CHECK (user_id IS NOT NULL OR cadre_id IS NOT NULL),
        UNIQUE (tenant_id, dedupe_key)
      )`);
    await q.query(
      `CREATE INDEX notifications_user ON notifications (tenant_id, user_id, created_at DESC) WHERE user_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX notifications_cadre ON notifications (tenant_id, cadre_id, created_at DESC) WHERE cadre_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE notification_channels (
        tenant_id uuid PRIMARY KEY,
        webhook jsonb,
        smtp jsonb,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE deliveries (
        notification_id uuid NOT NULL REFERENCES notifications (id),
        channel text NOT NULL,
        tenant_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        PRIMARY KEY (notification_id, channel)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'deliveries',
      'notification_channels',
      'notifications',
      'wartime_records',
      'appraisal_steps',
      'appraisals',
      'assessment_group_changes',
      'assessment_groups',
      'cycle_schedules',
      'cycles',
      'democratic_results',
      'signed_task_lists',
      'political_verdicts',
      'cadres',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
