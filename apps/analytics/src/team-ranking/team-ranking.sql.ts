/**
 * The teams' rows of one cycle as one statement, after the cadres' rows are written (it averages
 * them): the four parts of every team of the cycle's units, the weighted composite of those present
 * (配合度 — the democratic score on the 团结协作 item `unity` — rides along, shown but not weighted),
 * then the rank inside the team's field (its unit's) with a window function, ties sharing a rank.
 *   $1 cycle id · $2 tenant id · $3 unit ids (null: all) · $4..$7 weights of apply, democratic,
 *   bottom-up, members.
 * A team's members are the cadres its `rankings` rows name: for a closed or published cycle those
 * come from the cycle's snapshot (ranking.sql.ts), so a member moving later moves nothing here.
 */
export const TEAM_RANKING_INSERT = `
WITH t AS (
  SELECT tm.id AS team_id, tm.unit_id, u.field_id
    FROM teams tm JOIN units u ON u.id = tm.unit_id
   WHERE tm.tenant_id = $2 AND ($3::uuid[] IS NULL OR tm.unit_id = ANY ($3::uuid[]))
),
dem AS (
  SELECT target_id, avg(score) AS score, avg((item_scores->>'unity')::float8) AS cooperation FROM democratic
   WHERE cycle_id = $1 AND subject = 'team' AND score IS NOT NULL GROUP BY target_id
),
bottom_up AS (
  SELECT target_id, avg(score) AS score FROM democratic
   WHERE cycle_id = $1 AND subject = 'unit' AND direction = 'bottom_up' AND score IS NOT NULL GROUP BY target_id
),
members AS (
  SELECT team_id, avg(composite) AS composite FROM rankings
   WHERE cycle_id = $1 AND tenant_id = $2 AND team_id IS NOT NULL GROUP BY team_id
),
parts AS (
  SELECT t.team_id, t.unit_id, t.field_id, a.score AS apply, dem.score AS democratic, bu.score AS bottom_up,
         m.composite AS members, round(dem.cooperation::numeric, 2)::float8 AS cooperation
    FROM t
    LEFT JOIN team_apply_results a ON a.cycle_id = $1 AND a.team_id = t.team_id
    LEFT JOIN dem ON dem.target_id = t.team_id
    LEFT JOIN bottom_up bu ON bu.target_id = t.unit_id
    LEFT JOIN members m ON m.team_id = t.team_id
),
scored AS (
  SELECT *,
         round(((coalesce($4 * apply, 0) + coalesce($5 * democratic, 0) + coalesce($6 * bottom_up, 0) + coalesce($7 * members, 0))
           / nullif(CASE WHEN apply IS NULL THEN 0 ELSE $4 END + CASE WHEN democratic IS NULL THEN 0 ELSE $5 END
                  + CASE WHEN bottom_up IS NULL THEN 0 ELSE $6 END + CASE WHEN members IS NULL THEN 0 ELSE $7 END, 0))::numeric, 2)::float8 AS composite
    FROM parts
),
ranked AS (
  SELECT s.*, rank() OVER (PARTITION BY field_id ORDER BY composite DESC) AS r, count(*) OVER (PARTITION BY field_id) AS n
    FROM scored s WHERE composite IS NOT NULL
)
INSERT INTO team_rankings (tenant_id, cycle_id, team_id, unit_id, field_id, apply, democratic, bottom_up, members, cooperation, composite, rank, n, percentile)
SELECT $2, $1, team_id, unit_id, field_id, apply, democratic, bottom_up, members, cooperation, composite, r, n,
       CASE WHEN n = 1 THEN 100 ELSE round((100.0 * (n - r) / (n - 1))::numeric, 2)::float8 END
  FROM ranked`;
