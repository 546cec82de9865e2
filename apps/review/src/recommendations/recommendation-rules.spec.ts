import { checkPicks, tally } from './recommendation-rules';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const nominees = new Set([A, B, C]);

describe('recommendation ballots (民主推荐)', () => {
  it('takes up to N nominees, none too (an abstention)', () => {
    expect(checkPicks([A, B], nominees, 2)).toBeNull();
    expect(checkPicks([], nominees, 2)).toBeNull();
    expect(checkPicks([A.toUpperCase()], nominees, 1)).toBeNull();
  });

  it('refuses more than N picks with 422 naming picks', () => {
    const err = checkPicks([A, B, C], nominees, 2)!;
    expect(err.status).toBe(422);
    expect(err.errors).toEqual([{ field: 'picks', message: '最多推荐 2 人，本票推荐了 3 人' }]);
  });

  it('refuses a pick outside the nominees and a nominee twice, by place', () => {
    const err = checkPicks([A, '00000000-0000-4000-8000-0000000000ff', A], nominees, 3)!;
    expect(err.status).toBe(422);
    expect(err.errors!.map((e) => e.field)).toEqual(['picks[1]', 'picks[2]']);
  });

  it('refuses what is not a list of ids with 400', () => {
    expect(checkPicks('a', nominees, 2)!.status).toBe(400);
    expect(checkPicks([1], nominees, 2)!.status).toBe(400);
  });

  it('shows the counts only from the threshold on', () => {
    const counts = [{ targetId: A, picks: 3 }];
    expect(tally('w', 4, 5, counts)).toEqual({
      awardId: 'w',
      ballots: 4,
      threshold: 5,
      suppressed: true,
      counts: null,
    });
    expect(tally('w', 5, 5, counts)).toEqual({ awardId: 'w', ballots: 5, threshold: 5, suppressed: false, counts });
  });
});
