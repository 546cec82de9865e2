import { WARTIME_QUALITIES } from '@cadre/contracts';
import type { QualityGrade, WartimeQualitiesV2, WartimeRecordView } from '@cadre/contracts';
import {
  byTopic,
  isoWeek,
  longRun,
  recordDateProblem,
  recordPoints,
  spiritTrend,
  taskProblems,
  wartimeFile,
  weeklySeries,
  weeksBetween,
} from './wartime-series';

const qualities = (grade: QualityGrade, fact = '具体表现'): WartimeQualitiesV2 =>
  Object.fromEntries(WARTIME_QUALITIES.map((q) => [q, { grade, fact }])) as WartimeQualitiesV2;

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
  qualities: null,
  tasks: [],
  points: 80,
  recordedAt: '2022-03-14T10:00:00.000Z',
  ...r,
});

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
      qualities: null,
      tasks: [],
      points: 80,
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

  it('scores a record by its six qualities when it judged them, else by its performance as before', () => {
    expect(recordPoints({ performance: 'good' })).toBe(80);
    expect(recordPoints({ performance: 'outstanding', qualities: null })).toBe(100);
    expect(recordPoints({ performance: 'outstanding', qualities: qualities('fair') })).toBe(60);
    const mixed = { ...qualities('excellent'), fighting: { grade: 'poor' as const, fact: '处置迟缓' } };
    expect(recordPoints({ performance: 'good', qualities: mixed })).toBe(88.3); // (5 × 100 + 30) / 6
  });

  it('lists the ISO weeks between two days, across a year end', () => {
    expect(weeksBetween('2022-03-16', '2022-04-04')).toEqual(['2022-W11', '2022-W12', '2022-W13', '2022-W14']);
    expect(weeksBetween('2022-03-14', '2022-03-20')).toEqual(['2022-W11']);
    expect(weeksBetween('2024-12-25', '2025-01-08')).toEqual(['2024-W52', '2025-W01', '2025-W02']);
  });

  it('tells the long run apart from the moment: one who volunteers once against one who stays all weeks', () => {
    // A five-week event (2022-W11 … W15).
    const event = [{ cycleId: 'e1', from: '2022-03-14', to: '2022-04-15' }];
    const once = longRun([{ date: '2022-03-14', points: 100 }], event);
    const stays = longRun(
      ['2022-03-15', '2022-03-22', '2022-03-29', '2022-04-05', '2022-04-12'].map((date) => ({ date, points: 80 })),
      event,
    );
    expect(once).toEqual({
      eventWeeks: 5,
      weeksPresent: 1,
      participation: 0.2,
      longestStreak: 1,
      performance: 100,
      score: 20,
    });
    expect(stays).toEqual({
      eventWeeks: 5,
      weeksPresent: 5,
      participation: 1,
      longestStreak: 5,
      performance: 80,
      score: 80,
    });
    // A gap breaks the streak; two records in one week count as one week, at their mean.
    const gap = longRun(
      [
        { date: '2022-03-14', points: 100 },
        { date: '2022-03-16', points: 60 },
        { date: '2022-03-22', points: 80 },
        { date: '2022-04-05', points: 80 },
        { date: '2022-04-12', points: 80 },
      ],
      event,
    );
    expect(gap).toMatchObject({ weeksPresent: 4, longestStreak: 2, performance: 80, score: 64 });
    // Two events of a topic: their weeks together.
    expect(
      longRun(
        [{ date: '2022-03-14', points: 80 }],
        [...event, { cycleId: 'e2', from: '2022-04-11', to: '2022-04-25' }],
      ),
    ).toMatchObject({ eventWeeks: 7, weeksPresent: 1 }); // W11 … W15 and W15 … W17
  });

  it('shows per topic the six qualities over time, leaving out records that judged none', () => {
    const topics = byTopic(
      [
        record({ id: 'a', date: '2022-03-14', qualities: qualities('excellent'), volunteered: true }),
        record({ id: 'b', date: '2022-03-21' }),
        record({
          id: 'c',
          date: '2022-03-28',
          qualities: { ...qualities('good'), leadership: { grade: 'fair', fact: 'x' } },
        }),
        record({ id: 'd', cycleId: 'f1', topic: 'disaster_relief', date: '2022-07-04', qualities: qualities('poor') }),
      ],
      [
        { cycleId: 'e1', from: '2022-03-14', to: '2022-03-28' },
        { cycleId: 'f1', from: '2022-07-01', to: '2022-07-10' },
      ],
    );
    expect(topics.map((t) => [t.topic, t.events, t.records, t.volunteered])).toEqual([
      ['epidemic', 1, 3, 1],
      ['disaster_relief', 1, 1, 0],
    ]);
    const [epidemic] = topics;
    expect(epidemic.qualities.map((q) => q.quality)).toEqual([...WARTIME_QUALITIES]);
    expect(epidemic.qualities[0]).toEqual({
      quality: 'political',
      name: '政治素质',
      points: [
        { date: '2022-03-14', recordId: 'a', grade: 'excellent', points: 100 },
        { date: '2022-03-28', recordId: 'c', grade: 'good', points: 80 },
      ],
      mean: 90,
    });
    expect(epidemic.qualities[5]).toMatchObject({ quality: 'leadership', mean: 80 });
    expect(epidemic.longRun).toMatchObject({ eventWeeks: 3, weeksPresent: 3, participation: 1 });
    expect(topics[1].longRun).toMatchObject({ eventWeeks: 2, weeksPresent: 1, performance: 30, score: 15 });
  });

  it('lets a record follow only tasks of the cadre’s own signed list, each once', () => {
    const own = new Map([['t1', '优化营商环境']]);
    expect(taskProblems([{ taskId: 't1' }], own, 2022)).toEqual([]);
    expect(taskProblems([{ taskId: 't1' }, { taskId: 'x' }, { taskId: 't1' }], own, 2022)).toEqual([
      { field: 'tasks[1].taskId', message: '不是该干部 2022 年已签订任务清单中的任务' },
      { field: 'tasks[2].taskId', message: '同一任务只能填写一次' },
    ]);
  });
});
