import { WARTIME_QUALITIES, WARTIME_QUALITY_NAMES } from '@cadre/contracts';
import type {
  QualityGrade,
  RandomTopic,
  WartimeFileView,
  WartimeLongRunView,
  WartimePerformance,
  WartimeQualitiesV2,
  WartimeRecordView,
  WartimeTopicView,
  WartimeWeekView,
} from '@cadre/contracts';

/** Points of a performance for the weekly "fighting spirit" (战斗力) series. */
export const PERFORMANCE_POINTS: Record<WartimePerformance, number> = {
  outstanding: 100,
  good: 80,
  fair: 60,
  poor: 30,
};

/**
 * Points of a quality's grade (优秀/良好/一般/较差), on the performance's scale so that a record with
 * qualities and one without weigh alike. analytics' composite.ts counts them the same way.
 */
export const QUALITY_POINTS: Record<QualityGrade, number> = {
  excellent: 100,
  good: 80,
  fair: 60,
  poor: 30,
};

/**
 * A record's points: the mean of its six qualities' points when it judged them (the random appraisal
 * proper), else its one performance grade's, as every record scored before the qualities.
 */
export function recordPoints(r: { performance: WartimePerformance; qualities?: WartimeQualitiesV2 | null }): number {
  if (!r.qualities) return PERFORMANCE_POINTS[r.performance];
  return round1(
    WARTIME_QUALITIES.reduce((s, q) => s + QUALITY_POINTS[r.qualities![q].grade], 0) / WARTIME_QUALITIES.length,
  );
}

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

/** The ISO weeks from the week of `from` to the week of `to`, both dates `YYYY-MM-DD`, in order. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  const start = new Date(`${from}T00:00:00Z`);
  const monday = start.getTime() - ((start.getUTCDay() + 6) % 7) * 86_400_000;
  const last = isoWeek(to);
  for (let t = monday; ; t += 7 * 86_400_000) {
    const week = isoWeek(new Date(t).toISOString().slice(0, 10));
    if (week > last) break;
    weeks.push(week);
    if (week === last) break;
  }
  return weeks;
}

/** How long a random cycle (an event) ran as far as its records go: from its opening day to its latest record. */
export interface WartimeEventSpan {
  cycleId: string;
  /** The day it opened where the tenant is, `YYYY-MM-DD` (or its first record's, if earlier). */
  from: string;
  /** The day of its latest record, any cadre's. */
  to: string;
}

/**
 * The long run of a cadre in a topic: the weeks of the topic's events (their union), the weeks the
 * cadre has a record in, the longest unbroken run of them and the mean weekly points. The score is
 * participation × performance: one outstanding record in the first week of a five-week event scores
 * a fifth of what five good weeks do — it looks past the moment's courage to the fighting spirit.
 */
export function longRun(
  records: Array<{ date: string; points: number }>,
  events: WartimeEventSpan[],
): WartimeLongRunView {
  const eventWeeks = [...new Set(events.flatMap((e) => weeksBetween(e.from, e.to)))].sort();
  const byWeek = new Map<string, number[]>();
  for (const r of records) {
    const week = isoWeek(r.date);
    byWeek.set(week, [...(byWeek.get(week) ?? []), r.points]);
  }
  const present = eventWeeks.filter((w) => byWeek.has(w));
  let longestStreak = 0;
  let streak = 0;
  for (const w of eventWeeks) {
    streak = byWeek.has(w) ? streak + 1 : 0;
    longestStreak = Math.max(longestStreak, streak);
  }
  const weekPoints = present.map((w) => byWeek.get(w)!.reduce((s, p) => s + p, 0) / byWeek.get(w)!.length);
  const performance = weekPoints.length ? weekPoints.reduce((s, p) => s + p, 0) / weekPoints.length : 0;
  const participation = eventWeeks.length ? present.length / eventWeeks.length : 0;
  return {
    eventWeeks: eventWeeks.length,
    weeksPresent: present.length,
    participation: Math.round(participation * 1000) / 1000,
    longestStreak,
    performance: round1(performance),
    score: round1(participation * performance),
  };
}

/** Per topic (in the order of the topic's first record): the six qualities over time and the long run. */
export function byTopic(records: WartimeRecordView[], events: WartimeEventSpan[]): WartimeTopicView[] {
  const topics = [...new Set(records.map((r) => r.topic))];
  return topics.map((topic: RandomTopic | null) => {
    const rs = records.filter((r) => r.topic === topic);
    const cycles = new Set(rs.map((r) => r.cycleId));
    const judged = rs.filter((r) => r.qualities);
    return {
      topic,
      events: cycles.size,
      records: rs.length,
      volunteered: rs.filter((r) => r.volunteered).length,
      qualities: WARTIME_QUALITIES.map((quality) => {
        const points = judged.map((r) => ({
          date: r.date,
          recordId: r.id,
          grade: r.qualities![quality].grade,
          points: QUALITY_POINTS[r.qualities![quality].grade],
        }));
        return {
          quality,
          name: WARTIME_QUALITY_NAMES[quality],
          points,
          mean: points.length ? round1(points.reduce((s, p) => s + p.points, 0) / points.length) : null,
        };
      }),
      longRun: longRun(
        rs.map((r) => ({ date: r.date, points: recordPoints(r) })),
        events.filter((e) => cycles.has(e.cycleId)),
      ),
    };
  });
}

/**
 * The file of a cadre's records: the summary over all of them (how many events, first volunteered,
 * duty hours, outstanding, commendations, penalties), the weekly series and whether the spirit held,
 * and per topic the qualities over time and the long run over the weeks of its events.
 */
export function wartimeFile(
  cadreId: string,
  records: WartimeRecordView[],
  events: WartimeEventSpan[] = [],
): WartimeFileView {
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
    byTopic: byTopic(records, events),
  };
}

/** Why a record's date is refused: after today, or before the day the random cycle opened. Null when it is fine. */
export function recordDateProblem(date: string, today: string, opened: string): 'future' | 'before_open' | null {
  if (date > today) return 'future';
  if (date < opened) return 'before_open';
  return null;
}

/**
 * Why the tasks a record names are refused, a message per bad field: each must be a task of the
 * cadre's signed task list of the cycle's year (`own`: task id → title), named once.
 */
export function taskProblems(
  tasks: Array<{ taskId: string }>,
  own: Map<string, string>,
  year: number,
): Array<{ field: string; message: string }> {
  const seen = new Set<string>();
  const problems: Array<{ field: string; message: string }> = [];
  tasks.forEach((t, i) => {
    if (seen.has(t.taskId)) problems.push({ field: `tasks[${i}].taskId`, message: '同一任务只能填写一次' });
    else if (!own.has(t.taskId))
      problems.push({ field: `tasks[${i}].taskId`, message: `不是该干部 ${year} 年已签订任务清单中的任务` });
    seen.add(t.taskId);
  });
  return problems;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
