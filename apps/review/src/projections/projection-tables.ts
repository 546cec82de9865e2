import { RosterProjectionShape, rosterProjectionTables } from '@cadre/roster-projection';

/** The roster's records review keeps (libs/roster-projection): units (their kind), teams (班子民主测评) and cadres. */
export const ROSTER_PROJECTION: RosterProjectionShape = { units: true, teams: true };

/**
 * Review's tables built only from other services' events (projections.handler.ts and the roster
 * projection): what `main.js replay-projections` empties before a rebuild. Campaigns, tokens and
 * ballots are never on it.
 */
export const PROJECTION_TABLES = ['cycles', ...rosterProjectionTables(ROSTER_PROJECTION)] as const;
