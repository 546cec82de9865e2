import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Results as of their cycle (docs/records.md): when a cycle closes, analytics freezes what its
 * results depend on — per cadre of the cycle's units (`cycle_snapshots`: unit, team, team role,
 * field, status, political verdict, task completion) and per cycle (`cycle_freezes`: the weights in
 * force, when it closed, when it was published). A closed or published cycle is ranked from these
 * rows, never from today's roster.
 *
 * Not projections: replaying the stream (`replay-projections`) keeps them, and the close event
 * replayed finds its freeze taken (the first freeze wins), so a rebuilt schema ranks published
 * cycles as they were published.
 *
 * Upgrade: the cycles already closed or published get their freeze from the data present, taking
 * each cadre's team (and its unit), field, task part and gate from the stored ranking row (what was published)
 * where there is one, and the roster projection otherwise; the weights are the tenant's current ones
 * (the stored rows were computed with them); "closed" and "published" are as of the upgrade (the
 * times they happened are not held). Their ranking rows stay as they are.
 */
export class CycleSnapshots1765100000700 implements MigrationInterface {
  name = 'CycleSnapshots1765100000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cycle_freezes (
        cycle_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        periodic float8 NOT NULL,
        democratic float8 NOT NULL,
        task float8 NOT NULL,
        wartime float8 NOT NULL,
        -- The close event's time: inputs that occurred up to it, delivered later, still count.
        closed_at timestamptz NOT NULL,
        -- Set by the publish event: from then on nothing late moves the snapshot.
        published_at timestamptz,
        -- 'close' (the close event) or 'upgrade' (this migration, from the data present).
        source text NOT NULL,
        frozen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE cycle_snapshots (
        tenant_id uuid NOT NULL,
        cycle_id uuid NOT NULL,
        cadre_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        team_id uuid,
        team_role text,
        -- The cadre's own field where set, else the unit's: the horizontal rank's scope.
        field_id uuid,
        status text NOT NULL,
        -- Null: no verdict held (the gate lets the cadre through).
        verdict text,
        verdict_at timestamptz,
        -- The year's task completion as of the close (periodic cycles use it).
        task float8,
        -- When the task value held was reported, when a late report moved it; null: as held at close.
        task_at timestamptz,
        -- Likewise for unit, team, team role, field and status: when a late roster change moved them.
        roster_at timestamptz,
        PRIMARY KEY (tenant_id, cycle_id, cadre_id)
      )`);
    await q.query(`CREATE INDEX cycle_snapshots_cadre ON cycle_snapshots (tenant_id, cadre_id)`);

    // The upgrade's freeze. Defaults as DEFAULT_COMPOSITE_WEIGHTS were when this was written (a literal: a
    // migration must not change once it has run).
    await q.query(`
      INSERT INTO cycle_freezes (cycle_id, tenant_id, periodic, democratic, task, wartime, closed_at, published_at, source)
      SELECT c.id, c.tenant_id, coalesce(w.periodic, 0.4), coalesce(w.democratic, 0.3), coalesce(w.task, 0.2), coalesce(w.wartime, 0.1),
             now(), CASE WHEN c.status = 'published' THEN now() END, 'upgrade'
        FROM cycles c
        LEFT JOIN weights w ON w.tenant_id = c.tenant_id
       WHERE c.status IN ('closed', 'published')`);
    await q.query(`
      INSERT INTO cycle_snapshots (tenant_id, cycle_id, cadre_id, unit_id, team_id, team_role, field_id, status, verdict, verdict_at, task, task_at)
      SELECT c.tenant_id, c.id, k.id, CASE WHEN r.cadre_id IS NULL THEN k.unit_id ELSE coalesce(rt.unit_id, k.unit_id) END,
             CASE WHEN r.cadre_id IS NULL THEN k.team_id ELSE r.team_id END,
             k.team_role,
             CASE WHEN r.cadre_id IS NULL THEN coalesce(k.field_id, u.field_id) ELSE r.field_id END,
             CASE WHEN r.cadre_id IS NULL THEN k.status ELSE 'active' END,
             CASE WHEN r.cadre_id IS NULL THEN p.verdict WHEN r.excluded = 'political_gate' THEN 'fail' ELSE nullif(p.verdict, 'fail') END,
             p.updated_at,
             CASE WHEN r.cadre_id IS NULL THEN t.completion ELSE r.task END,
             NULL
        FROM cycle_freezes f
        JOIN cycles c ON c.id = f.cycle_id
        JOIN cadres k ON k.tenant_id = c.tenant_id
        JOIN units u ON u.id = k.unit_id
        LEFT JOIN rankings r ON r.cycle_id = c.id AND r.cadre_id = k.id
        LEFT JOIN teams rt ON rt.id = r.team_id
        LEFT JOIN political p ON p.cadre_id = k.id
        LEFT JOIN task_scores t ON t.cadre_id = k.id AND t.year = c.year
       WHERE r.cadre_id IS NOT NULL OR c.unit_ids IS NULL OR k.unit_id = ANY (c.unit_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cycle_snapshots`);
    await q.query(`DROP TABLE cycle_freezes`);
  }
}
