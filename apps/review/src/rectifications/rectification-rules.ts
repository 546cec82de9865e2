import type {
  FieldError,
  RectificationItemInput,
  RectificationStatus,
  UnitFulfilmentView,
  UnitWorthView,
} from '@cadre/contracts';
import { OPINION_SHAPE, WORTH_RULE } from '@cadre/contracts';

/**
 * When a rectification item's deadline has passed: the end of that day in China (UTC+8, no daylight
 * saving), as an instant — the rule checklists applies to a task's deadline. An item due 2026-09-30
 * is overdue from 2026-10-01 00:00 Beijing time.
 */
export function overdueAt(deadline: string): Date {
  return new Date(new Date(`${deadline}T00:00:00+08:00`).getTime() + 24 * 3600_000);
}

/** Whether the item is overdue at `now`: its deadline has passed and it is not done. */
export function isOverdue(item: { deadline: string; status: RectificationStatus }, now: Date): boolean {
  return item.status !== 'done' && overdueAt(item.deadline).getTime() <= now.getTime();
}

/** Today in China (UTC+8) as YYYY-MM-DD: the day an item is marked overdue or done on. */
export function chinaDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Whether progress may move an item from `from` to `to`: an open item may start or be done, an item
 * in progress may get more progress or be done; a done item is closed.
 */
export function canProgress(from: RectificationStatus, to: Exclude<RectificationStatus, 'open'>): boolean {
  if (from === 'done') return false;
  return to === 'done' || to === 'in_progress';
}

export const STATUS_NAMES: Record<RectificationStatus, string> = {
  open: '未开始',
  in_progress: '整改中',
  done: '已完成',
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day YYYY-MM-DD of years 2000–2100. */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && year <= 2100 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * The problems of an opinion's text and items, each naming its field (the gateway checks the shape;
 * review checks again what it stores). Titles must differ within one opinion: two items of the same
 * title could not be told apart in a notification.
 */
export function opinionProblems(summary: string, items: RectificationItemInput[]): FieldError[] {
  const problems: FieldError[] = [];
  if (typeof summary !== 'string' || summary.trim().length === 0 || summary.length > OPINION_SHAPE.maxSummaryLength)
    problems.push({ field: 'summary', message: `需要 1 至 ${OPINION_SHAPE.maxSummaryLength} 个字符的意见` });
  if (!Array.isArray(items) || items.length > OPINION_SHAPE.maxItems) {
    problems.push({ field: 'items', message: `至多 ${OPINION_SHAPE.maxItems} 项整改事项` });
    return problems;
  }
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const title = typeof item?.title === 'string' ? item.title.trim() : '';
    if (title.length === 0 || title.length > OPINION_SHAPE.maxTitleLength)
      problems.push({ field: `items[${i}].title`, message: `需要 1 至 ${OPINION_SHAPE.maxTitleLength} 个字符` });
    else if (seen.has(title)) problems.push({ field: `items[${i}].title`, message: '与前面的整改事项重复' });
    seen.add(title);
    if (typeof item?.deadline !== 'string' || !isCalendarDay(item.deadline))
      problems.push({ field: `items[${i}].deadline`, message: '必须是日期 YYYY-MM-DD' });
  });
  return problems;
}

/**
 * 含金量 cross-check: for each unit with a shown bottom-up score, its reported completion — the mean of
 * its cadres' task completion (0..100, as 0..1) and responsibility fulfilment (0..1), either alone when
 * the other is missing — beside where its bottom-up score stands. A unit is in the bottom quarter when
 * its score is at or below the score at position ceil(n × 0.25) from the lowest of the n shown
 * bottom-up scores (ties with it are in too), n ≥ WORTH_RULE.minUnits; it is flagged when, besides,
 * its reported completion is at least WORTH_RULE.highCompletion.
 */
export function worthOf(
  bottomUp: Array<{ unitId: string; bottomUp: number | null }>,
  fulfilment: UnitFulfilmentView[],
): Map<string, UnitWorthView> {
  const scores = bottomUp.filter((u): u is { unitId: string; bottomUp: number } => u.bottomUp !== null);
  const sorted = scores.map((u) => u.bottomUp).sort((a, b) => a - b);
  const cut =
    sorted.length >= WORTH_RULE.minUnits ? sorted[Math.ceil(sorted.length * WORTH_RULE.bottomShare) - 1] : null;
  const byUnit = new Map(fulfilment.map((f) => [f.unitId, f]));
  const out = new Map<string, UnitWorthView>();
  for (const u of bottomUp) {
    const f = byUnit.get(u.unitId);
    const parts = [f?.taskCompletion == null ? null : f.taskCompletion / 100, f?.responsibilityFulfilment ?? null];
    const present = parts.filter((p): p is number => p !== null);
    const reported =
      present.length === 0 ? null : Math.round((10_000 * present.reduce((a, b) => a + b, 0)) / present.length) / 10_000;
    const bottomQuarter = cut !== null && u.bottomUp !== null && u.bottomUp <= cut;
    out.set(u.unitId, {
      cadres: f?.cadres ?? 0,
      taskCompletion: f?.taskCompletion ?? null,
      responsibilityFulfilment: f?.responsibilityFulfilment ?? null,
      reportedCompletion: reported,
      bottomQuarter,
      flagged: bottomQuarter && reported !== null && reported >= WORTH_RULE.highCompletion,
    });
  }
  return out;
}
