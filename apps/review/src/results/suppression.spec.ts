import type { Grade } from '@cadre/contracts';
import { aggregate, GRADE_VALUES, Rating, twoWay } from './results';
import { effectiveMinGroupSize, minGroupSizeProblems, shownGroups, weightedScore } from './suppression';

const sizes = (entries: Record<string, number>) =>
  Object.entries(entries).map(([group, ballots]) => ({ group, ballots }));
const ratings = (targetId: string, group: string, grades: Grade[]): Rating[] =>
  grades.map((grade) => ({ targetId, group, grade, value: GRADE_VALUES[grade] }));

describe('shownGroups (which voter groups a breakdown may show)', () => {
  it('shows groups of at least k ballots when the hidden remainder is 0 or at least k', () => {
    expect(shownGroups(sizes({ a: 5, b: 6 }), 5)).toEqual(new Set(['a', 'b']));
    expect(shownGroups(sizes({ a: 1, b: 2, c: 4, d: 6 }), 5)).toEqual(new Set(['d'])); // remainder 7
    expect(shownGroups(sizes({ a: 5, b: 3, c: 3 }), 5)).toEqual(new Set(['a'])); // remainder 6
  });

  it('hides the smallest shown group too when the remainder would be 1..k-1 (subtraction: total − shown = hidden)', () => {
    expect(shownGroups(sizes({ a: 1, b: 6 }), 5)).toEqual(new Set());
    expect(shownGroups(sizes({ a: 1, b: 6, c: 7 }), 5)).toEqual(new Set(['c'])); // b hidden with a: remainder 7
    expect(shownGroups(sizes({ a: 4, b: 5, c: 9 }), 5)).toEqual(new Set(['c']));
  });

  it('shows nothing below k ballots in all', () => {
    expect(shownGroups(sizes({ a: 2, b: 2 }), 5)).toEqual(new Set());
  });

  it('never leaves a hidden remainder of 1..k-1, for any sizes (exhaustive over small groups)', () => {
    for (let k = 3; k <= 6; k++) {
      for (let a = 0; a <= 8; a++)
        for (let b = 0; b <= 8; b++)
          for (let c = 0; c <= 8; c++) {
            const groups = sizes({ a, b, c }).filter((g) => g.ballots > 0);
            const shown = shownGroups(groups, k);
            const total = a + b + c;
            const remainder = total - groups.filter((g) => shown.has(g.group)).reduce((s, g) => s + g.ballots, 0);
            for (const g of groups) if (shown.has(g.group)) expect(g.ballots).toBeGreaterThanOrEqual(k);
            // Below k in all the target itself is suppressed and nothing is shown.
            if (total < k) expect(shown.size).toBe(0);
            else expect(remainder === 0 || remainder >= k).toBe(true);
          }
    }
  });
});

describe('weightedScore', () => {
  it('leaves hidden groups out exactly like groups without ballots', () => {
    expect(
      weightedScore([
        { score: 90, weight: 0.5, shown: true },
        { score: 10, weight: 0.5, shown: false },
      ]),
    ).toBe(90);
    expect(weightedScore([{ score: 90, weight: 0.5, shown: false }])).toBeNull();
  });
});

describe('aggregate under the rule (k = 5): groups of 1, 2, 4 and 6 voters', () => {
  const weights = { 一组: 0.1, 二组: 0.2, 四组: 0.3, 六组: 0.4 };
  const all = [
    ...ratings('t', '一组', ['incompetent']),
    ...ratings('t', '二组', ['basically_competent', 'excellent']),
    ...ratings('t', '四组', ['competent', 'competent', 'excellent', 'incompetent']),
    ...ratings('t', '六组', ['excellent', 'excellent', 'competent', 'competent', 'competent', 'excellent']),
    ...ratings('small', '六组', ['excellent', 'competent', 'competent', 'excellent']),
  ];

  it('suppresses a target under k ballots: count only, numbers null, every group hidden', () => {
    const [, small] = aggregate(['t', 'small'], all, null, 5);
    expect(small).toEqual({
      targetId: 'small',
      ballots: 4,
      suppressed: true,
      gradeCounts: null,
      excellentRate: null,
      competentOrBetterRate: null,
      score: null,
      byGroup: [
        {
          group: '六组',
          weight: null,
          ballots: 4,
          suppressed: true,
          gradeCounts: null,
          excellentRate: null,
          competentOrBetterRate: null,
          score: null,
        },
      ],
    });
  });

  it('shows the 6-voter group and the total; the hidden remainder (1 + 2 + 4 = 7) is at least k', () => {
    const [t] = aggregate(['t', 'small'], all, null, 5);
    expect(t.suppressed).toBe(false);
    expect(t.ballots).toBe(13);
    const shown = t.byGroup.filter((g) => !g.suppressed).map((g) => g.group);
    expect(shown).toEqual(['六组']);
    for (const g of t.byGroup.filter((x) => x.suppressed))
      expect([g.gradeCounts, g.score, g.excellentRate, g.competentOrBetterRate]).toEqual([null, null, null, null]);
    // The subtraction attack gives the 7 hidden ballots together, never one group of fewer than 5.
    const six = t.byGroup.find((g) => g.group === '六组')!;
    const hidden = (Object.keys(t.gradeCounts!) as Grade[]).reduce(
      (s, grade) => s + t.gradeCounts![grade] - six.gradeCounts![grade],
      0,
    );
    expect(hidden).toBe(7);
  });

  it('with group weights, the score uses the shown groups only: the weighting attack has nothing to solve for', () => {
    const [t] = aggregate(['t'], all, weights, 5);
    const six = t.byGroup.find((g) => g.group === '六组')!;
    // Only the 6-voter group is shown, so the weighted score is its score: solving
    // score = Σ wᵢ·sᵢ / Σ wᵢ for a hidden group's sᵢ gives nothing.
    expect(t.score).toBe(six.score);
    expect(t.byGroup.filter((g) => g.group !== '六组').every((g) => g.score === null)).toBe(true);
  });

  it('at k = 3, the 4- and 6-voter groups are shown and the remainder 1 + 2 = 3 stays hidden', () => {
    const [t] = aggregate(['t'], all, weights, 3);
    expect(
      t.byGroup
        .filter((g) => !g.suppressed)
        .map((g) => g.group)
        .sort(),
    ).toEqual(['六组', '四组'].sort());
    const four = t.byGroup.find((g) => g.group === '四组')!;
    const six = t.byGroup.find((g) => g.group === '六组')!;
    expect(t.score).toBe(Math.round(((0.3 * four.score! + 0.4 * six.score!) / 0.7) * 100) / 100);
  });

  it('a target without ballots stays a plain empty result', () => {
    const [none] = aggregate(['none'], all, null, 5);
    expect(none).toMatchObject({ ballots: 0, suppressed: false, score: null, excellentRate: 0, byGroup: [] });
  });
});

describe('two-way under the rule', () => {
  it('never combines a suppressed campaign result: its side is null and so is the gap', () => {
    const units = twoWay([
      { unitId: 'u1', direction: 'top_down', score: 92, ballots: 8 },
      { unitId: 'u1', direction: 'top_down', score: null, ballots: 2, suppressed: true },
      { unitId: 'u1', direction: 'bottom_up', score: null, ballots: 3, suppressed: true },
    ]);
    expect(units).toEqual([{ unitId: 'u1', topDown: 92, bottomUp: null, gap: null, flagged: false }]);
  });
});

describe('minGroupSize', () => {
  it('accepts integers 3..20 and names the field otherwise', () => {
    expect(minGroupSizeProblems(3)).toEqual([]);
    expect(minGroupSizeProblems(20)).toEqual([]);
    for (const bad of [2, 21, 4.5, 'x', null, undefined])
      expect(minGroupSizeProblems(bad)).toEqual([{ field: 'minGroupSize', message: expect.stringMatching(/整数/) }]);
  });

  it('falls back to 5 for anything else stored', () => {
    expect(effectiveMinGroupSize(undefined)).toBe(5);
    expect(effectiveMinGroupSize(7)).toBe(7);
  });
});
