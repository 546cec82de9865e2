import type { GradeCountsV1, GroupResultView, TargetResultView, TwoWayUnitView } from '@cadre/contracts';
import type { Grade } from '@cadre/contracts';
import { shownGroups, showable, weightedScore } from './suppression';

/** A ballot's value for a target when it gives no item score: 优秀 95, 称职 80, 基本称职 65, 不称职 40. */
export const GRADE_VALUES: Record<Grade, number> = {
  excellent: 95,
  competent: 80,
  basically_competent: 65,
  incompetent: 40,
};

/** Share of the ballots dropped at each end (去掉最高分和最低分各 10%), and from how many ballots on. */
export const TRIM_SHARE = 0.1;
export const TRIM_FROM = 10;

/**
 * Two-way review flags a unit rated well from above but poorly by the grassroots it serves when its
 * top-down score exceeds its bottom-up score by this many points (on 0..100) or more.
 */
export const TWO_WAY_FLAG_GAP = 10;

/** One rating of one target on one ballot, as the ballots table holds it. */
export interface Rating {
  targetId: string;
  group: string;
  grade: Grade;
  /** Mean of the item scores, or the grade's value (ballotValue). */
  value: number;
  /** The ballot's score per item of the template (政治建设 …), when it gave them. */
  scores?: Record<string, number> | null;
}

/**
 * The trimmed mean of each item over the ratings that scored it (团结协作 → a team's 配合度), for an
 * item scored on at least `k` ballots — the same anonymity rule as the target's own numbers; null
 * when no item qualifies.
 */
export function itemScores(ratings: Rating[], k: number): Record<string, number> | null {
  const byItem = new Map<string, number[]>();
  for (const r of ratings)
    for (const [item, value] of Object.entries(r.scores ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const values = byItem.get(item) ?? [];
      values.push(value);
      byItem.set(item, values);
    }
  const shown = [...byItem.entries()]
    .filter(([, values]) => showable(values.length, k))
    .sort(([a], [b]) => a.localeCompare(b));
  if (shown.length === 0) return null;
  return Object.fromEntries(shown.map(([item, values]) => [item, round2(trimmedMean(values)!)]));
}

/** The value of a rating: the mean of its item scores, else the grade's value. */
export function ballotValue(grade: Grade, scores?: Record<string, number> | null): number {
  const values = Object.values(scores ?? {});
  if (values.length === 0) return GRADE_VALUES[grade];
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Mean with the top and bottom 10% dropped — floor(n × 0.1) values at each end — once there are
 * 10 values or more; the plain mean below that; null for none.
 */
export function trimmedMean(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const drop = sorted.length >= TRIM_FROM ? Math.floor(sorted.length * TRIM_SHARE) : 0;
  const kept = sorted.slice(drop, sorted.length - drop);
  return kept.reduce((a, b) => a + b, 0) / kept.length;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

function emptyCounts(): GradeCountsV1 {
  return { excellent: 0, competent: 0, basically_competent: 0, incompetent: 0 };
}

interface Tally {
  counts: GradeCountsV1;
  values: number[];
}

function summary(t: Tally) {
  const n = t.values.length;
  const mean = trimmedMean(t.values);
  return {
    ballots: n,
    gradeCounts: t.counts,
    excellentRate: n === 0 ? 0 : round4(t.counts.excellent / n),
    competentOrBetterRate: n === 0 ? 0 : round4((t.counts.excellent + t.counts.competent) / n),
    score: mean === null ? null : round2(mean),
  };
}

/** The numbers of a set of ballots, or its count alone when the anonymity rule hides them. */
function shownSummary(t: Tally, shown: boolean) {
  if (shown) return { suppressed: false, ...summary(t) };
  return {
    ballots: t.values.length,
    suppressed: true,
    gradeCounts: null,
    excellentRate: null,
    competentOrBetterRate: null,
    score: null,
  };
}

/**
 * Results per target, in the order of `targetIds` (every target listed, with or without ballots),
 * under the anonymity rule with threshold `k` (suppression.ts): a target with fewer than k ballots
 * shows its count only; a voter group is shown only when shownGroups allows it. Each shown voter group
 * gets its own trimmed mean; the target's score is the weighted mean of the shown groups' scores when
 * the campaign gives group weights (groups hidden, without ballots or weight left out), else the
 * trimmed mean over all its ballots, each ballot counting the same.
 */
export function aggregate(
  targetIds: string[],
  ratings: Rating[],
  groupWeights: Record<string, number> | null,
  k: number,
): TargetResultView[] {
  const byTarget = new Map<string, Map<string, Tally>>(targetIds.map((id) => [id, new Map()]));
  const ratingsOf = new Map<string, Rating[]>();
  for (const r of ratings) {
    const groups = byTarget.get(r.targetId);
    if (!groups) continue;
    if (r.scores) ratingsOf.set(r.targetId, [...(ratingsOf.get(r.targetId) ?? []), r]);
    let tally = groups.get(r.group);
    if (!tally) groups.set(r.group, (tally = { counts: emptyCounts(), values: [] }));
    tally.counts[r.grade] += 1;
    tally.values.push(r.value);
  }
  return targetIds.map((targetId) => {
    const groups = [...byTarget.get(targetId)!.entries()].sort(([a], [b]) => a.localeCompare(b, 'zh-CN'));
    const all: Tally = { counts: emptyCounts(), values: [] };
    for (const [, tally] of groups) {
      for (const grade of Object.keys(all.counts) as Grade[]) all.counts[grade] += tally.counts[grade];
      all.values.push(...tally.values);
    }
    const shown = shownGroups(
      groups.map(([group, t]) => ({ group, ballots: t.values.length })),
      k,
    );
    const byGroup: GroupResultView[] = groups.map(([group, tally]) => ({
      group,
      weight: groupWeights ? (groupWeights[group] ?? 0) : null,
      ...shownSummary(tally, shown.has(group)),
    }));
    const total = shownSummary(all, showable(all.values.length, k));
    let score = total.score;
    if (groupWeights && !total.suppressed) {
      const weighted = weightedScore(byGroup.map((g) => ({ score: g.score, weight: g.weight, shown: !g.suppressed })));
      score = weighted === null ? null : round2(weighted);
    }
    const items = total.suppressed ? null : itemScores(ratingsOf.get(targetId) ?? [], k);
    return { targetId, ...total, score, ...(items ? { itemScores: items } : {}), byGroup };
  });
}

/** The scores part of a unit's two-way view (the service adds opinions, rectifications and 含金量). */
export type TwoWayScores = Pick<TwoWayUnitView, 'unitId' | 'topDown' | 'bottomUp' | 'gap' | 'flagged'>;

/** A unit's score in one campaign of a direction, with the ballots behind it. */
export interface UnitScore {
  unitId: string;
  direction: 'top_down' | 'bottom_up';
  /** Null when the campaign's result of the unit is suppressed (or has no score). */
  score: number | null;
  ballots: number;
  suppressed?: boolean;
}

/**
 * 双向考核意见: per unit, the top-down and the bottom-up score (ballot-weighted over the cycle's
 * campaigns of each direction), their gap, and a flag when the unit is rated well from above but at
 * least TWO_WAY_FLAG_GAP points lower by the towns, streets and zones it serves. Only shown campaign
 * results are combined: with a suppressed one inside, the ballot-weighted mean minus the shown ones
 * would give the suppressed campaign's score. A gap only when both sides are shown.
 */
export function twoWay(scores: UnitScore[]): TwoWayScores[] {
  const units = new Map<string, { top_down: [number, number]; bottom_up: [number, number] }>();
  for (const s of scores) {
    if (!s.suppressed && (s.score === null || s.ballots === 0)) continue;
    let u = units.get(s.unitId);
    if (!u) units.set(s.unitId, (u = { top_down: [0, 0], bottom_up: [0, 0] }));
    // Listed (with a null side) but never combined.
    if (s.suppressed || s.score === null) continue;
    u[s.direction][0] += s.score * s.ballots;
    u[s.direction][1] += s.ballots;
  }
  const mean = ([sum, n]: [number, number]) => (n === 0 ? null : round2(sum / n));
  return [...units.entries()]
    .map(([unitId, u]) => {
      const topDown = mean(u.top_down);
      const bottomUp = mean(u.bottom_up);
      const gap = topDown === null || bottomUp === null ? null : round2(topDown - bottomUp);
      return { unitId, topDown, bottomUp, gap, flagged: gap !== null && gap >= TWO_WAY_FLAG_GAP };
    })
    .sort((a, b) => (b.gap ?? -Infinity) - (a.gap ?? -Infinity) || a.unitId.localeCompare(b.unitId));
}
