import { WARTIME_QUALITIES } from '@cadre/contracts';
import type {
  CompositeWeights,
  QualityGrade,
  TeamCompositeWeights,
  WartimePerformance,
  WartimeQualitiesV2,
} from '@cadre/contracts';

/** Points of a wartime performance, as the appraisal service's weekly series counts them. */
export const PERFORMANCE_POINTS: Record<WartimePerformance, number> = {
  outstanding: 100,
  good: 80,
  fair: 60,
  poor: 30,
};

/** Points of a quality's grade (优秀/良好/一般/较差), on the performance's scale (appraisal's wartime-series.ts). */
export const QUALITY_POINTS: Record<QualityGrade, number> = {
  excellent: 100,
  good: 80,
  fair: 60,
  poor: 30,
};

/**
 * The random appraisal's points of one wartime record, 0..100 — what the `wartime` projection holds and
 * every random part (a cycle's, a year's) averages: the mean of the six qualities' points when the
 * record judged them (event v2), else its performance's, so a record without qualities (v1, or v2 with
 * `qualities: null`) scores as it always did.
 */
export function wartimePoints(record: {
  performance: WartimePerformance;
  qualities?: WartimeQualitiesV2 | null;
}): number {
  const q = record.qualities;
  if (!q) return PERFORMANCE_POINTS[record.performance];
  const sum = WARTIME_QUALITIES.reduce((s, k) => s + QUALITY_POINTS[q[k].grade], 0);
  return Math.round((sum / WARTIME_QUALITIES.length) * 10) / 10;
}

export interface Parts {
  periodic: number | null;
  democratic: number | null;
  task: number | null;
  wartime: number | null;
}

/**
 * Weighted mean of the parts present (CONTRACT.md "Analytics"), rounded to 2 decimals so that
 * ranks tie on what is shown rather than on floating-point noise; null without any part. This is
 * the reference for the SQL in ranking.sql.ts, which computes the same for a whole cycle at once.
 */
export function composite(parts: Parts, w: CompositeWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of ['periodic', 'democratic', 'task', 'wartime'] as const) {
    const value = parts[key];
    if (value === null) continue;
    sum += w[key] * value;
    weight += w[key];
  }
  return weight > 0 ? Math.round((sum / weight) * 100) / 100 : null;
}

/** Competition ranking (1, 2, 2, 4) by composite descending, and percentile 100·(n−rank)/(n−1). */
export function rank(values: number[]): Array<{ rank: number; percentile: number }> {
  const n = values.length;
  return values.map((v) => {
    const r = 1 + values.filter((x) => x > v).length;
    return { rank: r, percentile: n === 1 ? 100 : Math.round(((100 * (n - r)) / (n - 1)) * 100) / 100 };
  });
}

/** Checks a tenant's weights: each 0..1, not all zero. A message per bad field. */
export function weightProblems(w: CompositeWeights): Array<{ field: string; message: string }> {
  const problems = (['periodic', 'democratic', 'task', 'wartime'] as const)
    .filter((k) => !(w[k] >= 0 && w[k] <= 1))
    .map((k) => ({ field: k, message: '必须在 0 到 1 之间' }));
  if (problems.length === 0 && w.periodic + w.democratic + w.task + w.wartime === 0)
    problems.push({ field: 'periodic', message: '权重不能全为 0' });
  return problems;
}

/** What is wrong with a tenant's team weights (each in 0..1, not all 0), per field. */
export function teamWeightProblems(w: TeamCompositeWeights): Array<{ field: string; message: string }> {
  const problems = (['apply', 'democratic', 'bottomUp', 'members'] as const)
    .filter((k) => !(w[k] >= 0 && w[k] <= 1))
    .map((k) => ({ field: k, message: '必须在 0 到 1 之间' }));
  if (problems.length === 0 && w.apply + w.democratic + w.bottomUp + w.members === 0)
    problems.push({ field: 'apply', message: '权重不能全为 0' });
  return problems;
}
