import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-way review that changes something:
 * - `ballot_opinions`: voters' written opinions on rated units — campaign, target and text only, no
 *   time, no id, no link to the rating; shuffled with the ballots at the final pass (docs/anonymity.md);
 * - `two_way_opinions`: the department's 双向考核意见 for a unit in a cycle, one per unit and cycle;
 * - `rectifications`: its rectification items (整改事项), with their state, and the day they were marked
 *   overdue or done; `rectification_progress`: what the unit or the department reported on each.
 * Days, not times: review's tables keep no time of day beside what its ballots could be dated by, and
 * the rectification work is followed by the day (docs/anonymity.md lists every timestamp column).
 */
export class Rectifications1765300000600 implements MigrationInterface {
  name = 'Rectifications1765300000600';

  async up(q: QueryRunner): Promise<void> {
    // Apart from the ballots: an opinion row has no grade, no voter group, no id and no time, so it
    // cannot be matched to the rating it came with; written and shuffled with them (docs/anonymity.md).
    await q.query(`
      CREATE TABLE ballot_opinions (
        tenant_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        target_id uuid NOT NULL,
        opinion text NOT NULL CHECK (char_length(opinion) BETWEEN 1 AND 500)
      )`);
    await q.query(`CREATE INDEX ballot_opinions_campaign ON ballot_opinions (campaign_id, target_id)`);
    await q.query(`
      CREATE TABLE two_way_opinions (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        summary text NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_by_name text NOT NULL,
        recorded_on date NOT NULL,
        UNIQUE (tenant_id, cycle_id, unit_id)
      )`);
    await q.query(`
      CREATE TABLE rectifications (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        opinion_id uuid NOT NULL REFERENCES two_way_opinions (id),
        cycle_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        position int NOT NULL,
        title text NOT NULL,
        deadline date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
        overdue_on date,
        done_on date
      )`);
    await q.query(`CREATE INDEX rectifications_unit ON rectifications (tenant_id, unit_id, id)`);
    await q.query(`CREATE INDEX rectifications_opinion ON rectifications (opinion_id, position)`);
    // The overdue sweep: items not done and not yet marked, by deadline.
    await q.query(
      `CREATE INDEX rectifications_due ON rectifications (deadline) WHERE status <> 'done' AND overdue_on IS NULL`,
    );
    await q.query(`
      CREATE TABLE rectification_progress (
        seq bigserial PRIMARY KEY,
        rectification_id uuid NOT NULL REFERENCES rectifications (id),
        tenant_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'done')),
        note text NOT NULL,
        recorded_by text NOT NULL,
        recorded_on date NOT NULL
      )`);
    await q.query(`CREATE INDEX rectification_progress_item ON rectification_progress (rectification_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rectification_progress', 'rectifications', 'two_way_opinions'])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP TABLE ballot_opinions`);
  }
}
