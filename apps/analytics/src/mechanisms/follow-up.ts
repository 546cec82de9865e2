import type { Grade, RankingExclusion, SelectionTag, TrendView, UnderperformerReason } from '@cadre/contracts';
import { BOTTOM_DECILE, FALLING_CYCLES_WARNING } from '../ranking/trend';
import { ageIn, YOUNG_AGE } from './team-metrics';

/** Selection candidates: the top fifth of the field (横向 percentile ≥ 80), politically clean. */
export const SELECTION_PERCENTILE = 80;

/** A share in percent with one decimal (22.5 = 22.5%); 0 of nothing. */
export const share = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);

/** What a selection candidate stands out by (考用结合), as of the cycle's year. */
export function selectionTags(
  c: { birthDate: string; gender: string; distinguished: boolean; grade: Grade | null },
  cycleYear: number,
): SelectionTag[] {
  const tags: SelectionTag[] = [];
  if (ageIn(c.birthDate, cycleYear) < YOUNG_AGE) tags.push('young');
  if (c.gender === 'female') tags.push('female');
  if (c.distinguished) tags.push('wartime_distinguished');
  if (c.grade === 'excellent') tags.push('excellent');
  return tags;
}

/**
 * Why a cadre of the cycle needs a talk (考管联动): stopped at the political gate, in the bottom
 * decile of the field, falling two cycles or more, or concluded 基本称职/不称职. Empty: no talk needed.
 */
export function underperformerReasons(
  r: { excluded: RankingExclusion | null; horizontalPercentile: number | null; grade: Grade | null },
  trend: Pick<TrendView, 'warning'>,
): UnderperformerReason[] {
  const reasons: UnderperformerReason[] = [];
  if (r.excluded) reasons.push('political_gate');
  if (r.horizontalPercentile !== null && r.horizontalPercentile <= BOTTOM_DECILE) reasons.push('bottom_decile');
  if ((trend.warning?.fallingCycles ?? 0) >= FALLING_CYCLES_WARNING) reasons.push('falling');
  if (r.grade === 'basically_competent' || r.grade === 'incompetent') reasons.push(`grade_${r.grade}`);
  return reasons;
}
