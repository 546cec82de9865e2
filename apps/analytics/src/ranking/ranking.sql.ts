/**
 * The whole recompute of one cycle as set operations: the parts of every cadre in the cycle's
 * units, the weighted composite of those present, then both ranks with window functions — one
 * statement over the cycle, not a loop over cadres. The output rows are what `rankings` holds.
 *   $1 cycle id · $2..$5 weights of periodic, democratic, task, wartime · $6 tenant id · $7 kind ·
 *   $8 year · $9 unit ids (null: all) · $10, $11 the half-year the cycle covers [start, end) for
 * wartime records · $12 the fields of this part, $13 whether it also takes units without a field.
 * The cycle's own values come as parameters, not from a join, so the planner knows it is one cycle
 * and hash-joins the 100,000 rows of each part instead of looping. Both ranks stay inside a field
 * (a team lies in one unit, a unit in one field), so a cycle can be written in parts by field.
 */
export const RANKING_SELECT = rankingSelect(`parts AS (
  SELECT k.id AS cadre_id, k.tenant_id, k.team_id, u.field_id,
         CASE WHEN $7 = 'periodic' THEN a.score END AS periodic,
         CASE WHEN $7 = 'periodic' THEN dem.score END AS democratic,
         CASE WHEN $7 = 'periodic' THEN t.completion END AS task,
         war.points AS wartime,
         coalesce(p.verdict = 'fail', false) AS gated
    FROM cadres k
    JOIN units u ON u.id = k.unit_id
    LEFT JOIN (SELECT cadre_id, score FROM apply_results WHERE cycle_id = $1) a ON a.cadre_id = k.id
    LEFT JOIN dem ON dem.target_id = k.id
    LEFT JOIN (SELECT cadre_id, completion FROM task_scores WHERE tenant_id = $6 AND year = $8) t ON t.cadre_id = k.id
    LEFT JOIN war ON war.cadre_id = k.id
    LEFT JOIN political p ON p.cadre_id = k.id
   WHERE k.tenant_id = $6 AND k.status = 'active' AND ($9::uuid[] IS NULL OR k.unit_id = ANY ($9::uuid[]))
     AND (u.field_id = ANY ($12::uuid[]) OR ($13 AND u.field_id IS NULL))
)`);

/**
 * RANKING_SELECT around its `parts` CTE (one row per cadre: cadre_id, tenant_id, team_id, field_id,
 * the four parts and `gated`): live for an open cycle, the cycle's snapshot for a closed or
 * published one (cycle-snapshot.sql.ts). Everything after the parts is the same for both.
 */
export function rankingSelect(parts: string): string {
  return `
WITH dem AS (
  SELECT d.target_id, avg(d.score) AS score
    FROM democratic d WHERE d.cycle_id = $1 AND d.subject = 'cadre' AND d.score IS NOT NULL
   GROUP BY d.target_id
),
war AS (
  SELECT w.cadre_id, avg(w.points) AS points
    FROM wartime w
   WHERE w.tenant_id = $6 AND (($7 = 'random' AND w.cycle_id = $1) OR ($7 = 'periodic' AND w.date >= $10::date AND w.date < $11::date))
   GROUP BY w.cadre_id
),
${parts},
scored AS (
  SELECT *,
         round(((coalesce($2 * periodic, 0) + coalesce($3 * democratic, 0) + coalesce($4 * task, 0) + coalesce($5 * wartime, 0))
           / nullif(CASE WHEN periodic IS NULL THEN 0 ELSE $2 END + CASE WHEN democratic IS NULL THEN 0 ELSE $3 END
                  + CASE WHEN task IS NULL THEN 0 ELSE $4 END + CASE WHEN wartime IS NULL THEN 0 ELSE $5 END, 0))::numeric, 2)::float8 AS composite
    FROM parts
),
ranked AS (
  SELECT s.*,
         rank() OVER (PARTITION BY team_id, gated ORDER BY composite DESC) AS v_rank,
         count(*) OVER (PARTITION BY team_id, gated) AS v_n,
         rank() OVER (PARTITION BY field_id, gated ORDER BY composite DESC) AS h_rank,
         count(*) OVER (PARTITION BY field_id, gated) AS h_n
    FROM scored s WHERE composite IS NOT NULL
)
SELECT $1::uuid AS cycle_id, cadre_id, tenant_id, team_id, field_id, periodic, democratic, task, wartime, composite,
       CASE WHEN gated THEN 'political_gate' END AS excluded,
       CASE WHEN NOT gated AND team_id IS NOT NULL THEN v_rank END AS vertical_rank,
       CASE WHEN NOT gated AND team_id IS NOT NULL THEN v_n END AS vertical_n,
       CASE WHEN NOT gated AND team_id IS NOT NULL THEN CASE WHEN v_n = 1 THEN 100 ELSE round((100.0 * (v_n - v_rank) / (v_n - 1))::numeric, 2)::float8 END END AS vertical_percentile,
       CASE WHEN NOT gated AND field_id IS NOT NULL THEN h_rank END AS horizontal_rank,
       CASE WHEN NOT gated AND field_id IS NOT NULL THEN h_n END AS horizontal_n,
       CASE WHEN NOT gated AND field_id IS NOT NULL THEN CASE WHEN h_n = 1 THEN 100 ELSE round((100.0 * (h_n - h_rank) / (h_n - 1))::numeric, 2)::float8 END END AS horizontal_percentile
  FROM ranked`;
}

export const RANKING_COLUMNS =
  'cycle_id, cadre_id, tenant_id, team_id, field_id, periodic, democratic, task, wartime, composite, excluded, vertical_rank, vertical_n, vertical_percentile, horizontal_rank, horizontal_n, horizontal_percentile';

/** The half-year a periodic cycle covers, [start, end), for its wartime part. */
export function halfYear(year: number, half: number | null): [string, string] {
  return half === 2 ? [`${year}-07-01`, `${year + 1}-01-01`] : [`${year}-01-01`, `${year}-07-01`];
}
