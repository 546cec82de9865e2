import type { ScheduleWindow } from '@cadre/contracts';
import { zonedInstant } from './zoned-time';

/** One half-year's cycle as a schedule window makes it. */
export interface WindowOccurrence {
  year: number;
  half: 1 | 2;
  opensAt: Date;
  closesAt: Date;
  /** When the job creates the cycle: `leadDays` before it opens. */
  createAt: Date;
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** `MM-DD` that exists in every year (02-29 does not, so a schedule cannot use it). */
export function isMonthDay(value: string): boolean {
  const m = MONTH_DAY.exec(value);
  if (!m) return false;
  const month = +m[1];
  const day = +m[2];
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

function monthDay(value: string): { month: number; day: number } {
  const m = MONTH_DAY.exec(value)!;
  return { month: +m[1], day: +m[2] };
}

/**
 * The window's cycle of `year`: opens at 00:00 of `opens` and closes at the end of `closes` (00:00
 * the day after) in the tenant's zone. A `closes` earlier in the year than `opens` is in the next
 * year, so a second half can run from 12-20 into January.
 */
export function occurrence(window: ScheduleWindow, year: number, timeZone: string, leadDays: number): WindowOccurrence {
  const o = monthDay(window.opens);
  const c = monthDay(window.closes);
  const closesYear = c.month * 100 + c.day < o.month * 100 + o.day ? year + 1 : year;
  const opensAt = zonedInstant({ year, month: o.month, day: o.day }, timeZone);
  // Day after `closes`, 00:00: Date.UTC normalises day 32 into the next month.
  const after = new Date(Date.UTC(closesYear, c.month - 1, c.day + 1));
  const closesAt = zonedInstant(
    { year: after.getUTCFullYear(), month: after.getUTCMonth() + 1, day: after.getUTCDate() },
    timeZone,
  );
  return { year, half: window.half, opensAt, closesAt, createAt: new Date(opensAt.getTime() - leadDays * 86_400_000) };
}

/**
 * The occurrences still to come or running at `now`, earliest first: the one or two the schedule
 * must have created by now (createAt passed) and the next ones to queue a creation job for.
 */
export function upcoming(windows: ScheduleWindow[], now: Date, timeZone: string, leadDays: number): WindowOccurrence[] {
  const nowYear = now.getUTCFullYear();
  const all: WindowOccurrence[] = [];
  for (const year of [nowYear - 1, nowYear, nowYear + 1, nowYear + 2]) {
    for (const w of windows) all.push(occurrence(w, year, timeZone, leadDays));
  }
  return all.filter((o) => o.closesAt > now).sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime());
}

/** What a schedule's windows must satisfy; a message per problem, empty when fine. */
export function windowProblems(windows: ScheduleWindow[]): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  windows.forEach((w, i) => {
    if (!isMonthDay(w.opens))
      problems.push({ field: `windows.${i}.opens`, message: '必须是 MM-DD 格式的日期（不能是 02-29）' });
    if (!isMonthDay(w.closes))
      problems.push({ field: `windows.${i}.closes`, message: '必须是 MM-DD 格式的日期（不能是 02-29）' });
    if (w.opens === w.closes) problems.push({ field: `windows.${i}.closes`, message: '关闭日期不能与开启日期相同' });
  });
  const halves = windows.map((w) => w.half);
  if (new Set(halves).size !== halves.length)
    problems.push({ field: 'windows', message: '每个半年只能有一个时间窗口' });
  return problems;
}
