import { ballotCastEvent } from './ballot-events';

const B = '00000000-0000-4000-8000-00000000000b';
const T1 = '10000000-0000-4000-8000-000000000001';
const T2 = '10000000-0000-4000-8000-000000000002';
const T3 = '10000000-0000-4000-8000-000000000003';

describe('ballotCastEvent', () => {
  it('gives one anonymous event for the campaign, with counts only, sorted', () => {
    const event = ballotCastEvent(
      {
        tenantId: 't',
        campaignId: B,
        cycleId: 'c',
        targetIds: [T3, T1, T2, T1],
        voterGroups: [
          { group: '群众代表', ballots: 2 },
          { group: '班子成员', ballots: 1 },
          { group: '中层干部', ballots: 0 },
        ],
      },
      '2026-06-01',
    );
    expect(event).toEqual({
      type: 'review.ballot.cast',
      version: 3,
      tenantId: 't',
      aggregateId: B,
      anonymous: { occurredAt: '2026-06-01T00:00:00Z' },
      data: {
        campaignId: B,
        cycleId: 'c',
        ballots: 3,
        targetIds: [T1, T2, T3],
        voterGroups: [
          { group: '班子成员', ballots: 1 },
          { group: '群众代表', ballots: 2 },
        ].sort((x, y) => x.group.localeCompare(y.group)),
        day: '2026-06-01',
      },
    });
  });

  it('gives nothing for a campaign without ballots', () => {
    expect(
      ballotCastEvent(
        { tenantId: 't', campaignId: B, cycleId: 'c', targetIds: [], voterGroups: [{ group: 'a', ballots: 0 }] },
        '2026-06-01',
      ),
    ).toBeNull();
  });
});
