/**
 * The random appraisals' part of each cadre's year (随机考核) — the one place the annual evaluation
 * reads how a random appraisal scored a cadre. It is the wartime part as analytics has it: each
 * record's points (`wartimePoints`, ranking/composite.ts: from the six qualities it judged, else from its
 * performance), and a random cycle's rankings take the mean of the cadre's records in that cycle
 * (ranking.sql.ts, `war`); the year takes the mean of that over the year's random cycles, so a cycle
 * with many records weighs as much as one with few. A change of how a random appraisal is scored
 * reaches the year through the points; a change of how a cycle's records are combined changes this.
 *   $1 tenant id · $2 year. Rows: the cadre, the part (not rounded), the random cycles it came from.
 */
export const RANDOM_PART_SELECT = `
SELECT per_cycle.cadre_id AS "cadreId", avg(per_cycle.points)::float8 AS random, array_agg(per_cycle.cycle_id ORDER BY per_cycle.cycle_id) AS "cycleIds"
  FROM (
    SELECT w.cadre_id, w.cycle_id, avg(w.points) AS points
      FROM wartime w JOIN cycles c ON c.id = w.cycle_id AND c.tenant_id = w.tenant_id
     WHERE w.tenant_id = $1 AND c.kind = 'random' AND c.year = $2
     GROUP BY w.cadre_id, w.cycle_id
  ) per_cycle
 GROUP BY per_cycle.cadre_id`;
