import { aggregate, ballotValue, itemScores, Rating, trimmedMean, TWO_WAY_FLAG_GAP, twoWay } from './results';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('trimmed mean (去掉最高、最低各 10%)', () => {
  it('keeps every value below 10 ballots: 9 ballots → the plain mean', () => {
    // 1..8 and an outlier 100: nothing dropped.
    expect(trimmedMean([...range(8), 100])).toBeCloseTo((36 + 100) / 9, 10);
  });

  it('drops one value at each end at 10 ballots', () => {
    // 1..9 and 100: 1 and 100 dropped, mean of 2..9.
    expect(trimmedMean([100, ...range(9)])).toBeCloseTo(5.5, 10);
  });

  it('still drops one at each end at 11 ballots (floor(1.1) = 1)', () => {
    // 0, 1..9, 1000: 0 and 1000 dropped, mean of 1..9.
    expect(trimmedMean([1000, 0, ...range(9)])).toBeCloseTo(5, 10);
  });

  it('drops two at each end at 20 ballots, and is null without ballots', () => {
    expect(trimmedMean([-50, -40, ...Array(16).fill(70), 500, 900])).toBe(70);
    expect(trimmedMean([])).toBeNull();
  });
});

describe('ballot value', () => {
  it('is the mean of the item scores, or the grade’s value without scores', () => {
    expect(ballotValue('competent', { morality: 90, ability: 80 })).toBe(85);
    expect(ballotValue('excellent')).toBe(95);
    expect(ballotValue('competent', {})).toBe(80);
    expect(ballotValue('basically_competent', null)).toBe(65);
    expect(ballotValue('incompetent')).toBe(40);
  });
});

describe('aggregate (threshold 1: nothing suppressed)', () => {
  const r = (targetId: string, group: string, grade: Rating['grade'], value: number): Rating => ({
    targetId,
    group,
    grade,
    value,
  });

  it('counts grades and rates per target, lists targets without ballots with a null score', () => {
    const [a, b] = aggregate(
      ['a', 'b'],
      [
        r('a', '群众代表', 'excellent', 95),
        r('a', '群众代表', 'competent', 80),
        r('a', '群众代表', 'incompetent', 40),
        r('x', '群众代表', 'excellent', 95),
      ],
      null,
      1,
    );
    expect(a).toMatchObject({
      targetId: 'a',
      ballots: 3,
      gradeCounts: { excellent: 1, competent: 1, basically_competent: 0, incompetent: 1 },
      score: 71.67,
    });
    expect(a.excellentRate).toBeCloseTo(0.3333, 4);
    expect(a.competentOrBetterRate).toBeCloseTo(0.6667, 4);
    expect(b).toMatchObject({ targetId: 'b', ballots: 0, score: null, excellentRate: 0, byGroup: [] });
  });

  it('combines the groups’ trimmed means by weight when the campaign gives weights', () => {
    const ratings = [
      r('a', '班子成员', 'excellent', 90),
      r('a', '班子成员', 'excellent', 100),
      r('a', '群众代表', 'competent', 70),
    ];
    const [weighted] = aggregate(['a'], ratings, { 班子成员: 0.4, 群众代表: 0.6 }, 1);
    expect(weighted.score).toBe(0.4 * 95 + 0.6 * 70);
    expect(weighted.byGroup.map((g) => [g.group, g.weight, g.score])).toEqual([
      ['班子成员', 0.4, 95],
      ['群众代表', 0.6, 70],
    ]);
    const [pooled] = aggregate(['a'], ratings, null, 1);
    expect(pooled.score).toBe(86.67);
  });

  it('leaves a weighted group without ballots out of the combination', () => {
    const [a] = aggregate(['a'], [r('a', '群众代表', 'competent', 70)], { 班子成员: 0.4, 群众代表: 0.6 }, 1);
    expect(a.score).toBe(70);
  });
});

describe('two-way opinion (双向考核意见)', () => {
  it('gives the gap and flags units rated well from above but poorly from below', () => {
    const units = twoWay([
      { unitId: 'u1', direction: 'top_down', score: 92, ballots: 5 },
      { unitId: 'u1', direction: 'bottom_up', score: 70, ballots: 12 },
      { unitId: 'u2', direction: 'top_down', score: 85, ballots: 5 },
      { unitId: 'u2', direction: 'bottom_up', score: 85 - TWO_WAY_FLAG_GAP + 0.01, ballots: 12 },
      { unitId: 'u3', direction: 'bottom_up', score: 80, ballots: 4 },
      { unitId: 'u3', direction: 'bottom_up', score: 90, ballots: 6 },
    ]);
    expect(units).toEqual([
      { unitId: 'u1', topDown: 92, bottomUp: 70, gap: 22, flagged: true },
      { unitId: 'u2', topDown: 85, bottomUp: 75.01, gap: 9.99, flagged: false },
      { unitId: 'u3', topDown: null, bottomUp: 86, gap: null, flagged: false },
    ]);
  });
});

describe('item scores (团结协作 → 配合度)', () => {
  const rating = (scores: Record<string, number> | null): Rating => ({
    targetId: 't',
    group: 'g',
    grade: 'competent',
    value: ballotValue('competent', scores),
    scores,
  });

  it('is the trimmed mean of each item over the ballots that scored it', () => {
    const ratings = [rating({ unity: 90, politics: 80 }), rating({ unity: 70 }), rating(null), rating({ unity: 80 })];
    expect(itemScores(ratings, 1)).toEqual({ politics: 80, unity: 80 });
  });

  it('shows an item only when at least k ballots scored it (the anonymity rule of the target itself)', () => {
    const ratings = [rating({ unity: 90, politics: 60 }), rating({ unity: 70 }), rating({ unity: 80 })];
    expect(itemScores(ratings, 3)).toEqual({ unity: 80 });
    expect(itemScores(ratings, 4)).toBeNull();
  });

  it('rides on the target of aggregate when it is shown, and not when it is suppressed', () => {
    const ratings = [rating({ unity: 90 }), rating({ unity: 70 })];
    expect(aggregate(['t'], ratings, null, 2)[0].itemScores).toEqual({ unity: 80 });
    expect(aggregate(['t'], ratings, null, 3)[0]).not.toHaveProperty('itemScores');
  });
});
