import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 民主推荐 for awards: a round per award with its nominees, one-time tokens (hashed, as for ballots)
 * and — instead of ballots — only the running count of picks per nominee and of ballots cast. No row
 * holds one voter's choice, so nothing stored can tell who picked whom or in which order.
 */
export class Recommendations1765700000600 implements MigrationInterface {
  name = 'Recommendations1765700000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recommendation_rounds (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        award_id uuid NOT NULL,
        name text NOT NULL,
        max_picks int NOT NULL CHECK (max_picks > 0),
        nominees jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        ballots int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        -- Days, no time of day: review keeps no moment near a cast (docs/anonymity.md).
        created_on date NOT NULL DEFAULT current_date,
        closed_on date,
        UNIQUE (tenant_id, award_id)
      )`);
    await q.query(`
      CREATE TABLE recommendation_tokens (
        token_hash bytea PRIMARY KEY,
        tenant_id uuid NOT NULL,
        round_id uuid NOT NULL REFERENCES recommendation_rounds (id),
        name text NOT NULL,
        unit_id uuid NOT NULL,
        voter_group text NOT NULL,
        voted boolean NOT NULL DEFAULT false,
        voted_on date
      ) WITH (fillfactor = 50)`);
    await q.query(`CREATE INDEX recommendation_tokens_round ON recommendation_tokens (round_id)`);
    await q.query(`
      CREATE TABLE recommendation_counts (
        round_id uuid NOT NULL REFERENCES recommendation_rounds (id),
        target_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        picks int NOT NULL DEFAULT 0,
        PRIMARY KEY (round_id, target_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['recommendation_counts', 'recommendation_tokens', 'recommendation_rounds'])
      await q.query(`DROP TABLE ${t}`);
  }
}
