/**
 * How far a measured value is toward its target, 0..1: over-fulfilment does not carry over, and no
 * value yet counts as 0. Targets are always > 0 (checked on input and in the database).
 * Used by the responsibility list's fulfilment rate and the task list's completion score.
 */
export function progressRatio(actual: number | null, target: number): number {
  return actual === null ? 0 : Math.max(0, Math.min(actual / target, 1));
}
