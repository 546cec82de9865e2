import { RosterProjectionShape, rosterProjectionTables } from '@cadre/roster-projection';

/** The roster's records analytics keeps (libs/roster-projection): all of them, cadres with their profile. */
export const ROSTER_PROJECTION: RosterProjectionShape = { fields: true, units: true, teams: true, profile: true };

/**
 * Analytics' tables built only from events (the roster projection, projections.handler.ts) or from
 * them by the recompute (rankings, recompute_state): what `main.js replay-projections` empties before
 * a rebuild. Weights, adjustment batches, talks and awards are entered by users here and are never on
 * this list.
 */
export const PROJECTION_TABLES = [
  ...rosterProjectionTables(ROSTER_PROJECTION),
  'cadre_history',
  'political',
  'political_history',
  'task_scores',
  'cycles',
  'apply_results',
  'democratic',
  'democratic_snapshots',
  'wartime',
  'assignments',
  'rankings',
  'recompute_state',
  'ask_problems',
  'responsibilities',
  'rectifications',
] as const;
