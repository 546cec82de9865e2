/**
 * The rows of one cycle's record: its rankings rows with the 切 grade and the calibration.
 *   $1 tenant id · $2 cycle id. Shared by the seal, verify and the upgrade that sealed the cycles
 * published before seals existed — one statement, so all three read the same thing.
 */
export const RECORD_ROWS_SELECT = `
SELECT r.cadre_id AS "cadreId", r.team_id AS "teamId", r.field_id AS "fieldId",
       r.periodic, r.democratic, r.task, r.wartime, r.composite, r.computed_composite AS "computedComposite", r.excluded,
       r.vertical_rank AS "verticalRank", r.vertical_n AS "verticalN", r.vertical_percentile AS "verticalPercentile",
       r.horizontal_rank AS "horizontalRank", r.horizontal_n AS "horizontalN", r.horizontal_percentile AS "horizontalPercentile",
       a.grade, c.composite AS "calibratedComposite", c.grade AS "calibratedGrade"
  FROM rankings r
  LEFT JOIN apply_results a ON a.cycle_id = r.cycle_id AND a.cadre_id = r.cadre_id
  LEFT JOIN calibrations c ON c.cycle_id = r.cycle_id AND c.cadre_id = r.cadre_id
 WHERE r.tenant_id = $1 AND r.cycle_id = $2
 ORDER BY r.cadre_id`;
