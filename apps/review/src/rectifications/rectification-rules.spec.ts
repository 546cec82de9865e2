import { WORTH_RULE } from '@cadre/contracts';
import {
  canProgress,
  chinaDay,
  isCalendarDay,
  isOverdue,
  opinionProblems,
  overdueAt,
  worthOf,
} from './rectification-rules';

describe('rectification deadlines', () => {
  it('is overdue from the end of its deadline, Beijing time', () => {
    expect(overdueAt('2026-09-30').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    const item = { deadline: '2026-09-30', status: 'in_progress' as const };
    expect(isOverdue(item, new Date('2026-09-30T15:59:59.999Z'))).toBe(false);
    expect(isOverdue(item, new Date('2026-09-30T16:00:00.000Z'))).toBe(true);
    // Done in time or late, a done item is never overdue.
    expect(isOverdue({ ...item, status: 'done' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('counts the day in China', () => {
    expect(chinaDay(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(chinaDay(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });

  it('takes progress until the item is done', () => {
    expect(canProgress('open', 'in_progress')).toBe(true);
    expect(canProgress('open', 'done')).toBe(true);
    expect(canProgress('in_progress', 'in_progress')).toBe(true);
    expect(canProgress('in_progress', 'done')).toBe(true);
    expect(canProgress('done', 'in_progress')).toBe(false);
    expect(canProgress('done', 'done')).toBe(false);
  });
});

describe('an opinion and its items', () => {
  it('names every bad field', () => {
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    const problems = opinionProblems('  ', [
      { title: '整改甲', deadline: '2026-02-30' },
      { title: '整改甲', deadline: '2026-09-30' },
      { title: '', deadline: 'soon' },
    ]);
    expect(problems.map((p) => p.field)).toEqual([
      'summary',
      'items[0].deadline',
      'items[1].title',
      'items[2].title',
      'items[2].deadline',
    ]);
    expect(opinionProblems('意见', [])).toEqual([]);
  });
});

describe('含金量 cross-check', () => {
  const units = (scores: Array<number | null>) => scores.map((bottomUp, i) => ({ unitId: `u${i}`, bottomUp }));
  const reported = (unitId: string, taskCompletion: number | null, responsibilityFulfilment: number | null) => ({
    unitId,
    cadres: 2,
    taskCompletion,
    responsibilityFulfilment,
  });

  it('flags high reported completion with a bottom-quarter bottom-up score', () => {
    // 8 shown scores: the bottom quarter is the two lowest (≤ 70).
    const worth = worthOf(units([60, 70, 75, 80, 85, 88, 90, 95]), [
      reported('u0', 95, 0.95), // high, bottom quarter: flagged
      reported('u1', 80, null), // bottom quarter, completion 0.8 only
      reported('u2', 100, 1), // high, not bottom quarter
      reported('u7', null, null),
    ]);
    expect(worth.get('u0')).toEqual({
      cadres: 2,
      taskCompletion: 95,
      responsibilityFulfilment: 0.95,
      reportedCompletion: 0.95,
      bottomQuarter: true,
      flagged: true,
    });
    expect(worth.get('u1')).toMatchObject({ reportedCompletion: 0.8, bottomQuarter: true, flagged: false });
    expect(worth.get('u2')).toMatchObject({ reportedCompletion: 1, bottomQuarter: false, flagged: false });
    expect(worth.get('u3')).toMatchObject({ cadres: 0, reportedCompletion: null, flagged: false });
    expect(worth.get('u7')).toMatchObject({ reportedCompletion: null, bottomQuarter: false, flagged: false });
  });

  it('takes the threshold as inclusive and ties with the cut as in the quarter', () => {
    const worth = worthOf(units([70, 70, 80, 90]), [
      reported('u0', WORTH_RULE.highCompletion * 100, null),
      reported('u1', null, WORTH_RULE.highCompletion),
    ]);
    expect(worth.get('u0')?.flagged).toBe(true);
    expect(worth.get('u1')?.flagged).toBe(true);
  });

  it('makes no quarter of fewer than four shown scores, and never puts a hidden score in it', () => {
    const few = worthOf(units([50, 90, 95]), [reported('u0', 100, 1)]);
    expect(few.get('u0')).toMatchObject({ bottomQuarter: false, flagged: false });
    const hidden = worthOf(units([null, 60, 70, 80, 90]), [reported('u0', 100, 1), reported('u1', 100, 1)]);
    expect(hidden.get('u0')).toMatchObject({ bottomQuarter: false, flagged: false });
    expect(hidden.get('u1')).toMatchObject({ bottomQuarter: true, flagged: true });
  });
});
