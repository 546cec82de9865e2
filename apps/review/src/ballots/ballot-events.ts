import type { BallotCastV2 } from '@cadre/contracts';
import type { NewEvent } from '@cadre/messaging';

export interface CastBallot {
  tenantId: string;
  campaignId: string;
  cycleId: string;
  group: string;
  targetIds: string[];
}

/**
 * The events of one written batch: one `review.ballot.cast` per campaign, with counts only. One event
 * per ballot cost a JetStream publish and, in every service whose consumer filter covers `evt.>`, a
 * delivery and an ack — more than writing the ballot itself. Targets and groups are sorted, so nothing
 * in the event follows the order of the casts; like the ballot rows it carries only the day.
 */
export function ballotCastEvents(ballots: CastBallot[], day: string): Array<NewEvent<'review.ballot.cast'>> {
  const byCampaign = new Map<string, { tenantId: string; cycleId: string; ballots: number; targets: Set<string>; groups: Map<string, number> }>();
  for (const b of ballots) {
    let c = byCampaign.get(b.campaignId);
    if (!c) byCampaign.set(b.campaignId, (c = { tenantId: b.tenantId, cycleId: b.cycleId, ballots: 0, targets: new Set(), groups: new Map() }));
    c.ballots += 1;
    for (const id of b.targetIds) c.targets.add(id);
    c.groups.set(b.group, (c.groups.get(b.group) ?? 0) + 1);
  }
  return [...byCampaign].sort(([a], [b]) => a.localeCompare(b)).map(([campaignId, c]) => {
    const data: BallotCastV2 = {
      campaignId,
      cycleId: c.cycleId,
      ballots: c.ballots,
      targetIds: [...c.targets].sort(),
      voterGroups: [...c.groups].sort(([a], [b]) => a.localeCompare(b)).map(([group, n]) => ({ group, ballots: n })),
      day,
    };
    return { type: 'review.ballot.cast', tenantId: c.tenantId, aggregateId: campaignId, data, version: 2, anonymous: { occurredAt: `${day}T00:00:00Z` } };
  });
}
