import { BallotCheck, checkBallot } from './ballot-rules';

describe('a written opinion on a ballot', () => {
  const check = (subject: BallotCheck['subject']): BallotCheck => ({
    campaignTargetIds: new Set(['t1']),
    items: [],
    voterUnitId: 'own',
    targets: new Map([['t1', { unitId: 't1', name: '区发改局' }]]),
    subject,
  });

  it('goes with a rated unit', () => {
    expect(checkBallot([{ targetId: 't1', grade: 'competent', opinion: '服务好' }], check('unit'))).toBeNull();
  });

  it('is refused on a cadre, naming the field', () => {
    const err = checkBallot([{ targetId: 't1', grade: 'competent', opinion: '很好' }], check('cadre'));
    expect(err?.status).toBe(400);
    expect(err?.errors).toEqual([{ field: 'ratings[0].opinion', message: expect.any(String) }]);
  });
});
