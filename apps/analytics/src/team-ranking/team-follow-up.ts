import type { TeamUnderperformerReason } from '@cadre/contracts';
import { BOTTOM_DECILE, FALLING_CYCLES_WARNING, fallingRun } from '../ranking/trend';

/**
 * Why a leadership team needs following up (考管联动 for 班子): its composite in the bottom decile of
 * its field, or falling FALLING_CYCLES_WARNING cycles or more in a row (`composites` oldest first,
 * ending with the cycle looked at) — the same thresholds as for cadres. Empty: nothing to follow up.
 */
export function teamFollowUp(
  percentile: number,
  composites: number[],
): { reasons: TeamUnderperformerReason[]; fallingCycles: number } {
  const fallingCycles = fallingRun(composites);
  const reasons: TeamUnderperformerReason[] = [];
  if (percentile <= BOTTOM_DECILE) reasons.push('bottom_decile');
  if (fallingCycles >= FALLING_CYCLES_WARNING) reasons.push('falling');
  return { reasons, fallingCycles };
}
