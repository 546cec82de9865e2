import type { Grade } from './appraisal.events';

/** The tenant's 优秀 cap until it sets its own: 20% of those appraised, as Chinese practice commonly has it. */
export const DEFAULT_EXCELLENT_MAX_SHARE = 0.2;

/** Grades counted per level over the cadres of a cycle that have one. */
export interface GradeDistribution {
  excellent: number;
  competent: number;
  basically_competent: number;
  incompetent: number;
  total: number;
  /** excellent / total, 4 decimals; 0 when nobody has a grade. */
  excellentShare: number;
}

/** Counts the grades given (nulls are cadres without a grade: not appraised, not counted). */
export function distributionOf(grades: Array<Grade | null>): GradeDistribution {
  const d: GradeDistribution = {
    excellent: 0,
    competent: 0,
    basically_competent: 0,
    incompetent: 0,
    total: 0,
    excellentShare: 0,
  };
  for (const g of grades) {
    if (!g) continue;
    d[g] += 1;
    d.total += 1;
  }
  d.excellentShare = d.total === 0 ? 0 : Math.round((d.excellent / d.total) * 10_000) / 10_000;
  return d;
}

/**
 * How many 优秀 the guideline allows among `total` appraised: floor(total × share), but at least one
 * — a team of three may still have its one 优秀 (the cap is meant for a unit's whole body of cadres,
 * and a rounding that allows nobody below five would forbid what practice allows).
 */
export function excellentAllowed(total: number, maxShare: number): number {
  if (total === 0) return 0;
  return Math.max(1, Math.floor(total * maxShare + 1e-9));
}

/** Whether publishing these grades needs an override reason (the 优秀 share is over the guideline). */
export function exceedsGuideline(d: Pick<GradeDistribution, 'excellent' | 'total'>, maxShare: number): boolean {
  return d.excellent > excellentAllowed(d.total, maxShare);
}

/** A share as the problem texts show it: percent, at most one decimal. */
export function percentText(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
