import { rankingSelect } from './ranking.sql';

/**
 * RANKING_SELECT of a closed or published cycle: the same parameters ($1..$13, see ranking.sql.ts),
 * but unit, team, field, status, the gate and the task part come from the cycle's snapshot
 * (cycle_snapshots, frozen at close), not from today's roster, verdicts and task scores. The weights
 * ($2..$5) are the cycle's frozen ones (the caller passes them). The cycle's own results (切 scores,
 * democratic results, wartime records) are read as for an open cycle: they belong to it alone.
 * The year ($8) is already in the snapshot's task value; it is named (in a condition always true) only so that
 * every parameter keeps a type (an unused one has none).
 */
export const FROZEN_RANKING_SELECT = rankingSelect(`parts AS (
  SELECT s.cadre_id, s.tenant_id, s.team_id, s.field_id,
         CASE WHEN $7 = 'periodic' THEN a.score END AS periodic,
         CASE WHEN $7 = 'periodic' THEN dem.score END AS democratic,
         CASE WHEN $7 = 'periodic' THEN s.task END AS task,
         war.points AS wartime,
         coalesce(s.verdict = 'fail', false) AS gated
    FROM cycle_snapshots s
    LEFT JOIN (SELECT cadre_id, score FROM apply_results WHERE cycle_id = $1) a ON a.cadre_id = s.cadre_id
    LEFT JOIN dem ON dem.target_id = s.cadre_id
    LEFT JOIN war ON war.cadre_id = s.cadre_id
   WHERE s.tenant_id = $6 AND s.cycle_id = $1 AND s.status = 'active' AND ($9::uuid[] IS NULL OR s.unit_id = ANY ($9::uuid[]))
     AND (s.field_id = ANY ($12::uuid[]) OR ($13 AND s.field_id IS NULL)) AND ($8::int IS NULL OR true)
)`);

/**
 * A ranking row's snapshot row (none while its cycle is open): the unit (and verdict) a reader's scope is judged
 * by is the one the cadre was ranked in, not the one they are in now.
 */
export const SNAPSHOT_OF_ROW = `LEFT JOIN cycle_snapshots s ON s.tenant_id = r.tenant_id AND s.cycle_id = r.cycle_id AND s.cadre_id = r.cadre_id`;

/**
 * The freeze of one cycle, once: its weights (the tenant's, else the defaults $4..$7) and close time
 * ($3), then one snapshot row per cadre of its units — unit, team, team role, field (the cadre's own,
 * else the unit's), status, verdict, the year's task completion. Nothing is written when the cycle
 * already has its freeze (a redelivered close, the publish after the close, a replay): the first
 * freeze wins. Returns the snapshot rows written.
 *   $1 cycle id · $2 tenant id · $3 closed at · $4..$7 default weights · $8 source
 */
export const FREEZE_CYCLE = `
WITH frozen AS (
  INSERT INTO cycle_freezes (cycle_id, tenant_id, periodic, democratic, task, wartime, closed_at, source)
  SELECT c.id, c.tenant_id, coalesce(w.periodic, $4), coalesce(w.democratic, $5), coalesce(w.task, $6), coalesce(w.wartime, $7), $3, $8
    FROM cycles c LEFT JOIN weights w ON w.tenant_id = c.tenant_id
   WHERE c.id = $1 AND c.tenant_id = $2
  ON CONFLICT (cycle_id) DO NOTHING
  RETURNING cycle_id
),
written AS (
  INSERT INTO cycle_snapshots (tenant_id, cycle_id, cadre_id, unit_id, team_id, team_role, field_id, status, verdict, verdict_at, task, task_at)
  SELECT k.tenant_id, c.id, k.id, k.unit_id, k.team_id, k.team_role, coalesce(k.field_id, u.field_id), k.status, p.verdict, p.updated_at, t.completion, NULL
    FROM frozen f
    JOIN cycles c ON c.id = f.cycle_id
    JOIN cadres k ON k.tenant_id = c.tenant_id AND (c.unit_ids IS NULL OR k.unit_id = ANY (c.unit_ids))
    JOIN units u ON u.id = k.unit_id
    LEFT JOIN political p ON p.cadre_id = k.id
    LEFT JOIN task_scores t ON t.cadre_id = k.id AND t.year = c.year
  RETURNING 1
)
SELECT (SELECT count(*) FROM frozen)::int AS freezes, (SELECT count(*) FROM written)::int AS rows`;
