import type { WartimeFileView, WartimePerformance, WartimeRecordView, WartimeWeekView } from '@cadre/contracts';

/** Points of a performance for the weekly "fighting spirit" (战斗力) series. */
export const PERFORMANCE_POINTS: Record<WartimePerformance, number> = {
  outstanding: 100,
  good: 80,
  fair: 60,
  poor: 30,
};

/** A volunteered (请战) record counts this much more than an assigned one in the week's spirit. */
const VOLUNTEER_BONUS = 5;

/** ISO 8601 week of a calendar date `YYYY-MM-DD`, as `YYYY-Www` (weeks start on Monday). */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = 1 + Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000));
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface WartimeEntry {
  date: string;
  dutyHours: number;
  volunteered: boolean;
  performance: WartimePerformance;
}

/**
 * The conduct over time, week by week: not only whether the cadre volunteered first but whether
 * they kept going. Spirit = mean points of the week's records (+5 for volunteered, at most 100).
 */
export function weeklySeries(records: WartimeEntry[]): WartimeWeekView[] {
  const weeks = new Map<string, WartimeEntry[]>();
  for (const r of records) {
    const key = isoWeek(r.date);
    weeks.set(key, [...(weeks.get(key) ?? []), r]);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, rs]) => ({
      week,
      records: rs.length,
      dutyHours: round1(rs.reduce((s, r) => s + r.dutyHours, 0)),
      volunteered: rs.filter((r) => r.volunteered).length,
      spirit: round1(
        rs.reduce(
          (s, r) => s + Math.min(100, PERFORMANCE_POINTS[r.performance] + (r.volunteered ? VOLUNTEER_BONUS : 0)),
          0,
        ) / rs.length,
      ),
    }));
}

/**
 * Whether the spirit held: the mean of the last quarter of weeks against the first quarter
 * (at least one week each); a change under 5 points is stable. Null with fewer than two weeks.
 */
export function spiritTrend(weeks: WartimeWeekView[]): 'rising' | 'falling' | 'stable' | null {
  if (weeks.length < 2) return null;
  const n = Math.max(1, Math.floor(weeks.length / 4));
  const mean = (xs: WartimeWeekView[]) => xs.reduce((s, w) => s + w.spirit, 0) / xs.length;
  const delta = mean(weeks.slice(-n)) - mean(weeks.slice(0, n));
  return delta >= 5 ? 'rising' : delta <= -5 ? 'falling' : 'stable';
}

/**
 * The file of a cadre's records: the summary over all of them (how many events, first volunteered,
 * duty hours, outstanding, commendations, penalties), the weekly series and whether the spirit held.
 */
export function wartimeFile(cadreId: string, records: WartimeRecordView[]): WartimeFileView {
  const weekly = weeklySeries(records);
  const firstVolunteered = records.find((r) => r.volunteered);
  return {
    cadreId,
    records,
    summary: {
      events: new Set(records.map((r) => r.cycleId)).size,
      records: records.length,
      firstVolunteeredOn: firstVolunteered?.date ?? null,
      volunteered: records.filter((r) => r.volunteered).length,
      totalDutyHours: Math.round(records.reduce((s, r) => s + r.dutyHours, 0) * 10) / 10,
      outstanding: records.filter((r) => r.performance === 'outstanding').length,
      commendations: records.filter((r) => r.commendation).length,
      penalties: records.filter((r) => r.penalty).length,
      spirit: weekly.length ? Math.round((weekly.reduce((s, w) => s + w.spirit, 0) / weekly.length) * 10) / 10 : null,
      trend: spiritTrend(weekly),
    },
    weekly,
  };
}

/** Why a record's date is refused: after today, or before the day the random cycle opened. Null when it is fine. */
export function recordDateProblem(date: string, today: string, opened: string): 'future' | 'before_open' | null {
  if (date > today) return 'future';
  if (date < opened) return 'before_open';
  return null;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
