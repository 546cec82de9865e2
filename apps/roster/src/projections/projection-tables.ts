/**
 * The roster's tables built only from other services' events (projections.handler.ts): what
 * `main.js replay-projections` empties before a rebuild. The roster's own records are never on it.
 */
export const PROJECTION_TABLES = ['assessment_assignments'] as const;
