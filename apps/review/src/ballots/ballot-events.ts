import type { BallotCastV3 } from '@cadre/contracts';
import type { NewEvent } from '@cadre/messaging';

export interface CampaignCastCounts {
  tenantId: string;
  campaignId: string;
  cycleId: string;
  /** Targets rated on at least one ballot. */
  targetIds: string[];
  /** Ballots cast per voter group (participation, counted on the tokens). */
  voterGroups: Array<{ group: string; ballots: number }>;
}

/**
 * The `review.ballot.cast` (v3) of a campaign whose cycle has closed: counts of all its ballots, sent
 * by the results publisher's final pass — none while ballots arrive. A per-batch event (v2) kept an
 * outbox row per batch stamped to the microsecond, next to its ballots' transaction id, which let the
 * database administrator order the batches in time. Targets and groups are sorted; like the ballot
 * rows it carries only a day. Nothing when no ballot was cast.
 */
export function ballotCastEvent(c: CampaignCastCounts, day: string): NewEvent<'review.ballot.cast'> | null {
  const voterGroups = c.voterGroups.filter((g) => g.ballots > 0).sort((a, b) => a.group.localeCompare(b.group));
  const ballots = voterGroups.reduce((s, g) => s + g.ballots, 0);
  if (ballots === 0 || c.targetIds.length === 0) return null;
  const data: BallotCastV3 = {
    campaignId: c.campaignId,
    cycleId: c.cycleId,
    ballots,
    targetIds: [...new Set(c.targetIds)].sort(),
    voterGroups,
    day,
  };
  return {
    type: 'review.ballot.cast',
    tenantId: c.tenantId,
    aggregateId: c.campaignId,
    data,
    version: 3,
    anonymous: { occurredAt: `${day}T00:00:00Z` },
  };
}
