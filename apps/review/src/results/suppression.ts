import { MIN_GROUP_SIZE } from '@cadre/contracts';

/**
 * The anonymity rule of democratic results (docs/anonymity.md): **no combination of the numbers shown
 * lets a reader compute the values of fewer than `k` ballots** (k = the tenant's `minGroupSize`).
 *
 * The numbers shown of a target form a partition of its ballots: the target as a whole, the voter
 * groups shown, and the remainder that the breakdown hides. Each number is computed from one of these
 * sets only, so the most a reader can get by subtracting or weighting shown numbers is the aggregate of
 * one of those sets — and each of them is empty or has at least k ballots:
 * - the target's own numbers (score, grade counts, rates) only from k ballots on;
 * - a voter group only from k ballots on;
 * - the remainder (total − shown groups) is 0 or at least k, else the smallest shown group is hidden as
 *   well (it has ≥ k ballots, so the remainder then has ≥ k);
 * - a weighted score only from shown groups (a hidden group is left out exactly like a group without
 *   ballots): with known weights and shown group scores, a weighted score that included a hidden group
 *   would give that group's score by solving one equation;
 * - a trimmed mean (top and bottom 10% dropped) is taken over one of those sets and over nothing else:
 *   no shown number is the mean of a set minus a few of its ballots next to the mean of the whole set,
 *   so the dropped values are never isolated by a difference.
 * The ballot counts stay visible (a count reveals no grade; participation is public on purpose).
 */

/** Which voter groups a breakdown may show: groups of ≥ k ballots, leaving a hidden remainder of 0 or ≥ k. */
export function shownGroups(groups: Array<{ group: string; ballots: number }>, k: number): Set<string> {
  const total = groups.reduce((s, g) => s + g.ballots, 0);
  if (total < k) return new Set();
  // Smallest first (then by name, so the answer does not depend on the order given).
  const candidates = groups
    .filter((g) => g.ballots >= k)
    .sort((a, b) => a.ballots - b.ballots || a.group.localeCompare(b.group));
  const remainder = total - candidates.reduce((s, g) => s + g.ballots, 0);
  // Hiding the smallest shown group makes the remainder ≥ k at once (that group alone has ≥ k).
  if (remainder > 0 && remainder < k) candidates.shift();
  return new Set(candidates.map((g) => g.group));
}

/** Whether a target with this many ballots may have its numbers shown (none at all reveals nothing). */
export function showable(ballots: number, k: number): boolean {
  return ballots === 0 || ballots >= k;
}

/**
 * Weighted score from the shown groups only (weight > 0 and a score); null when none is left. A hidden
 * group counts as a group without ballots.
 */
export function weightedScore(
  groups: Array<{ score: number | null; weight: number | null; shown: boolean }>,
): number | null {
  const used = groups.filter((g) => g.shown && g.score !== null && (g.weight ?? 0) > 0);
  const weightSum = used.reduce((s, g) => s + (g.weight ?? 0), 0);
  if (weightSum <= 0) return null;
  return used.reduce((s, g) => s + (g.weight ?? 0) * (g.score as number), 0) / weightSum;
}

/** A stored or requested threshold as the rule uses it: an integer in [3, 20], else the default. */
export function effectiveMinGroupSize(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= MIN_GROUP_SIZE.min && (value as number) <= MIN_GROUP_SIZE.max
    ? (value as number)
    : MIN_GROUP_SIZE.default;
}

/** Field errors of a requested threshold (PUT /review/settings), in Chinese. */
export function minGroupSizeProblems(value: unknown): Array<{ field: string; message: string }> {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < MIN_GROUP_SIZE.min ||
    value > MIN_GROUP_SIZE.max
  ) {
    return [{ field: 'minGroupSize', message: `必须是 ${MIN_GROUP_SIZE.min} 至 ${MIN_GROUP_SIZE.max} 的整数` }];
  }
  return [];
}
