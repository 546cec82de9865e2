import { DEFAULT_COMPOSITE_WEIGHTS } from '@cadre/contracts';
import { composite, rank, weightProblems } from './composite';
import { direction, fallingRun, trendOf } from './trend';
import { quadrantOf } from './ranking-rules';

describe('composite and ranks', () => {
  it('is the weighted mean of the parts present', () => {
    expect(composite({ periodic: 90, democratic: 80, task: 70, wartime: 100 }, DEFAULT_COMPOSITE_WEIGHTS)).toBe(84); // 36 + 24 + 14 + 10
    // Without democratic and wartime: (0.4·90 + 0.2·70) / 0.6.
    expect(composite({ periodic: 90, democratic: null, task: 70, wartime: null }, DEFAULT_COMPOSITE_WEIGHTS)).toBe(
      83.33,
    );
    expect(
      composite({ periodic: null, democratic: null, task: null, wartime: null }, DEFAULT_COMPOSITE_WEIGHTS),
    ).toBeNull();
  });

  it('shares ranks on ties (1, 2, 2, 4) with percentile 100·(n−rank)/(n−1), 100 for one', () => {
    expect(rank([90, 85, 85, 80])).toEqual([
      { rank: 1, percentile: 100 },
      { rank: 2, percentile: 66.67 },
      { rank: 2, percentile: 66.67 },
      { rank: 4, percentile: 0 },
    ]);
    expect(rank([60])).toEqual([{ rank: 1, percentile: 100 }]);
  });

  it('refuses weights out of range or all zero', () => {
    expect(weightProblems({ periodic: 1.2, democratic: -1, task: 0, wartime: 0 }).map((p) => p.field)).toEqual([
      'periodic',
      'democratic',
    ]);
    expect(weightProblems({ periodic: 0, democratic: 0, task: 0, wartime: 0 })).toHaveLength(1);
  });

  it('puts a point in its quadrant', () => {
    expect([quadrantOf(80, 90), quadrantOf(20, 90), quadrantOf(80, 10), quadrantOf(10, 10)]).toEqual([
      'leading',
      'team_anchor',
      'field_strong',
      'lagging',
    ]);
  });
});

describe('trend', () => {
  it('tells the direction over three cycles', () => {
    expect(direction([80, 85, 90])).toBe('rising');
    expect(direction([80, 75, 70])).toBe('falling');
    expect(direction([80, 80.5, 80])).toBe('stable');
    expect(direction([80])).toBe('stable');
  });

  it('warns of 躺平: falling two cycles in a row, or the bottom decile of the field', () => {
    expect(fallingRun([90, 85, 80])).toBe(2);
    expect(fallingRun([90, 85, 85])).toBe(0);
    expect(fallingRun([90, 89.5, 89])).toBe(0); // noise, not a fall
    const point = (composite: number, horizontalPercentile: number) => ({
      cycleId: 'c',
      year: 2025,
      half: 1 as const,
      composite,
      verticalRank: 1,
      horizontalRank: 1,
      horizontalPercentile,
    });
    expect(trendOf('x', [point(90, 50), point(85, 40), point(80, 30)]).warning).toEqual({
      fallingCycles: 2,
      bottomDecile: false,
    });
    expect(trendOf('x', [point(80, 50), point(85, 5)]).warning).toEqual({ fallingCycles: 0, bottomDecile: true });
    expect(trendOf('x', [point(80, 50), point(85, 60)]).warning).toBeNull();
  });
});
