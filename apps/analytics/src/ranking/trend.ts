import type { TrendDirection, TrendPoint, TrendView } from '@cadre/contracts';

/** A change of the composite per cycle at or beyond this (points) is a direction, below it stable. */
export const TREND_SLOPE = 1;
/** 躺平 warning: this many falls in a row, or a horizontal percentile at or under this. */
export const FALLING_CYCLES_WARNING = 2;
export const BOTTOM_DECILE = 10;

/** Least-squares slope of the last (up to) four composites, per cycle. */
export function direction(composites: number[]): TrendDirection {
  const ys = composites.slice(-4);
  if (ys.length < 2) return 'stable';
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  const slope = num / den;
  return slope >= TREND_SLOPE ? 'rising' : slope <= -TREND_SLOPE ? 'falling' : 'stable';
}

/** A fall smaller than this (points of composite) is noise, not a fall: it breaks the run. */
export const MIN_FALL = 1;

/** Falls in a row at the end of the series. */
export function fallingRun(composites: number[]): number {
  let run = 0;
  for (let i = composites.length - 1; i > 0 && composites[i] <= composites[i - 1] - MIN_FALL; i--) run += 1;
  return run;
}

/** Trend points of many cadres (as trendPoints returns them) grouped per cadre, in one pass. */
export function pointsByCadre<T extends { cadreId: string }>(points: T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const p of points) {
    const list = grouped.get(p.cadreId);
    if (list) list.push(p);
    else grouped.set(p.cadreId, [p]);
  }
  return grouped;
}

/** The cadre's trend over the cycles (oldest first), with the "躺平" warning when it applies. */
export function trendOf(cadreId: string, rows: Array<TrendPoint & { cadreId?: string }>): TrendView {
  const points: TrendPoint[] = rows.map((r) => ({
    cycleId: r.cycleId,
    year: r.year,
    half: r.half,
    composite: r.composite,
    verticalRank: r.verticalRank,
    horizontalRank: r.horizontalRank,
    horizontalPercentile: r.horizontalPercentile,
  }));
  const composites = points.map((p) => p.composite).filter((c): c is number => c !== null);
  const falls = fallingRun(composites);
  const last = points[points.length - 1];
  const bottomDecile = !!last && last.horizontalPercentile !== null && last.horizontalPercentile <= BOTTOM_DECILE;
  return {
    cadreId,
    points,
    direction: direction(composites),
    warning: falls >= FALLING_CYCLES_WARNING || bottomDecile ? { fallingCycles: falls, bottomDecile } : null,
  };
}
