/**
 * Appraisal's tables built only from other services' events (projections.handler.ts): what
 * `main.js replay-projections` empties before a rebuild. Cycles, groups, steps, wartime records and
 * notifications are appraisal's own records and are never on this list.
 */
export const PROJECTION_TABLES = ['cadres', 'political_verdicts', 'signed_task_lists', 'democratic_results'] as const;
