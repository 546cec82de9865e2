import { ballotCastEvents } from './ballot-events';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const T1 = '10000000-0000-4000-8000-000000000001';
const T2 = '10000000-0000-4000-8000-000000000002';
const T3 = '10000000-0000-4000-8000-000000000003';

describe('ballotCastEvents', () => {
  it('gives one anonymous event per campaign of the batch, with counts only', () => {
    const events = ballotCastEvents(
      [
        { tenantId: 't', campaignId: B, cycleId: 'c', group: '群众代表', targetIds: [T2, T1] },
        { tenantId: 't', campaignId: A, cycleId: 'c', group: '班子成员', targetIds: [T3] },
        { tenantId: 't', campaignId: B, cycleId: 'c', group: '班子成员', targetIds: [T1] },
        { tenantId: 't', campaignId: B, cycleId: 'c', group: '群众代表', targetIds: [T3] },
      ],
      '2026-06-01',
    );
    expect(events.map((e) => e.aggregateId)).toEqual([A, B]);
    expect(events[1]).toEqual({
      type: 'review.ballot.cast',
      version: 2,
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

  it('gives nothing for an empty batch', () => {
    expect(ballotCastEvents([], '2026-06-01')).toEqual([]);
  });
});
