import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createRosterProjection } from '@cadre/roster-projection';

/**
 * Campaigns, voter tokens and ballots (双向考核, 民主测评), and the projections they are checked against.
 * Anonymity is in the shape of the tables (docs/anonymity.md): a ballot row has no id, no time finer
 * than the day and no reference to a token; a token row holds only the hash of the token.
 */
export class CreateReview1764000000600 implements MigrationInterface {
  name = 'CreateReview1764000000600';

  async up(q: QueryRunner): Promise<void> {
    // Projections of other services' events: never written by this service's API.
    await q.query(`
      CREATE TABLE cycles (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        year int NOT NULL,
        half int,
        status text NOT NULL,
        unit_ids uuid[]
      )`);
    await q.query(`CREATE INDEX cycles_tenant ON cycles (tenant_id, year)`);
    // A literal, not ROSTER_PROJECTION: what a migration creates must not change once it has run.
    await createRosterProjection(q, { units: true });
    await q.query(`CREATE INDEX units_tenant ON units (tenant_id)`);
    await q.query(`CREATE INDEX cadres_tenant ON cadres (tenant_id, unit_id)`);

    await q.query(`
      CREATE TABLE item_templates (
        tenant_id uuid PRIMARY KEY,
        templates jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        name text NOT NULL,
        direction text NOT NULL CHECK (direction IN ('top_down', 'bottom_up', 'peer')),
        subject text NOT NULL CHECK (subject IN ('cadre', 'unit')),
        items jsonb NOT NULL,
        target_ids uuid[] NOT NULL,
        group_weights jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- Set by a batch of ballots, cleared by the results publisher: results to publish.
        results_dirty boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX campaigns_cycle ON campaigns (tenant_id, cycle_id)`);
    await q.query(`CREATE INDEX campaigns_dirty ON campaigns (id) WHERE results_dirty`);

    // Participation is tracked here, never on the ballot. Only the SHA-256 of a token is kept; the
    // day of the cast, not the time. Half-empty pages keep a token's update on its page (HOT), so
    // the physical place of a used token does not tell the order in which tokens were used.
    await q.query(`
      CREATE TABLE voter_tokens (
        token_hash bytea PRIMARY KEY,
        tenant_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        name text NOT NULL,
        unit_id uuid NOT NULL,
        voter_group text NOT NULL,
        user_id uuid,
        voted boolean NOT NULL DEFAULT false,
        voted_on date
      ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX voter_tokens_campaign ON voter_tokens (campaign_id)`);

    // One row per rating of a target on a ballot. No id, no token, no voter, no time but the day.
    await q.query(`
      CREATE TABLE ballots (
        tenant_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        target_id uuid NOT NULL,
        voter_group text NOT NULL,
        grade text NOT NULL CHECK (grade IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
        scores jsonb,
        value numeric NOT NULL,
        cast_on date NOT NULL
      )`);
    await q.query(`CREATE INDEX ballots_campaign ON ballots (campaign_id, target_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ballots', 'voter_tokens', 'campaigns', 'item_templates', 'cadres', 'units', 'cycles']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
