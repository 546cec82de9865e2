/**
 * Analytics' tables built only from events (projections.handler.ts) or from them by the recompute
 * (rankings, recompute_state): what `main.js replay-projections` empties before a rebuild. Weights,
 * adjustment batches, talks and awards are entered by users here and are never on this list.
 */
export const PROJECTION_TABLES = [
  'fields',
  'units',
  'teams',
  'cadres',
  'cadre_history',
  'political',
  'task_scores',
  'cycles',
  'apply_results',
  'democratic',
  'democratic_snapshots',
  'wartime',
  'assignments',
  'rankings',
  'recompute_state',
] as const;
