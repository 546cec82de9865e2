import { RosterProjectionShape, rosterProjectionTables } from '@cadre/roster-projection';

/** The roster's records appraisal keeps (libs/roster-projection): the cadres, and the teams (班子考核). */
export const ROSTER_PROJECTION: RosterProjectionShape = { teams: true };

/**
 * Appraisal's tables built only from other services' events (the roster projection,
 * projections.handler.ts and the publish gate): what `main.js replay-projections` empties before a rebuild. Cycles, groups,
 * steps, wartime records and notifications are appraisal's own records and are never on this list.
 */
export const PROJECTION_TABLES = [
  ...rosterProjectionTables(ROSTER_PROJECTION),
  'political_verdicts',
  'signed_task_lists',
  'task_list_tasks',
  'democratic_results',
  // The publish gate's, from analytics' calibration events (calibration/publish-gate.ts).
  'calibrated_grades',
  'grade_guidelines',
] as const;
