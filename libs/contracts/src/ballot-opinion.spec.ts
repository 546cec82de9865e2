import { ballotShapeProblems, BALLOT_SHAPE, isBallotOpinion } from './ballot';

const ID = '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71';

describe('a ballot’s written opinion', () => {
  it('takes text of up to 500 characters, counted as a reader counts them', () => {
    expect(isBallotOpinion('服务态度好')).toBe(true);
    expect(isBallotOpinion('意'.repeat(BALLOT_SHAPE.maxOpinionLength))).toBe(true);
    expect(isBallotOpinion('意'.repeat(BALLOT_SHAPE.maxOpinionLength + 1))).toBe(false);
    // 500 emoji are 1,000 UTF-16 units and still 500 characters.
    expect(isBallotOpinion('😀'.repeat(BALLOT_SHAPE.maxOpinionLength))).toBe(true);
    expect(isBallotOpinion('a\u0000b')).toBe(false);
    expect(isBallotOpinion(42)).toBe(false);
  });

  it('is named by its field when bad, and absent or null is no opinion', () => {
    expect(ballotShapeProblems({ ratings: [{ targetId: ID, grade: 'competent', opinion: '好' }] })).toEqual([]);
    expect(ballotShapeProblems({ ratings: [{ targetId: ID, grade: 'competent', opinion: null }] })).toEqual([]);
    expect(
      ballotShapeProblems({ ratings: [{ targetId: ID, grade: 'competent', opinion: 'x'.repeat(501) }] }).map(
        (p) => p.field,
      ),
    ).toEqual(['ratings[0].opinion']);
  });
});
