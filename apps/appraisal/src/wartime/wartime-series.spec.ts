import type { WartimeRecordView } from '@cadre/contracts';
import { isoWeek, recordDateProblem, spiritTrend, wartimeFile, weeklySeries } from './wartime-series';

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

  it('sums up the file: events, first volunteered, hours, outstanding, commendations, penalties, spirit', () => {
    const record = (r: Partial<WartimeRecordView>): WartimeRecordView => ({
      id: 'r',
      cycleId: 'e1',
      cycleName: '疫情防控',
      topic: 'epidemic',
      cadreId: 'c1',
      date: '2022-03-14',
      role: '值守',
      volunteered: false,
      dutyHours: 10,
      performance: 'good',
      note: null,
      commendation: null,
      penalty: null,
      recordedAt: '2022-03-14T10:00:00.000Z',
      ...r,
    });
    const file = wartimeFile('c1', [
      record({ date: '2022-03-14', performance: 'outstanding', dutyHours: 12.25, commendation: '通报表扬' }),
      record({ date: '2022-03-22', volunteered: true, dutyHours: 8 }),
      record({ cycleId: 'e2', date: '2022-03-29', penalty: '批评教育', performance: 'poor' }),
    ]);
    expect(file.summary).toEqual({
      events: 2,
      records: 3,
      firstVolunteeredOn: '2022-03-22',
      volunteered: 1,
      totalDutyHours: 30.3,
      outstanding: 1,
      commendations: 1,
      penalties: 1,
      spirit: 71.7,
      trend: 'falling',
    });
    expect(file.weekly).toHaveLength(3);
    expect(wartimeFile('c1', []).summary).toMatchObject({
      records: 0,
      firstVolunteeredOn: null,
      spirit: null,
      trend: null,
    });
  });

  it('refuses a record dated after today or before the random cycle opened', () => {
    expect(recordDateProblem('2022-03-20', '2022-03-21', '2022-03-11')).toBeNull();
    expect(recordDateProblem('2022-03-22', '2022-03-21', '2022-03-11')).toBe('future');
    expect(recordDateProblem('2022-03-10', '2022-03-21', '2022-03-11')).toBe('before_open');
  });
});
