/**
 * Review's tables built only from other services' events (projections.handler.ts): what
 * `main.js replay-projections` empties before a rebuild. Campaigns, tokens and ballots are never on it.
 */
export const PROJECTION_TABLES = ['cycles', 'units', 'cadres'] as const;
