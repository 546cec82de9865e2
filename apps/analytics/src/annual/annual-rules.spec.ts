import { DEFAULT_ANNUAL_WEIGHTS } from '@cadre/contracts';
import {
  afterCycleSealed,
  annualCadreRows,
  annualComposite,
  annualTeamRows,
  annualTrend,
  annualWeightProblems,
  cannotEvaluate,
  gatedBy,
  mean,
  verdictAsOf,
  yearEnd,
} from './annual-rules';
import type { AnnualCadreInput } from './annual-rules';

const T1 = 'team-1';
const F1 = 'field-1';
const at = (half: number, composite: number, teamId: string | null = T1, fieldId: string | null = F1) => ({
  half,
  composite,
  unitId: 'unit-1',
  teamId,
  fieldId,
});
const cadre = (cadreId: string, periodic: ReturnType<typeof at>[], extra: Partial<AnnualCadreInput> = {}) => ({
  cadreId,
  periodic,
  random: null,
  democratic: null,
  gated: false,
  ...extra,
});

describe('annual composite', () => {
  it('weights the parts present and renormalises over them', () => {
    expect(annualComposite({ periodic: 80, random: 90, democratic: 70 }, DEFAULT_ANNUAL_WEIGHTS)).toBe(80); // 0.6·80+0.2·90+0.2·70
    expect(annualComposite({ periodic: 80, random: null, democratic: 70 }, DEFAULT_ANNUAL_WEIGHTS)).toBe(77.5); // (48+14)/0.8
    expect(annualComposite({ periodic: 85, random: null, democratic: null }, DEFAULT_ANNUAL_WEIGHTS)).toBe(85);
    expect(annualComposite({ periodic: null, random: null, democratic: null }, DEFAULT_ANNUAL_WEIGHTS)).toBeNull();
    // A part whose weight is 0 counts for nothing, and alone gives no composite.
    expect(
      annualComposite({ periodic: null, random: 90, democratic: null }, { periodic: 1, random: 0, democratic: 0 }),
    ).toBeNull();
  });

  it('rounds to 2 decimals, so ranks tie on what is shown', () => {
    expect(annualComposite({ periodic: 81.333, random: 77, democratic: null }, DEFAULT_ANNUAL_WEIGHTS)).toBe(80.25);
    expect(mean([80, 81, 81])).toBe(80.67);
    expect(mean([null, undefined])).toBeNull();
  });

  it('refuses weights out of 0..1 or all zero, one message per field', () => {
    expect(annualWeightProblems({ periodic: 1.5, random: -1, democratic: 0.2 }).map((p) => p.field)).toEqual([
      'periodic',
      'random',
    ]);
    expect(annualWeightProblems({ periodic: 0, random: 0, democratic: 0 })).toEqual([
      { field: 'periodic', message: '权重不能全为 0' },
    ]);
    expect(annualWeightProblems(DEFAULT_ANNUAL_WEIGHTS)).toEqual([]);
  });
});

describe('annual rows', () => {
  it('takes the mean of the year’s cycles and places the cadre where the last cycle ranked them', () => {
    const [row] = annualCadreRows(
      [cadre('a', [at(2, 90, 'team-2', 'field-2'), at(1, 80)], { random: 70, democratic: 85 })],
      DEFAULT_ANNUAL_WEIGHTS,
    );
    // periodic mean(80, 90) = 85; 0.6·85 + 0.2·70 + 0.2·85 = 82
    expect(row).toMatchObject({
      periodic: 85,
      random: 70,
      democratic: 85,
      composite: 82,
      teamId: 'team-2',
      fieldId: 'field-2',
    });
    expect(row).toMatchObject({ verticalRank: 1, verticalN: 1, verticalPercentile: 100 });
  });

  it('ranks in the team and in the field with ties sharing a rank (1, 1, 3)', () => {
    const rows = annualCadreRows(
      [
        cadre('a', [at(1, 90), at(2, 80)]),
        cadre('b', [at(1, 85)]),
        cadre('c', [at(1, 70)]),
        cadre('d', [at(1, 60, 'team-2')]),
      ],
      DEFAULT_ANNUAL_WEIGHTS,
    );
    const by = new Map(rows.map((r) => [r.cadreId, r]));
    expect(['a', 'b', 'c'].map((k) => [by.get(k)!.verticalRank, by.get(k)!.verticalN])).toEqual([
      [1, 3],
      [1, 3],
      [3, 3],
    ]);
    expect(by.get('c')!.verticalPercentile).toBe(0);
    expect(by.get('d')).toMatchObject({ verticalRank: 1, verticalN: 1, horizontalRank: 4, horizontalN: 4 });
    expect(by.get('a')).toMatchObject({ horizontalRank: 1, horizontalPercentile: 100 });
  });

  it('lists a cadre stopped at the gate without a rank, and out of the others’ n', () => {
    const rows = annualCadreRows(
      [cadre('a', [at(1, 95)], { gated: true }), cadre('b', [at(1, 80)]), cadre('c', [at(1, 70)])],
      DEFAULT_ANNUAL_WEIGHTS,
    );
    const by = new Map(rows.map((r) => [r.cadreId, r]));
    expect(by.get('a')).toMatchObject({
      excluded: 'political_gate',
      verticalRank: null,
      horizontalRank: null,
      composite: 95,
    });
    expect(by.get('b')).toMatchObject({ verticalRank: 1, verticalN: 2, horizontalRank: 1, horizontalN: 2 });
  });

  it('has no row for a cadre without a periodic cycle of the year, nor a rank outside a team or field', () => {
    const rows = annualCadreRows(
      [cadre('a', [], { random: 90 }), cadre('b', [at(1, 80, null, null)])],
      DEFAULT_ANNUAL_WEIGHTS,
    );
    expect(rows.map((r) => r.cadreId)).toEqual(['b']);
    expect(rows[0]).toMatchObject({ verticalRank: null, horizontalRank: null, excluded: null });
  });
});

describe('the gate as of the year’s end', () => {
  const end = yearEnd(2025);

  it('is the start of the next year, UTC', () => {
    expect(end.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('reads the latest verdict before the end; a later one changes nothing', () => {
    const history = [
      { verdict: 'fail', occurredAt: '2025-03-01T00:00:00Z' },
      { verdict: 'pass', occurredAt: '2025-11-01T00:00:00Z' },
      { verdict: 'fail', occurredAt: '2026-01-15T00:00:00Z' },
    ];
    expect(verdictAsOf(history, null, end)).toBe('pass');
    expect(verdictAsOf(history.slice(0, 1), 'pass', end)).toBe('fail');
    expect(gatedBy(verdictAsOf(history, null, yearEnd(2026)))).toBe(true);
  });

  it('falls back on the verdict frozen in the year’s last snapshot when no verdict of the year is known', () => {
    expect(verdictAsOf([{ verdict: 'pass', occurredAt: '2026-02-01T00:00:00Z' }], 'fail', end)).toBe('fail');
    expect(verdictAsOf([], null, end)).toBeNull();
    expect(gatedBy(null)).toBe(false);
    expect(gatedBy('attention')).toBe(false);
  });
});

describe('when a year is evaluated', () => {
  const published = { status: 'published', sealed: true };
  const after = new Date('2026-01-20T00:00:00Z');
  const before = new Date('2025-12-20T00:00:00Z');

  it('is made when the second cycle is sealed, or asked for the year’s end before it', () => {
    expect(afterCycleSealed(2025, [published], after)).toBeNull();
    expect(afterCycleSealed(2025, [published, { status: 'closed', sealed: false }], after)).toBeNull();
    expect(afterCycleSealed(2025, [published, published], after)).toBe('now');
    expect(afterCycleSealed(2025, [published, published], before)).toBe('at_year_end');
    expect(afterCycleSealed(2025, [published, { status: 'published', sealed: false }], after)).toBeNull();
  });

  it('by hand: after the year’s end, every periodic cycle published and sealed, at least one', () => {
    expect(cannotEvaluate(2025, [published], before)).toMatch('尚未结束');
    expect(cannotEvaluate(2025, [], after)).toMatch('没有已发布');
    expect(cannotEvaluate(2025, [published, { status: 'open', sealed: false }], after)).toMatch(
      '1 个定期考核周期未发布',
    );
    expect(cannotEvaluate(2025, [{ status: 'published', sealed: false }], after)).toMatch('尚未封存');
    expect(cannotEvaluate(2025, [published], after)).toBeNull();
  });
});

describe('annual teams', () => {
  it('means the year’s team composites, adds the democratic part, ranks in the field and overall', () => {
    const rows = annualTeamRows(
      [
        {
          teamId: 't1',
          periodic: [
            { half: 1, composite: 80, unitId: 'u1', fieldId: 'f1' },
            { half: 2, composite: 90, unitId: 'u1', fieldId: 'f1' },
          ],
          democratic: 85,
        },
        { teamId: 't2', periodic: [{ half: 2, composite: 85, unitId: 'u2', fieldId: 'f1' }], democratic: null },
        { teamId: 't3', periodic: [{ half: 2, composite: 70, unitId: 'u3', fieldId: null }], democratic: null },
        { teamId: 't4', periodic: [], democratic: 90 },
      ],
      DEFAULT_ANNUAL_WEIGHTS,
    );
    // t1: (0.6·85 + 0.2·85) / 0.8 = 85 — a tie with t2's 85.
    expect(rows.map((r) => [r.teamId, r.composite, r.rank, r.n, r.overallRank, r.overallN])).toEqual([
      ['t1', 85, 1, 2, 1, 3],
      ['t2', 85, 1, 2, 1, 3],
      ['t3', 70, 1, 1, 3, 3],
    ]);
    expect(rows[2]).toMatchObject({ percentile: 100, overallPercentile: 0 });
  });
});

describe('annual trend', () => {
  it('gives the direction and the 躺平 warning over the years as over cycles', () => {
    expect(
      annualTrend([
        { composite: 90, horizontalPercentile: 80 },
        { composite: 85, horizontalPercentile: 50 },
        { composite: 80, horizontalPercentile: 40 },
      ]),
    ).toEqual({
      direction: 'falling',
      warning: { fallingCycles: 2, bottomDecile: false },
    });
    expect(annualTrend([{ composite: 80, horizontalPercentile: 5 }])).toEqual({
      direction: 'stable',
      warning: { fallingCycles: 0, bottomDecile: true },
    });
    expect(annualTrend([])).toEqual({ direction: 'stable', warning: null });
  });
});
