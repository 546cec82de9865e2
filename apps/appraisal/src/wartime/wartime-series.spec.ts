import { isoWeek, spiritTrend, weeklySeries } from './wartime-series';

describe('wartime series', () => {
  it('numbers ISO weeks, including those that belong to the previous or next year', () => {
    expect(isoWeek('2022-03-14')).toBe('2022-W11');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
  });

  it('shows the conduct week by week: a strong start that fades is falling', () => {
    const weeks = weeklySeries([
      { date: '2022-03-14', dutyHours: 40, volunteered: true, performance: 'outstanding' },
      { date: '2022-03-16', dutyHours: 20, volunteered: true, performance: 'good' },
      { date: '2022-03-22', dutyHours: 30, volunteered: false, performance: 'good' },
      { date: '2022-03-29', dutyHours: 10, volunteered: false, performance: 'fair' },
      { date: '2022-04-05', dutyHours: 5, volunteered: false, performance: 'poor' },
    ]);
    expect(weeks.map((w) => [w.week, w.records, w.dutyHours, w.volunteered, w.spirit])).toEqual([
      ['2022-W11', 2, 60, 2, 92.5],
      ['2022-W12', 1, 30, 0, 80],
      ['2022-W13', 1, 10, 0, 60],
      ['2022-W14', 1, 5, 0, 30],
    ]);
    expect(spiritTrend(weeks)).toBe('falling');
    expect(spiritTrend(weeks.slice(0, 1))).toBeNull();
  });
});
