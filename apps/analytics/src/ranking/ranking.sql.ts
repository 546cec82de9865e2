/**
 * The whole recompute of one cycle as set operations: the parts of every cadre in the cycle's
 * units, the weighted composite of those present, then both ranks with window functions — one
 * statement over the cycle, not a loop over cadres. $1 cycle id, $2..$5 the weights of periodic,
 * democratic, task and wartime. The output rows are what `rankings` holds.
 */
export const RANKING_SELECT = `
WITH c AS (
  SELECT id, tenant_id, kind, year, half, unit_ids,
         CASE WHEN half = 2 THEN make_date(year, 7, 1) ELSE make_date(year, 1, 1) END AS period_start,
         CASE WHEN half = 2 THEN make_date(year + 1, 1, 1) ELSE make_date(year, 7, 1) END AS period_end
    FROM cycles WHERE id = $1
),
dem AS (
  SELECT d.target_id, avg(d.score) AS score
    FROM democratic d WHERE d.cycle_id = $1 AND d.subject = 'cadre' AND d.score IS NOT NULL
   GROUP BY d.target_id
),
war AS (
  SELECT w.cadre_id, avg(w.points) AS points
    FROM wartime w, c
   WHERE w.tenant_id = c.tenant_id
     AND ((c.kind = 'random' AND w.cycle_id = c.id) OR (c.kind = 'periodic' AND w.date >= c.period_start AND w.date < c.period_end))
   GROUP BY w.cadre_id
),
parts AS (
  SELECT k.id AS cadre_id, k.tenant_id, k.team_id, u.field_id,
         CASE WHEN c.kind = 'periodic' THEN a.score END AS periodic,
         CASE WHEN c.kind = 'periodic' THEN dem.score END AS democratic,
         CASE WHEN c.kind = 'periodic' THEN t.completion END AS task,
         war.points AS wartime,
         coalesce(p.verdict = 'fail', false) AS gated
    FROM c
    JOIN cadres k ON k.tenant_id = c.tenant_id AND k.status = 'active' AND (c.unit_ids IS NULL OR k.unit_id = ANY (c.unit_ids))
    JOIN units u ON u.id = k.unit_id
    LEFT JOIN apply_results a ON a.cycle_id = c.id AND a.cadre_id = k.id
    LEFT JOIN dem ON dem.target_id = k.id
    LEFT JOIN task_scores t ON t.cadre_id = k.id AND t.year = c.year
    LEFT JOIN war ON war.cadre_id = k.id
    LEFT JOIN political p ON p.cadre_id = k.id
),
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

export const RANKING_COLUMNS =
  'cycle_id, cadre_id, tenant_id, team_id, field_id, periodic, democratic, task, wartime, composite, excluded, vertical_rank, vertical_n, vertical_percentile, horizontal_rank, horizontal_n, horizontal_percentile';
