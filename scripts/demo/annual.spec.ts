import { yearsToEvaluate } from './annual';

describe('the demo’s annual evaluations', () => {
  const now = new Date('2026-12-02T08:00:00Z');
  const cycle = (year: number, status = 'published', kind = 'periodic') => ({ kind, year, status });

  it('are the past years with every periodic cycle published, two at least', () => {
    const cycles = [
      cycle(2023),
      cycle(2023),
      cycle(2024),
      cycle(2024),
      cycle(2025),
      cycle(2025, 'open'), // the year's second half still open
      cycle(2022, 'published', 'random'),
      cycle(2022), // one half only
      cycle(2026),
      cycle(2026, 'open'),
    ];
    expect(yearsToEvaluate(cycles, now)).toEqual([2023, 2024]);
  });

  it('never the current year, even with both halves published', () => {
    expect(yearsToEvaluate([cycle(2026), cycle(2026)], now)).toEqual([]);
    expect(yearsToEvaluate([], now)).toEqual([]);
  });
});
