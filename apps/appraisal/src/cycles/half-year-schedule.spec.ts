import { occurrence, upcoming, windowProblems } from './half-year-schedule';
import { isoInZone, zonedInstant } from './zoned-time';

const SHANGHAI = 'Asia/Shanghai';
const windows = [
  { half: 1 as const, opens: '06-15', closes: '07-10' },
  { half: 2 as const, opens: '12-15', closes: '01-10' },
];

describe('half-yearly schedule', () => {
  it('opens at 00:00 and closes at the end of the day in a DST-free zone (UTC+8 all year)', () => {
    const o = occurrence(windows[0], 2026, SHANGHAI, 30);
    expect(o.opensAt.toISOString()).toBe('2026-06-14T16:00:00.000Z');
    expect(isoInZone(o.opensAt, SHANGHAI)).toBe('2026-06-15T00:00:00+08:00');
    expect(isoInZone(o.closesAt, SHANGHAI)).toBe('2026-07-11T00:00:00+08:00');
    expect(o.createAt.toISOString()).toBe('2026-05-15T16:00:00.000Z');
    // No daylight saving in China: the same offset in January and July.
    expect(isoInZone(new Date('2026-01-15T04:00:00Z'), SHANGHAI)).toBe('2026-01-15T12:00:00+08:00');
  });

  it('a second half closing before it opens in the calendar closes in the next year', () => {
    const o = occurrence(windows[1], 2026, SHANGHAI, 30);
    expect(isoInZone(o.opensAt, SHANGHAI)).toBe('2026-12-15T00:00:00+08:00');
    expect(isoInZone(o.closesAt, SHANGHAI)).toBe('2027-01-11T00:00:00+08:00');
    expect(o.year).toBe(2026);
  });

  it('across the year boundary: on 2026-12-20 the running H2 is due, then 2027 H1 comes next', () => {
    const next = upcoming(windows, new Date('2026-12-20T00:00:00Z'), SHANGHAI, 30);
    expect(next.slice(0, 2).map((o) => `${o.year}-H${o.half}`)).toEqual(['2026-H2', '2027-H1']);
    expect(next[0].createAt <= new Date('2026-12-20T00:00:00Z')).toBe(true);
    expect(next[1].createAt > new Date('2026-12-20T00:00:00Z')).toBe(true);
    // On 2027-01-05 the 2026 H2 cycle is still running (it closes on 01-10): still listed first.
    const january = upcoming(windows, new Date('2027-01-05T00:00:00Z'), SHANGHAI, 30);
    expect(`${january[0].year}-H${january[0].half}`).toBe('2026-H2');
    // After it closes, the 2027 H1 cycle is next.
    const after = upcoming(windows, new Date('2027-01-11T00:00:00Z'), SHANGHAI, 30);
    expect(`${after[0].year}-H${after[0].half}`).toBe('2027-H1');
  });

  it('uses the tenant zone, not UTC: the same window is 8 hours apart in Urumqi (UTC+6) and Shanghai', () => {
    const a = zonedInstant({ year: 2026, month: 6, day: 15 }, SHANGHAI);
    const b = zonedInstant({ year: 2026, month: 6, day: 15 }, 'Asia/Urumqi');
    expect(b.getTime() - a.getTime()).toBe(2 * 3_600_000);
  });

  it('settles the offset across a daylight-saving change too', () => {
    // New York on 2026-03-08 (spring forward at 02:00): 00:00 is still EST (-05:00), 12:00 EDT (-04:00).
    expect(zonedInstant({ year: 2026, month: 3, day: 8 }, 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 3, day: 8, hour: 12 }, 'America/New_York').toISOString()).toBe(
      '2026-03-08T16:00:00.000Z',
    );
  });

  it('names every bad window field', () => {
    expect(
      windowProblems([
        { half: 1, opens: '02-29', closes: '13-01' },
        { half: 1, opens: '06-01', closes: '06-01' },
      ]).map((p) => p.field),
    ).toEqual(['windows.0.opens', 'windows.0.closes', 'windows.1.closes', 'windows']);
  });
});
