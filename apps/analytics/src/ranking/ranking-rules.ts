import type { Quadrant } from '@cadre/contracts';
import type { FieldPart } from './ranking.repository';

/** 坐标系 quadrant of a point: x the horizontal percentile (in the field), y the vertical (in the team), split at 50. */
export function quadrantOf(x: number, y: number): Quadrant {
  if (x >= 50 && y >= 50) return 'leading';
  if (y >= 50) return 'team_anchor';
  if (x >= 50) return 'field_strong';
  return 'lagging';
}

/**
 * The fields in `count` parts of about equal cadre count: each field, largest first, to the part
 * lightest so far (ranks never cross a field, so parts can be written apart). `sizes` come largest
 * first; units without a field (fieldId null) go with one part like a field. A part left empty is
 * dropped, except the first: it still clears the rows of fields that no longer have cadres.
 */
export function splitFieldParts(sizes: Array<{ fieldId: string | null; n: number }>, count: number): FieldPart[] {
  const parts = Array.from({ length: count }, () => ({ fields: [] as string[], withoutField: false, n: 0 }));
  for (const size of sizes) {
    const lightest = parts.reduce((a, b) => (b.n < a.n ? b : a));
    if (size.fieldId) lightest.fields.push(size.fieldId);
    else lightest.withoutField = true;
    lightest.n += size.n;
  }
  return parts.filter((p) => p.n > 0 || p === parts[0]);
}

/**
 * How much longer a dirty cycle's recompute should wait, in milliseconds (0: now). A trailing
 * debounce: until the inputs have been quiet for `debounceMs`, but never past `maxWaitMs` after the
 * first of them. A burst that arrives slowly (a loaded machine, a long import) still makes one
 * recompute; a steady trickle still ranks every `maxWaitMs`. Unknown times mean no wait.
 */
export function recomputeWait(
  state: { quietMs: number | null; dirtyMs: number | null },
  debounceMs: number,
  maxWaitMs: number,
): number {
  if (state.quietMs === null || state.quietMs >= debounceMs) return 0;
  const untilMax = state.dirtyMs === null ? Infinity : maxWaitMs - state.dirtyMs;
  if (untilMax <= 0) return 0;
  return Math.ceil(Math.min(debounceMs - state.quietMs, untilMax));
}
