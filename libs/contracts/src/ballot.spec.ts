import { BALLOT_SHAPE, ballotShapeProblems, isBallotScoreMap } from './ballot';

const T = '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71';

describe('ballotShapeProblems (the one shape of a cast ballot)', () => {
  it('finds nothing wrong with a well-formed ballot, with or without scores (null counts as none)', () => {
    expect(
      ballotShapeProblems({ ratings: [{ targetId: T, grade: 'excellent', scores: { morality: 0, ability: 100 } }] }),
    ).toEqual([]);
    expect(ballotShapeProblems({ ratings: [{ targetId: T.toUpperCase(), grade: 'incompetent' }] })).toEqual([]);
    expect(ballotShapeProblems({ ratings: [{ targetId: T, grade: 'competent', scores: null }] })).toEqual([]);
  });

  it('names every bad field, unknown keys included', () => {
    const fields = ballotShapeProblems({
      ratings: [{ targetId: 'x', grade: 'great', scores: { a: 101, '': 1 }, voter: 'v' }],
      extra: 1,
    }).map((p) => p.field);
    expect(fields.sort()).toEqual([
      'extra',
      'ratings[0].grade',
      'ratings[0].scores.',
      'ratings[0].scores.a',
      'ratings[0].targetId',
      'ratings[0].voter',
    ]);
    expect(ballotShapeProblems({ ratings: [null] }).map((p) => p.field)).toEqual(['ratings[0]']);
  });

  it('keeps the limits: 1 to 500 ratings, 20 scores of keys up to 40 characters', () => {
    const rating = { targetId: T, grade: 'competent' };
    expect(ballotShapeProblems({ ratings: [] }).map((p) => p.field)).toEqual(['ratings']);
    expect(ballotShapeProblems({ ratings: Array(BALLOT_SHAPE.maxRatings).fill(rating) })).toEqual([]);
    expect(
      ballotShapeProblems({ ratings: Array(BALLOT_SHAPE.maxRatings + 1).fill(rating) }).map((p) => p.field),
    ).toEqual(['ratings']);
    expect(ballotShapeProblems(null).map((p) => p.field)).toEqual(['ratings']);
    expect(isBallotScoreMap(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 1])))).toBe(false);
    expect(isBallotScoreMap({ ['k'.repeat(41)]: 1 })).toBe(false);
    expect(isBallotScoreMap({ ['k'.repeat(40)]: 1 })).toBe(true);
    expect(isBallotScoreMap([])).toBe(false);
  });
});
