import type { AnnualParts, AnnualTeamParts, AnnualWeights, RankingExclusion, TrendDirection } from '@cadre/contracts';
import { rank } from '../ranking/composite';
import { BOTTOM_DECILE, direction, fallingRun, FALLING_CYCLES_WARNING } from '../ranking/trend';

/**
 * 年度综合评价, as plain rules: the parts of a cadre's and a team's year, the annual composite, the
 * political gate as of the year's end, both ranks, and when a year's evaluation is made. The service
 * reads the inputs (annual.repository.ts) and writes what these return.
 */

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Mean of the values present, rounded to 2 decimals as every part shown is; null without any. */
export function mean(values: Array<number | null | undefined>): number | null {
  const present = values.filter((v): v is number => typeof v === 'number');
  return present.length > 0 ? round2(present.reduce((a, b) => a + b, 0) / present.length) : null;
}

/** Weighted mean of the parts present (the weights renormalised over them), 2 decimals; null without any. */
export function annualComposite(parts: Partial<AnnualParts>, w: AnnualWeights): number | null {
  let sum = 0;
  let weight = 0;
  for (const key of ['periodic', 'random', 'democratic'] as const) {
    const value = parts[key];
    if (value === null || value === undefined) continue;
    sum += w[key] * value;
    weight += w[key];
  }
  return weight > 0 ? round2(sum / weight) : null;
}

/** Checks a tenant's annual weights: each 0..1, not all zero. A message per bad field. */
export function annualWeightProblems(w: AnnualWeights): Array<{ field: string; message: string }> {
  const problems = (['periodic', 'random', 'democratic'] as const)
    .filter((k) => !(typeof w[k] === 'number' && w[k] >= 0 && w[k] <= 1))
    .map((k) => ({ field: k, message: '必须是 0 到 1 之间的数' }));
  if (problems.length === 0 && w.periodic + w.random + w.democratic === 0)
    problems.push({ field: 'periodic', message: '权重不能全为 0' });
  return problems;
}

/**
 * The instant the year's gate is read at: the start of the next year, UTC. Analytics keeps no tenant's
 * time zone, and UTC is the one end of the year that is never before a tenant's own (so a verdict
 * of the year's last evening, Beijing time, still counts).
 */
export function yearEnd(year: number): Date {
  return new Date(Date.UTC(year + 1, 0, 1));
}

export interface VerdictAt {
  verdict: string;
  occurredAt: Date | string;
}

/**
 * The verdict in force at `asOf`: the latest of the cadre's verdicts that occurred before it; without
 * one (verdicts older than the history), the one frozen in the year's last cycle snapshot.
 */
export function verdictAsOf(history: VerdictAt[], snapshotVerdict: string | null, asOf: Date): string | null {
  let latest: VerdictAt | null = null;
  for (const h of history) {
    const at = new Date(h.occurredAt).getTime();
    if (at >= asOf.getTime()) continue;
    if (!latest || at >= new Date(latest.occurredAt).getTime()) latest = h;
  }
  return latest ? latest.verdict : snapshotVerdict;
}

/** 首关不过，余关莫论: only a `fail` stops a cadre (as in a cycle). */
export const gatedBy = (verdict: string | null) => verdict === 'fail';

/** One cadre's row of a published periodic cycle of the year, with where the cycle ranked them. */
export interface CyclePoint {
  half: number | null;
  composite: number;
  unitId: string | null;
  teamId: string | null;
  fieldId: string | null;
}

export interface AnnualCadreInput {
  cadreId: string;
  periodic: CyclePoint[];
  random: number | null;
  democratic: number | null;
  gated: boolean;
}

export interface AnnualCadreRow {
  cadreId: string;
  unitId: string | null;
  teamId: string | null;
  fieldId: string | null;
  periodic: number | null;
  random: number | null;
  democratic: number | null;
  composite: number;
  excluded: RankingExclusion | null;
  verticalRank: number | null;
  verticalN: number | null;
  verticalPercentile: number | null;
  horizontalRank: number | null;
  horizontalN: number | null;
  horizontalPercentile: number | null;
}

/**
 * The year's rows: a cadre ranked in at least one of the year's published periodic cycles, placed
 * where the year's last of them ranked them (its snapshot: a later transfer changes nothing), with the
 * mean of those cycles' composites, the random part and the democratic part; then both ranks, as a
 * cycle's: inside the team (vertical) and inside the field (horizontal), ties share a rank, the cadres
 * stopped at the gate listed apart, without a rank, and left out of the others' n.
 */
export function annualCadreRows(inputs: AnnualCadreInput[], w: AnnualWeights): AnnualCadreRow[] {
  const rows: AnnualCadreRow[] = [];
  for (const input of inputs) {
    if (input.periodic.length === 0) continue;
    const last = [...input.periodic].sort((a, b) => (a.half ?? 0) - (b.half ?? 0))[input.periodic.length - 1];
    const parts: AnnualParts = {
      periodic: mean(input.periodic.map((p) => p.composite)),
      random: input.random,
      democratic: input.democratic,
    };
    const composite = annualComposite(parts, w);
    if (composite === null) continue;
    rows.push({
      cadreId: input.cadreId,
      unitId: last.unitId,
      teamId: last.teamId,
      fieldId: last.fieldId,
      ...parts,
      composite,
      excluded: input.gated ? 'political_gate' : null,
      verticalRank: null,
      verticalN: null,
      verticalPercentile: null,
      horizontalRank: null,
      horizontalN: null,
      horizontalPercentile: null,
    });
  }
  const ranked = rows.filter((r) => !r.excluded);
  for (const [scopeOf, set] of [
    [(r: AnnualCadreRow) => r.teamId, 'vertical'],
    [(r: AnnualCadreRow) => r.fieldId, 'horizontal'],
  ] as const)
    for (const group of groupBy(
      ranked.filter((r) => scopeOf(r) !== null),
      (r) => scopeOf(r)!,
    ).values()) {
      const ranks = rank(group.map((r) => r.composite));
      group.forEach((r, i) => {
        r[`${set}Rank`] = ranks[i].rank;
        r[`${set}N`] = group.length;
        r[`${set}Percentile`] = ranks[i].percentile;
      });
    }
  return rows.sort((a, b) => (a.cadreId < b.cadreId ? -1 : 1));
}

/** One team's row of a published periodic cycle of the year (班子排名). */
export interface TeamCyclePoint {
  half: number | null;
  composite: number;
  unitId: string;
  fieldId: string | null;
}

export interface AnnualTeamInput {
  teamId: string;
  periodic: TeamCyclePoint[];
  democratic: number | null;
}

export interface AnnualTeamRow {
  teamId: string;
  unitId: string;
  fieldId: string | null;
  periodic: number | null;
  democratic: number | null;
  composite: number;
  rank: number;
  n: number;
  percentile: number;
  overallRank: number;
  overallN: number;
  overallPercentile: number;
}

/**
 * The teams' year: the mean of their composites in the year's published periodic cycles and their
 * democratic evaluations as a whole, weighted as the cadres' parts of the same names (renormalised:
 * a team has no random part); ranked in their field (as a cycle's 班子排名, teams without a field
 * among themselves) and among all the tenant's teams (the y of the team map).
 */
export function annualTeamRows(inputs: AnnualTeamInput[], w: AnnualWeights): AnnualTeamRow[] {
  const rows: AnnualTeamRow[] = [];
  for (const input of inputs) {
    if (input.periodic.length === 0) continue;
    const last = [...input.periodic].sort((a, b) => (a.half ?? 0) - (b.half ?? 0))[input.periodic.length - 1];
    const parts: AnnualTeamParts = {
      periodic: mean(input.periodic.map((p) => p.composite)),
      democratic: input.democratic,
    };
    const composite = annualComposite({ ...parts, random: null }, w);
    if (composite === null) continue;
    rows.push({
      teamId: input.teamId,
      unitId: last.unitId,
      fieldId: last.fieldId,
      ...parts,
      composite,
      rank: 0,
      n: 0,
      percentile: 0,
      overallRank: 0,
      overallN: 0,
      overallPercentile: 0,
    });
  }
  for (const group of groupBy(rows, (r) => r.fieldId ?? '').values()) {
    const ranks = rank(group.map((r) => r.composite));
    group.forEach((r, i) =>
      Object.assign(r, { rank: ranks[i].rank, n: group.length, percentile: ranks[i].percentile }),
    );
  }
  const overall = rank(rows.map((r) => r.composite));
  rows.forEach((r, i) =>
    Object.assign(r, { overallRank: overall[i].rank, overallN: rows.length, overallPercentile: overall[i].percentile }),
  );
  return rows.sort((a, b) => (a.teamId < b.teamId ? -1 : 1));
}

function groupBy<T>(items: T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

/** One periodic cycle of the year, as far as making the year's evaluation needs it. */
export interface YearCycle {
  status: string;
  sealed: boolean;
}

/**
 * Whether the year's evaluation can be made, else why not (a sentence for a 409): every periodic
 * cycle of the year published and sealed — results that still move or a record not sealed yet
 * would be frozen half made — at least one of them, and the year over (the gate is read at its end).
 */
export function cannotEvaluate(year: number, cycles: YearCycle[], now: Date): string | null {
  if (now.getTime() < yearEnd(year).getTime()) return `${year} 年尚未结束，年度综合评价在年末之后生成`;
  if (!cycles.some((c) => c.status === 'published')) return `${year} 年没有已发布的定期考核周期`;
  const unpublished = cycles.filter((c) => c.status !== 'published').length;
  if (unpublished > 0) return `${year} 年还有 ${unpublished} 个定期考核周期未发布`;
  if (cycles.some((c) => !c.sealed)) return `${year} 年的定期考核记录尚未封存，请稍后再试`;
  return null;
}

/**
 * What the seal of a periodic cycle means for its year's evaluation: `now` once the year's second
 * (or later) cycle is published and sealed with none left open and the year is over; `at_year_end`
 * when only the year's end is missing; else nothing yet.
 */
export function afterCycleSealed(year: number, cycles: YearCycle[], now: Date): 'now' | 'at_year_end' | null {
  const published = cycles.filter((c) => c.status === 'published' && c.sealed).length;
  if (published < 2 || published !== cycles.length) return null;
  return now.getTime() >= yearEnd(year).getTime() ? 'now' : 'at_year_end';
}

/** The annual trend: direction over the last (up to) four years, and the 躺平 warning, as a cycle's. */
export function annualTrend(points: Array<{ composite: number; horizontalPercentile: number | null }>): {
  direction: TrendDirection;
  warning: { fallingCycles: number; bottomDecile: boolean } | null;
} {
  const composites = points.map((p) => p.composite);
  const falls = fallingRun(composites);
  const last = points[points.length - 1];
  const bottomDecile = !!last && last.horizontalPercentile !== null && last.horizontalPercentile <= BOTTOM_DECILE;
  return {
    direction: direction(composites),
    warning: falls >= FALLING_CYCLES_WARNING || bottomDecile ? { fallingCycles: falls, bottomDecile } : null,
  };
}
