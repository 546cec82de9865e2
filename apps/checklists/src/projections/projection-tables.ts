/**
 * The checklists' tables built only from other services' events (projections.handler.ts): what
 * `main.js replay-projections` empties before a rebuild. The three lists themselves are never on it.
 */
export const PROJECTION_TABLES = ['cadres', 'assessment_assignments'] as const;
