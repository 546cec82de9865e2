import { RosterProjectionShape, rosterProjectionTables } from '@cadre/roster-projection';

/** The roster's records the checklists keep (libs/roster-projection): the cadres only. */
export const ROSTER_PROJECTION: RosterProjectionShape = {};

/**
 * The checklists' tables built only from other services' events (the roster projection and
 * projections.handler.ts): what `main.js replay-projections` empties before a rebuild. The three
 * lists themselves are never on it.
 */
export const PROJECTION_TABLES = [...rosterProjectionTables(ROSTER_PROJECTION), 'assessment_assignments'] as const;
